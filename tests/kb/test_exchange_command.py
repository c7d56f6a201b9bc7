"""`kb validate`, `kb new --exchange` and `kb schema --exchange` on exchange records."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from kb.cli import main
from kb.exchange_schema import EXCHANGE_SCHEMA_PATH, exchange_schema, exchange_schema_text

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def site_copy(tmp_path, monkeypatch) -> Path:
    """tmp/practices (the fixture corpus) and tmp/exchanges (its exchanges), the working directory."""
    shutil.copytree(REPO / "tests/data/corpus", tmp_path / "practices")
    shutil.copytree(REPO / "tests/data/exchanges", tmp_path / "exchanges")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KB_CONTENT_DIR", raising=False)
    monkeypatch.delenv("KB_EXCHANGES_DIR", raising=False)
    return tmp_path


# --- kb validate ---------------------------------------------------------------------------


def test_the_repository_corpus_and_its_exchanges_validate_without_errors(validate):
    run = validate("--no-language-check", "practices", "exchanges")
    assert run.errors == []
    assert run.exit_code == 0
    exchanges = sorted(p.name for p in (REPO / "exchanges").glob("*.md"))
    assert exchanges == ["2010-chicago-paris.md", "2012-chicago-paris.md", "2014-chicago-paris.md",
                         "2014-tri-city-exchange.md"]


def test_validate_without_paths_checks_the_practices_and_the_exchanges_beside_them(site_copy, validate):
    run = validate()
    assert run.every_problem == []
    assert run.summary.startswith("8 files checked: 8 valid, 0 errors")


def test_validate_without_an_exchange_folder_checks_the_practices_only(site_copy, validate):
    shutil.rmtree(site_copy / "exchanges")
    assert validate().summary.startswith("5 files checked: 5 valid")


def test_the_exchange_folder_can_be_configured(site_copy, validate, monkeypatch):
    (site_copy / "exchanges").rename(site_copy / "visits")
    monkeypatch.setenv("KB_EXCHANGES_DIR", "visits")
    run = validate()
    assert run.every_problem == []
    assert run.summary.startswith("8 files checked: 8 valid")


def test_one_exchange_file_is_checked_against_the_whole_content_folder(site_copy, validate):
    run = validate("exchanges/2018-hamburg-chicago-fixture.md")
    assert run.every_problem == []  # its previous exchange and the practices are found
    assert run.summary.startswith("1 file checked: 1 valid")


def test_a_practice_renamed_under_an_exchange_link_is_reported_on_the_exchange(site_copy, validate):
    old = site_copy / "practices/hamburg/spritzentausch-fixture.md"
    text = old.read_text(encoding="utf-8").replace("id: spritzentausch-fixture", "id: spritzentausch-hamburg")
    (old.parent / "spritzentausch-hamburg.md").write_text(text, encoding="utf-8")
    old.unlink()
    run = validate("exchanges")
    assert run.errors == ["exchanges/2015-hamburg-chicago-fixture.md:13:5: error: visited names "
                          "\"spritzentausch-fixture\", which is no practice (did you mean \"spritzentausch-hamburg\"?)"]


def test_files_directly_in_a_folder_named_exchanges_are_exchange_records(validate):
    run = validate("tests/data/corpus", "tests/data/exchanges")  # not the configured folders
    assert run.every_problem == []
    assert run.summary.startswith("8 files checked: 8 valid")


def test_json_report_counts_exchanges_with_the_practices(site_copy, validate_json):
    report, code = validate_json()
    assert (report["files"], report["valid"], code) == (8, 8, 0)


# --- kb new --exchange ---------------------------------------------------------------------


def _new(runner, *args: str, input: str | None = None):
    return runner.invoke(main, ["new", "--exchange", *args], input=input, catch_exceptions=False)


def test_new_exchange_writes_a_skeleton_that_validates_with_placeholder_warnings_only(site_copy, runner, validate):
    result = _new(runner, "--city", "chicago", "--title", "Youth justice study visit", "--year", "2016",
                  "--visiting", "birmingham", "--topic", "juvenile-justice")
    assert result.exit_code == 0, result.output
    path = site_copy / "exchanges/2016-youth-justice-study-visit.md"
    assert path.exists()
    run = validate(str(path.relative_to(site_copy)))
    assert run.errors == [] and run.problems
    assert all("placeholder TODO" in line for line in run.problems)


def test_new_exchange_asks_for_what_the_options_do_not_give(site_copy, runner):
    result = _new(runner, input="hamburg\nHarm reduction visit\n2019\nchicagoo\nchicago, paris\n")
    assert result.exit_code == 0, result.output
    assert 'unknown city "chicagoo" (did you mean "chicago"?)' in result.output
    text = (site_copy / "exchanges/2019-harm-reduction-visit.md").read_text(encoding="utf-8")
    assert "host_city: hamburg\n" in text and "visiting_cities: [chicago, paris]\n" in text


def test_new_exchange_puts_the_year_before_an_id_given_without_it(site_copy, runner):
    result = _new(runner, "--city", "paris", "--title", "Visite", "--year", "2020", "--visiting", "chicago",
                  "--id", "paris-chicago")
    assert result.exit_code == 0, result.output
    assert (site_copy / "exchanges/2020-paris-chicago.md").exists()


def test_new_exchange_refuses_an_id_of_another_year(site_copy, runner):
    result = _new(runner, "--city", "paris", "--title", "Visite", "--year", "2020", "--visiting", "chicago",
                  "--id", "2019-paris-chicago")
    assert result.exit_code == 2
    assert "starts with 2019, not with the year 2020" in result.output


def test_new_exchange_never_overwrites_a_file(site_copy, runner):
    args = ("--city", "hamburg", "--title", "Fixture", "--year", "2015", "--visiting", "chicago",
            "--id", "2015-hamburg-chicago-fixture")
    before = (site_copy / "exchanges/2015-hamburg-chicago-fixture.md").read_bytes()
    result = _new(runner, *args)
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert (site_copy / "exchanges/2015-hamburg-chicago-fixture.md").read_bytes() == before


# --- kb schema --exchange ------------------------------------------------------------------


def test_committed_exchange_schema_matches_the_model():
    committed = (REPO / EXCHANGE_SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == exchange_schema_text(), (
        f"{EXCHANGE_SCHEMA_PATH} is out of date with kb/exchange.py or the vocabularies: "
        f"run `kb schema --exchange -o {EXCHANGE_SCHEMA_PATH}` and commit the result")


def test_kb_schema_exchange_prints_the_exchange_schema(runner):
    result = runner.invoke(main, ["schema", "--exchange"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == exchange_schema()


def test_exchange_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(exchange_schema())


def _exchange_front_matters() -> list[tuple[str, dict]]:
    from kb.parse import parse

    paths = sorted((REPO / "exchanges").glob("*.md")) + sorted((REPO / "tests/data/exchanges").glob("*.md"))
    return [(p.name, json.loads(json.dumps(parse(p.read_bytes()).metadata, default=str))) for p in paths]


def test_every_exchange_record_validates_against_the_committed_schema():
    schema = json.loads((REPO / EXCHANGE_SCHEMA_PATH).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for name, data in _exchange_front_matters():
        assert [e.message for e in validator.iter_errors(data)] == [], name


@pytest.mark.parametrize(("field", "value"), [
    ("host_city", "chicgo"), ("visiting_cities", []), ("themes", ["harm-reducton"]), ("id", "chicago-paris"),
    ("unknown_field", "x"),
])
def test_exchange_schema_rejects_what_kb_validate_rejects(field, value):
    _, data = _exchange_front_matters()[0]
    validator = jsonschema.Draft202012Validator(exchange_schema())
    assert list(validator.iter_errors({**data, field: value})) != []
