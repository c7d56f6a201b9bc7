"""Every validation rule of exchange records, each on its own fixture in tests/data/exchange-validation.

Each fixture breaks one rule and is otherwise valid, so each test asserts the complete list
of problems. Links to practices resolve against the fixture corpus (tests/data/corpus).
"""
from __future__ import annotations

import pytest

X = "tests/data/exchange-validation"  # tests run from the repository root (see conftest.py)
SERIES = f"{X}/series"


@pytest.fixture(autouse=True)
def _fixture_folders(monkeypatch):
    monkeypatch.setenv("KB_CONTENT_DIR", "tests/data/corpus")
    monkeypatch.setenv("KB_EXCHANGES_DIR", X)


def test_a_valid_exchange_has_no_problems(validate):
    run = validate(f"{X}/2016-valid-exchange.md")
    assert run.every_problem == []
    assert run.summary.startswith("1 file checked: 1 valid, 0 errors, 0 warnings")
    assert run.exit_code == 0


# --- reading the file and its structure ----------------------------------------------------


def test_broken_yaml_in_an_exchange_is_located_like_in_a_practice(validate):
    assert validate(f"{X}/2016-broken-yaml.md").problems == [
        f"{X}/2016-broken-yaml.md:10:13: error: the value of 'language' contains a colon followed by a space "
        "(': '), which YAML reads as the start of another field; put the value in double quotes: "
        'language: "en: oops"']


def test_missing_required_field_is_an_error(validate):
    run = validate(f"{X}/2016-missing-required-field.md")
    assert run.problems == [f"{X}/2016-missing-required-field.md:1:1: error: missing required field 'visiting_cities'"]
    assert run.exit_code == 1


def test_unknown_field_suggests_the_exchange_field_it_resembles(validate):
    assert validate(f"{X}/2016-unknown-field.md").problems == [
        f"{X}/2016-unknown-field.md:11:1: error: unknown field 'theme' (did you mean \"themes\"?)"]


def test_an_exchange_id_of_the_wrong_form_says_what_the_form_is(validate):
    assert validate(f"{X}/2016-previous-wrong-form.md").problems == [
        f"{X}/2016-previous-wrong-form.md:22:1: error: 'previous' has the wrong form (an exchange id is the "
        "year, a hyphen and a slug, e.g. '2014-chicago-paris'), got 'valid-exchange'"]


# --- file name, year and dates -------------------------------------------------------------


def test_id_must_equal_the_file_name(validate):
    assert validate(f"{X}/2016-id-not-file-name.md").problems == [
        f"{X}/2016-id-not-file-name.md:2:1: error: id \"2016-another-name\" must equal the file name "
        "\"2016-id-not-file-name\"; rename the file to 2016-another-name.md or change the id"]


def test_id_must_start_with_the_year(validate):
    assert validate(f"{X}/2016-id-year-disagrees.md").problems == [
        f"{X}/2016-id-year-disagrees.md:2:1: error: id \"2016-id-year-disagrees\" starts with 2016 but year "
        "is 2017; an exchange id begins with the year it took place (2017-…)"]


def test_start_date_must_fall_in_the_year(validate):
    assert validate(f"{X}/2016-start-not-in-year.md").problems == [
        f"{X}/2016-start-not-in-year.md:5:1: error: start 2015-05-09 is not in 2016, the year of the exchange; "
        "correct the date or the year"]


def test_end_date_must_not_be_before_the_start(validate):
    assert validate(f"{X}/2016-end-before-start.md").problems == [
        f"{X}/2016-end-before-start.md:6:1: error: end 2016-05-01 is before start 2016-05-09"]


def test_review_date_in_the_future_is_an_error(validate):
    assert validate(f"{X}/2016-future-last-reviewed.md").problems == [
        f"{X}/2016-future-last-reviewed.md:23:1: error: last_reviewed 2099-01-01 is in the future"]


# --- cities, themes, language --------------------------------------------------------------


def test_unknown_host_city_suggests_the_nearest(validate):
    assert validate(f"{X}/2016-unknown-host-city.md").problems == [
        f"{X}/2016-unknown-host-city.md:7:1: error: unknown city \"hamburgg\" (did you mean \"hamburg\"?); "
        "cities are listed in kb/data/cities.yaml"]


def test_unknown_visiting_city_is_located_at_the_item(validate):
    assert validate(f"{X}/2016-unknown-visiting-city.md").problems == [
        f"{X}/2016-unknown-visiting-city.md:8:19: error: unknown city \"chicagoo\" (did you mean \"chicago\"?); "
        "cities are listed in kb/data/cities.yaml"]


def test_host_city_is_not_also_a_visiting_city(validate):
    assert validate(f"{X}/2016-host-also-visiting.md").problems == [
        f"{X}/2016-host-also-visiting.md:8:28: error: \"hamburg\" is the host city; list only the cities the "
        "delegations came from in visiting_cities"]


def test_a_visiting_city_is_listed_once(validate):
    assert validate(f"{X}/2016-visiting-city-twice.md").problems == [
        f"{X}/2016-visiting-city-twice.md:8:28: error: \"chicago\" is listed twice in visiting_cities; keep one"]


def test_themes_are_topics_of_the_vocabulary(validate):
    assert validate(f"{X}/2016-unknown-theme.md").problems == [
        f"{X}/2016-unknown-theme.md:11:10: error: unknown topic \"harm-reducton\" (did you mean \"harm-reduction\"?); "
        "themes are topics of kb/data/topics.yaml"]


def test_unknown_language_code_is_an_error(validate):
    assert validate(f"{X}/2016-unknown-language.md").problems == [
        f"{X}/2016-unknown-language.md:10:1: error: unknown language code \"xx\""]


