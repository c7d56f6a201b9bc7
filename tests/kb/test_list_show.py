"""`kb list` and `kb show`: a quick look at the valid practices."""
from __future__ import annotations

import json

from kb.cli import main

CORPUS = "tests/data/corpus"
IDS = ["domestic-violence-shelter-fixture", "needle-exchange-fixture", "spritzentausch-fixture",
       "custodi-sociali-fixture", "hebergement-urgence-fixture"]


def test_list_prints_one_line_per_valid_practice(runner):
    result = runner.invoke(main, ["list", "--content", CORPUS])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == IDS
    assert lines[2].split()[1:3] == ["hamburg", "de"]
    assert lines[2].endswith("Spritzentausch und Kontaktladen für Drogengebrauchende")


def test_list_json_gives_id_city_language_topics_title(runner):
    result = runner.invoke(main, ["list", "--content", CORPUS, "--json"])
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == IDS
    assert rows[3] == {"id": "custodi-sociali-fixture", "title": "Custodi sociali per anziani soli",
                       "city": "milan", "language": "it", "topics": ["elderly-care", "social-isolation"]}


def test_list_leaves_out_files_with_errors_and_says_so(runner, corpus_copy):
    (corpus_copy / "paris" / "broken.md").write_text("---\nid: broken\n---\nbody\n", encoding="utf-8")
    result = runner.invoke(main, ["list", "--content", str(corpus_copy), "--json"])
    assert [row["id"] for row in json.loads(result.stdout)] == IDS
    assert f"warning: 1 file(s) with errors left out; run `kb validate {corpus_copy}`" in result.stderr


def test_list_of_an_empty_folder_prints_nothing(runner, tmp_path):
    result = runner.invoke(main, ["list", "--content", str(tmp_path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_show_prints_title_city_summary_and_body(runner):
    result = runner.invoke(main, ["show", "spritzentausch-fixture", "--content", CORPUS])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Spritzentausch und Kontaktladen für Drogengebrauchende"
    assert lines[1] == "Hamburg · de · harm-reduction, substance-use · promising · active"
    assert "## Ausgangslage" in result.stdout


def test_show_json_gives_front_matter_and_body(runner):
    result = runner.invoke(main, ["show", "needle-exchange-fixture", "--content", CORPUS, "--json"])
    data = json.loads(result.stdout)
    assert data["id"] == "needle-exchange-fixture"
    assert data["adapted_from"] == [{"practice": "spritzentausch-fixture", "year": 2015, "note": "contact-shop model"}]
    assert data["body"].lstrip().startswith("## Context")


def test_show_unknown_id_suggests_a_close_one_and_fails(runner):
    result = runner.invoke(main, ["show", "spritzentausch", "--content", CORPUS])
    assert result.exit_code == 1
    assert 'no practice "spritzentausch" (did you mean "spritzentausch-fixture"?); see `kb list`' in result.output


def test_show_unknown_id_without_a_close_one_fails_without_a_suggestion(runner):
    result = runner.invoke(main, ["show", "zzzz", "--content", CORPUS])
    assert result.exit_code == 1
    assert 'no practice "zzzz"; see `kb list`' in result.output
