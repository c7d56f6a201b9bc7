"""The common mistakes of hand-written YAML, each reported in plain words with the fixed line,
at the line and column of the mistake (fixtures: tests/data/validation/yaml)."""
from __future__ import annotations

from kb.load import load_text
from kb.parse import FrontMatterError, parse, parse_all
from pathlib import Path

import pytest

Y = "tests/data/validation/yaml"


def test_a_colon_in_an_unquoted_value_says_to_put_the_value_in_double_quotes(validate):
    run = validate(f"{Y}/colon-in-value.md")
    assert run.problems == [
        f"{Y}/colon-in-value.md:3:17: error: the value of 'title' contains a colon followed by a space (': '), "
        "which YAML reads as the start of another field; put the value in double quotes: "
        "title: \"Objectif : un repas et de l'aide pour les jeunes aidants\""
    ]
    assert run.exit_code == 1


def test_a_colon_in_a_nested_value_names_the_field_with_its_group(validate):
    run = validate(f"{Y}/colon-in-nested-value.md")
    assert run.problems == [
        f"{Y}/colon-in-nested-value.md:15:22: error: the value of 'contact.role' contains a colon followed by a "
        "space (': '), which YAML reads as the start of another field; put the value in double quotes: "
        "role: \"Coordination : centre de jeunesse\""
    ]


def test_a_colon_on_a_continuation_line_says_to_quote_or_fold_the_value(validate):
    run = validate(f"{Y}/colon-in-continued-value.md")
    assert run.problems == [
        f"{Y}/colon-in-continued-value.md:10:16: error: the value of 'summary' goes on over several lines and one "
        "of them holds a colon followed by a space (': '), which YAML reads as the start of another field; put "
        "the whole value in double quotes, or write 'summary: >-' and the text indented on the lines below"
    ]


def test_a_hash_inside_an_unquoted_value_warns_that_the_rest_of_the_line_is_dropped(validate):
    run = validate(f"{Y}/hash-in-value.md")
    assert run.problems == [
        f"{Y}/hash-in-value.md:14:34: warning: the value of 'organisation' stops at ' #': YAML reads the rest of "
        "the line as a comment, so 'organisation' is \"Centre de jeunesse\"; if '#2 du quartier' belongs to the "
        "text, put the value in double quotes: organisation: \"Centre de jeunesse #2 du quartier\""
    ]
    assert run.exit_code == 0


def test_a_value_that_starts_with_a_hash_is_an_error_not_an_empty_field(validate):
    run = validate(f"{Y}/hash-starts-value.md")
    # one message: not also "'organisation' must be text, not None"
    assert run.problems == [
        f"{Y}/hash-starts-value.md:14:15: error: the value of 'organisation' starts with '#', so YAML reads the "
        "whole value as a comment and 'organisation' is empty; put the value in double quotes: "
        "organisation: \"#2 Centre de jeunesse du quartier\""
    ]


def test_an_unclosed_quote_is_located_at_the_opening_quote(validate):
    run = validate(f"{Y}/unclosed-quote.md")
    assert run.problems == [
        f"{Y}/unclosed-quote.md:3:8: error: the double quote (\") that opens the value of 'title' is never "
        "closed; close it at the end of the value: title: \"Maraude de soirée pour les jeunes aidants\""
    ]


def test_an_apostrophe_inside_single_quotes_says_to_use_double_quotes(validate):
    run = validate(f"{Y}/quote-ends-early.md")
    assert run.problems == [
        f"{Y}/quote-ends-early.md:3:10: error: the value of 'title' starts with a single quote (') that ends "
        "before the text does; put the whole value in double quotes: "
        "title: \"L'accueil du soir pour les jeunes aidants\""
    ]


def test_a_value_starting_with_a_reserved_character_says_to_quote_it(validate):
    run = validate(f"{Y}/reserved-first-character.md")
    assert run.problems == [
        f"{Y}/reserved-first-character.md:14:15: error: a value that starts with '@' means something else in "
        "YAML; put the value of 'organisation' in double quotes: organisation: \"@Centre de jeunesse du quartier\""
    ]


def test_a_missing_space_after_the_colon_is_one_error_with_the_fixed_line(validate):
    run = validate(f"{Y}/no-space-after-colon.md")
    assert run.problems == [
        f"{Y}/no-space-after-colon.md:3:1: error: put a space after the colon of 'title': "
        "title: Maraude de soirée pour les jeunes aidants"
    ]


def test_a_missing_opening_fence_says_where_to_add_it_and_the_fields_are_still_checked(validate, tmp_path):
    run = validate(f"{Y}/missing-opening-fence.md")
    assert run.problems == [
        f"{Y}/missing-opening-fence.md:1:1: error: the front matter must start with a line '---': add '---' as "
        "the first line, above 'id: missing-opening-fence'"
    ]
    text = (Path(Y) / "missing-opening-fence.md").read_text(encoding="utf-8")
    path = tmp_path / "missing-opening-fence.md"
    path.write_text(text.replace("[youth, family-support]", "[youth, family-suport]"), encoding="utf-8")
    assert f'{path}:6:17: error: unknown topic "family-suport" (did you mean "family-support"?)' \
        in validate(str(path)).problems


def test_every_broken_value_of_a_file_is_reported_in_one_run_with_the_other_problems(validate):
    run = validate(f"{Y}/several-broken-values.md")
    f = f"{Y}/several-broken-values.md"
    assert [line.split(": error: ")[0] for line in run.problems] == [f"{f}:3:17", f"{f}:7:17", f"{f}:14:17", f"{f}:17:1"]
    assert "the value of 'title' contains a colon" in run.problems[0]
    assert 'unknown topic "family-suport"' in run.problems[1]
    assert "the value of 'organisation' starts with a single quote" in run.problems[2]
    assert "indented with a tab" in run.problems[3]
    assert not any("missing required field" in line for line in run.problems)


def test_a_file_whose_front_matter_was_read_field_by_field_is_never_servable():
    raw = (Path(Y) / "colon-in-nested-value.md").read_bytes()
    doc = load_text(raw, Path("paris/colon-in-nested-value.md"))
    assert doc.practice is None and not doc.ok
    assert doc.meta["title"] == "Maraude de soirée pour les jeunes aidants"  # the readable fields are kept


def test_parse_still_raises_the_first_problem_and_parse_all_collects_them_all():
    raw = (Path(Y) / "several-broken-values.md").read_bytes()
    with pytest.raises(FrontMatterError) as first:
        parse(raw)
    assert (first.value.line, first.value.col) == (3, 17)
    assert [(e.line, e.col) for e in parse_all(raw).errors] == [(3, 17), (14, 17), (17, 1)]


@pytest.mark.parametrize(("line", "field"), [
    ("title: Objectif : emploi", "title"),
    ("contact:\n  role: Coordination : équipe\n  email: a@example.org", "contact.role"),
    ("outcomes:\n  - outcome: Emploi : plus de jeunes\n    direction: improved", "outcomes.0.outcome"),
])
def test_a_yaml_error_names_the_field_it_is_in(line, field):
    raw = f"---\nid: x-y\n{line}\nstatus: active\n---\nbody\n".encode()
    doc = load_text(raw, Path("paris/x-y.md"))
    yaml_problems = [p for p in doc.problems if p.rule == "yaml"]
    assert len(yaml_problems) == 1
    assert yaml_problems[0].field == field