# --- links to practices --------------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "line", "key", "named", "suggestion"), [
    ("2016-dangling-visited", 13, "visited", "spritzentausch-fixtur", "spritzentausch-fixture"),
    ("2016-dangling-outcome", 16, "outcomes", "needle-exchange", "needle-exchange-fixture"),
    ("2016-dangling-related", 19, "related", "hebergement-urgence", "hebergement-urgence-fixture"),
])
def test_a_link_to_no_practice_is_an_error_with_a_suggestion(validate, fixture, line, key, named, suggestion):
    run = validate(f"{X}/{fixture}.md")
    assert run.problems == [f"{X}/{fixture}.md:{line}:5: error: {key} names \"{named}\", which is no practice "
                            f"(did you mean \"{suggestion}\"?)"]
    assert run.exit_code == 1


def test_a_dangling_practice_link_does_not_keep_the_exchange_off_the_site():
    from pathlib import Path

    from kb.corpus import load_corpus
    from kb.exchange_load import load_exchanges

    practices = load_corpus([Path("tests/data/corpus")], check_language=False).documents
    (doc,) = load_exchanges([Path(f"{X}/2016-dangling-visited.md")], practices, check_language=False)
    assert doc.problems and doc.ok


def test_a_programme_visited_outside_the_host_city_is_a_warning(validate):
    run = validate(f"{X}/2016-visited-outside-host-city.md")
    assert run.problems == [
        f"{X}/2016-visited-outside-host-city.md:13:5: warning: visited names \"custodi-sociali-fixture\", a practice "
        "in Milan; the programmes visited are in the host city (Hamburg): move it to outcomes or related"]
    assert run.exit_code == 0


def test_what_was_taken_home_to_a_city_outside_the_exchange_is_a_warning(validate):
    assert validate(f"{X}/2016-outcome-outside-exchange.md").problems == [
        f"{X}/2016-outcome-outside-exchange.md:16:5: warning: outcomes names \"custodi-sociali-fixture\", a practice "
        "in Milan, which took no part in this exchange; what was taken home is recorded in a host or visiting city"]


# --- series: previous and next -------------------------------------------------------------


def test_a_series_written_on_both_sides_has_no_problems(validate):
    run = validate(f"{SERIES}/2015-series-first.md", f"{SERIES}/2016-series-second.md")
    assert run.every_problem == []


def test_next_naming_no_exchange_suggests_the_nearest_id(validate):
    assert validate(f"{SERIES}/2016-dangling-next.md").problems == [
        f"{SERIES}/2016-dangling-next.md:22:1: error: next names \"2017-series-thrid\", which is no exchange "
        "(did you mean \"2017-series-one-sided\"?)"]


def test_previous_naming_the_exchange_itself_is_an_error(validate):
    assert validate(f"{SERIES}/2016-previous-is-itself.md").problems == [
        f"{SERIES}/2016-previous-is-itself.md:22:1: error: previous names the exchange itself"]


def test_a_link_written_on_one_side_only_is_a_warning_naming_the_file_to_complete(validate):
    run = validate(f"{SERIES}/2017-series-one-sided.md")
    assert run.problems == [
        f"{SERIES}/2017-series-one-sided.md:20:1: warning: previous names \"2016-series-second\", but "
        f"{SERIES}/2016-series-second.md has no next; set its next to \"2017-series-one-sided\" too"]
    assert run.exit_code == 0


def test_a_series_running_backwards_in_time_is_an_error(validate):
    run = validate(f"{SERIES}/2014-series-backwards.md")
    assert run.errors == [
        f"{SERIES}/2014-series-backwards.md:20:1: error: next names \"2015-series-frist\", which is no exchange "
        "(did you mean \"2015-series-first\"?)",
        f"{SERIES}/2014-series-backwards.md:21:1: error: previous names \"2016-series-second\" (2016), which is "
        "later than this exchange (2014)",
    ]


def test_two_exchanges_with_one_id_report_the_second(validate):
    run = validate(f"{X}/duplicate-id")
    assert run.problems == [
        f"{X}/duplicate-id/second/2016-shared-id.md:2:1: error: duplicate id \"2016-shared-id\": also used by "
        f"{X}/duplicate-id/first/2016-shared-id.md"]


# --- body ----------------------------------------------------------------------------------


def test_empty_body_is_an_error_that_says_what_to_write(validate):
    assert validate(f"{X}/2016-empty-body.md").problems == [
        f"{X}/2016-empty-body.md:24:1: error: body is empty; write below the front matter what the record says "
        "about the exchange (see the section headings from `kb new --exchange`)"]


def test_raw_html_in_the_body_is_an_error_at_the_tag(validate):
    assert validate(f"{X}/2016-raw-html.md").problems == [
        f"{X}/2016-raw-html.md:27:68: error: raw HTML <b> is not allowed in the body and is shown as text; "
        "use Markdown instead"]


def test_placeholder_left_in_the_body_is_a_warning(validate):
    run = validate(f"{X}/2016-todo-placeholder.md")
    assert run.problems == [f"{X}/2016-todo-placeholder.md:27:1: warning: placeholder TODO left in the body; "
                            "write this section or remove its heading"]
    assert run.exit_code == 0


def test_every_fixture_but_the_valid_ones_shows_a_problem(validate):
    from pathlib import Path

    run = validate(X)
    reported = {line.split(":")[0] for line in run.every_problem}
    every = {str(p) for p in Path(X).rglob("*.md") if p.name != "README.md"}
    valid = {f"{X}/2016-valid-exchange.md", f"{SERIES}/2015-series-first.md", f"{SERIES}/2016-series-second.md",
             f"{X}/duplicate-id/first/2016-shared-id.md"}
    assert reported == every - valid
