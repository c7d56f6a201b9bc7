"""Text that misleads the eye or the machine (issue 14, points 6, 12, 16 and 19): control
characters in the body, bidi overrides and zero-width characters in the front matter,
Markdown that takes the renderer seconds, and nesting deeper than the site shows."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VALID = REPO / "tests" / "data" / "validation" / "valid-practice.md"
END = 22  # the fixture's last line; tests append after a blank line, from line 24 on


def valid_text() -> str:
    text = VALID.read_text(encoding="utf-8").rstrip("\n")
    assert text.count("\n") + 1 == END
    return text


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "valid-practice.md"
    path.write_text(text, encoding="utf-8")
    return path


def with_body(tmp_path: Path, extra: str) -> Path:
    return write(tmp_path, f"{valid_text()}\n\n{extra}\n")


def with_field(tmp_path: Path, old: str, new: str) -> Path:
    text = valid_text()
    assert old in text
    return write(tmp_path, text.replace(old, new, 1) + "\n")


# --- point 12: control characters in the body ---------------------------------------------


@pytest.mark.parametrize("char, name", [("\x1b", "ESCAPE"), ("\x07", "BELL"), ("\x08", "BACKSPACE"),
                                        ("\x7f", "DELETE"), ("\x9b", "CONTROL SEQUENCE INTRODUCER")])
def test_a_control_character_in_the_body_is_an_error_naming_it(validate, tmp_path, char, name):
    path = with_body(tmp_path, f"Open every day{char}[2K 0 errors.")
    assert validate(str(path)).problems == [
        f"{path}:24:15: error: control character U+{ord(char):04X} ({name}) in the body; "
        "it is invisible in most editors and can rewrite a terminal: delete it"]


def test_tabs_in_the_body_are_fine(validate, tmp_path):
    assert validate(str(with_body(tmp_path, "Table:\tmorning\tevening"))).problems == []


def test_a_c1_control_in_a_front_matter_value_is_an_error(validate, tmp_path):
    path = with_field(tmp_path, "title: Evening drop-in for young carers",
                      'title: "Evening drop-in\\u009b2K for young carers"')
    assert validate(str(path)).problems == [
        f"{path}:3:1: error: 'title' contains the control character U+009B (CONTROL SEQUENCE INTRODUCER); delete it"]


# --- point 16: bidi overrides and zero-width characters -----------------------------------


@pytest.mark.parametrize("char, name", [
    ("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
    ("\u2066", "LEFT-TO-RIGHT ISOLATE"), ("\u2069", "POP DIRECTIONAL ISOLATE"),
])
def test_a_bidi_control_in_the_title_is_an_error_naming_it(validate, tmp_path, char, name):
    path = with_field(tmp_path, "title: Evening drop-in", f"title: Evening {char}drop-in")
    assert validate(str(path)).problems == [
        f"{path}:3:1: error: 'title' contains the invisible character U+{ord(char):04X} ({name}), which changes "
        "the direction the text is shown in; delete it"]


@pytest.mark.parametrize("char, name", [("\u200b", "ZERO WIDTH SPACE"), ("\u2060", "WORD JOINER"),
                                        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"), ("\u200d", "ZERO WIDTH JOINER")])
def test_a_zero_width_character_in_the_title_is_an_error_naming_it(validate, tmp_path, char, name):
    path = with_field(tmp_path, "title: Evening drop-in", f"title: Evening{char} drop-in")
    assert validate(str(path)).problems == [
        f"{path}:3:1: error: 'title' contains the invisible character U+{ord(char):04X} ({name}), which makes "
        "the text differ from what you see; delete it"]


def test_invisible_characters_are_found_in_lists_and_groups_too(validate, tmp_path):
    path = with_field(tmp_path, "target_population: [youth, carers]",
                      "target_population: [youth, carers]\nlocal_terms: [\"young\u202ecarers\"]\n"
                      "contact: {role: \"social\u200bworker\", email: team@example.org}")
    assert validate(str(path)).problems == [
        f"{path}:9:15: error: 'local_terms.0' contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), "
        "which changes the direction the text is shown in; delete it",
        f"{path}:10:11: error: 'contact.role' contains the invisible character U+200B (ZERO WIDTH SPACE), "
        "which makes the text differ from what you see; delete it"]


def test_a_joiner_inside_a_word_of_a_script_that_needs_it_is_accepted(validate, tmp_path):
    # Persian and Urdu write some words with a zero-width non-joiner; Hindi uses joiners in conjuncts
    path = with_field(tmp_path, "title: Evening drop-in for young carers",
                      "title: \"Evening drop-in for young carers (\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645)\"")
    assert [p for p in validate(str(path)).problems if "invisible" in p] == []


def test_a_bidi_override_in_the_body_is_a_warning(validate, tmp_path):
    path = with_body(tmp_path, "Ask for the \u202ecarers\u202c desk.")
    assert validate(str(path)).problems == [
        f"{path}:24:13: warning: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) in the body changes the "
        "direction the text is shown in; delete it unless you put it there on purpose"]


# --- point 6: Markdown that takes the renderer seconds ------------------------------------


@pytest.mark.parametrize("pattern", ["![", "[", "*a", "~~a", "`a"])
def test_a_body_of_repeated_markdown_punctuation_is_an_error(validate, tmp_path, pattern):
    path = with_body(tmp_path, pattern * (200_000 // len(pattern)))
    problems = validate(str(path), "--no-language-check").problems
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:24:1: error: this paragraph has ")
    assert problems[0].endswith("Markdown marks ([ ] ! * _ ~ ` < & \\); so many take the site seconds to show: "
                                "remove the stray ones, or put text that needs them in a code block")


def test_many_paragraphs_of_markdown_punctuation_are_an_error_too(validate, tmp_path):
    path = with_body(tmp_path, "\n\n".join(["![" * 400] * 120))
    problems = validate(str(path), "--no-language-check").problems
    assert len(problems) == 1 and ": error: the body has " in problems[0]


def test_a_long_body_of_ordinary_markdown_is_fine(validate, tmp_path):
    paragraph = ("A **social worker** visits each family, see [the leaflet](https://example.org/a_b) "
                 "and the `form` for *details*.")
    path = with_body(tmp_path, "\n\n".join([paragraph] * 1_500))
    assert validate(str(path), "--no-language-check").problems == []


# --- point 19: nesting deeper than the site shows ----------------------------------------


def test_quotes_nested_deeper_than_the_site_shows_are_a_warning(validate, tmp_path):
    path = with_body(tmp_path, ">" * 10_000 + " hidden text\n\nShown again.")
    assert validate(str(path)).problems == [
        f"{path}:24:1: warning: this text is nested deeper than the 20 levels the site shows (a quote counts "
        "one level, a list two), so it will not show: remove some '>' or some list indentation"]


def test_a_list_nested_300_levels_is_a_warning_at_the_first_hidden_item(validate, tmp_path):
    path = with_body(tmp_path, "\n".join("  " * i + f"- item {i}" for i in range(300)))
    problems = validate(str(path)).problems
    assert len(problems) == 1 and problems[0].startswith(f"{path}:33:19: warning: this text is nested deeper")


def test_marks_inside_a_code_block_cost_nothing_and_are_not_counted(validate, tmp_path):
    path = with_body(tmp_path, "```\n" + "![" * 5_000 + "\n```")
    assert validate(str(path), "--no-language-check").problems == []


def test_ordinary_nesting_is_fine(validate, tmp_path):
    path = with_body(tmp_path, "> quoted\n> > twice\n\n- a\n  - b\n    - c\n      > quote in a list")
    assert validate(str(path)).problems == []
