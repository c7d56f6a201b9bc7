"""`kb abstracts`: which practices a reader of each language can read, and `--missing` for CI."""
from __future__ import annotations

import json

import pytest

from kb.cli import main

CORPUS = "tests/data/corpus"  # 5 practices: de, en, en, fr, it; no abstracts


def _add_abstracts(path, block: str) -> None:
    """Append an abstracts block at the end of the front matter of ``path``."""
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    path.write_text(text[:end] + "\nabstracts:\n" + block.rstrip("\n") + text[end:], encoding="utf-8")


FR_ES = """  fr:
    title: "Échange de seringues et lieu d'accueil pour usagers de drogues"
    summary: "Un lieu d'accueil à bas seuil propose des seringues stériles, des conseils et des soins médicaux de base."
  es:
    title: "TODO: the title in Spanish"
    summary: "TODO: the summary in Spanish, translated faithfully, adding nothing"
"""


@pytest.fixture
def hamburg_with_french(corpus_copy):
    """The fixture corpus; the German practice has a French abstract and a Spanish placeholder."""
    _add_abstracts(corpus_copy / "hamburg" / "spritzentausch-fixture.md", FR_ES)
    return corpus_copy


def _run(runner, content, *args):
    return runner.invoke(main, ["abstracts", "--content", str(content), *args])


def test_missing_lists_each_practice_lacking_an_abstract_with_its_languages(runner, hamburg_with_french):
    result = _run(runner, hamburg_with_french, "--missing", "--language", "fr")
    assert result.stdout.splitlines() == [
        f"{hamburg_with_french}/chicago/domestic-violence-shelter-fixture.md: no abstract in fr",
        f"{hamburg_with_french}/chicago/needle-exchange-fixture.md: no abstract in fr",
        f"{hamburg_with_french}/milan/custodi-sociali-fixture.md: no abstract in fr",
    ]


def test_missing_exits_1_when_a_practice_lacks_an_abstract(runner, hamburg_with_french):
    result = _run(runner, hamburg_with_french, "--missing", "--language", "fr")
    assert result.exit_code == 1
    assert "3 of 5 practices lack an abstract in fr" in result.stderr


def test_missing_exits_0_when_every_practice_can_be_read_in_the_language(runner, hamburg_with_french):
    for path in ("chicago/domestic-violence-shelter-fixture.md", "chicago/needle-exchange-fixture.md",
                 "milan/custodi-sociali-fixture.md", "paris/hebergement-urgence-fixture.md"):
        _add_abstracts(hamburg_with_french / path, "  de:\n    title: Ein Titel auf Deutsch\n"
                       "    summary: Eine Zusammenfassung auf Deutsch, treu übersetzt.\n")
    result = _run(runner, hamburg_with_french, "--missing", "--language", "de")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "all 5 practices have a title and summary in de" in result.stderr


def test_a_placeholder_abstract_counts_as_missing(runner, hamburg_with_french):
    result = _run(runner, hamburg_with_french, "--missing", "--language", "es")
    assert f"{hamburg_with_french}/hamburg/spritzentausch-fixture.md: no abstract in es" in result.stdout.splitlines()


def test_missing_checks_english_french_german_and_spanish_by_default(runner, hamburg_with_french):
    result = _run(runner, hamburg_with_french, "--missing")
    assert f"{hamburg_with_french}/hamburg/spritzentausch-fixture.md: no abstract in en, es" in result.stdout
    assert f"{hamburg_with_french}/paris/hebergement-urgence-fixture.md: no abstract in en, de, es" in result.stdout
    assert "5 of 5 practices lack an abstract in en, fr, de, es" in result.stderr


def test_missing_json_names_id_path_language_and_missing_languages(runner, hamburg_with_french):
    result = _run(runner, hamburg_with_french, "--missing", "--language", "fr", "--language", "es", "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert (report["practices"], report["languages"], report["coverage"]) == (5, ["fr", "es"], {"fr": 2, "es": 0})
    assert report["missing"][2] == {"id": "spritzentausch-fixture", "language": "de", "missing": ["es"],
                                    "path": f"{hamburg_with_french}/hamburg/spritzentausch-fixture.md"}


def test_without_missing_it_prints_coverage_per_language_and_exits_0(runner, hamburg_with_french):
    result = _run(runner, hamburg_with_french)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["en  2/5  English", "fr  2/5  French", "de  1/5  German",
                                          "es  0/5  Spanish"]


def test_an_unknown_language_option_is_refused(runner):
    result = _run(runner, CORPUS, "--missing", "--language", "xx")
    assert result.exit_code == 2
    assert "xx" in result.output


def test_files_with_errors_are_left_out_and_said_so(runner, corpus_copy):
    (corpus_copy / "paris" / "broken.md").write_text("---\nid: broken\n---\nbody\n", encoding="utf-8")
    result = _run(runner, corpus_copy, "--missing")
    assert "warning: 1 file(s) with errors left out" in result.stderr
    assert "broken.md" not in result.stdout


def test_a_content_folder_that_does_not_exist_is_a_usage_error(runner):
    result = _run(runner, "tests/data/no-such-folder", "--missing")
    assert result.exit_code == 2
    assert "tests/data/no-such-folder: no such folder; give the practices folder with --content" in result.stderr


def test_an_empty_folder_is_not_reported_as_every_practice_covered(runner, tmp_path):
    result = _run(runner, tmp_path)
    assert "all 0 practices" not in result.stderr
    assert f"no practice file in {tmp_path}" in result.stderr


def test_missing_exits_1_when_the_folder_holds_no_practice(runner, tmp_path):
    result = _run(runner, tmp_path, "--missing")
    assert result.exit_code == 1
    assert f"nothing to check: no practice file in {tmp_path}" in result.stderr


def test_missing_exits_1_when_every_practice_file_has_errors(runner, tmp_path):
    (tmp_path / "broken.md").write_text("---\nid: broken\n---\nbody\n", encoding="utf-8")
    result = _run(runner, tmp_path, "--missing")
    assert result.exit_code == 1
    assert "all 0 practices" not in result.stderr
    assert (f"nothing to check: the 1 practice file in {tmp_path} has errors; "
            f"run `kb validate {tmp_path}`") in result.stderr
