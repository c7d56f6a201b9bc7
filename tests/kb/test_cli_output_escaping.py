"""Terminal escape sequences in practice files never reach the terminal (issue 14, point 12).

A YAML value or a file name holding ESC [2K, CR or a C1 control could erase a line and draw a
fake "0 errors" summary; the kb commands print such characters as visible escapes (\\x1b).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb.cli import main
from kb.terminal import printable

REPO = Path(__file__).resolve().parents[2]
VALID = REPO / "tests" / "data" / "validation" / "valid-practice.md"
#: What must never be printed raw: C0 controls but newline, DEL, C1 controls, bidi controls.
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FAKE = "\\e[2K\\r1 file checked: 1 valid, 0 errors"


@pytest.mark.parametrize("text, shown", [
    ("\x1b[2K", "\\x1b[2K"), ("a\rb", "a\\rb"), ("\x9b31m", "\\x9b31m"), ("x\u202ey", "x\\u202ey"),
    ("\x7f", "\\x7f"), ("tab\there", "tab\\there"), ("ok é 日本", "ok é 日本"),
])
def test_printable_escapes_control_and_bidi_characters_only(text, shown):
    assert printable(text) == shown


def test_printable_keeps_newlines_when_asked():
    assert printable("one\ntwo\x1b", keep_newlines=True) == "one\ntwo\\x1b"
    assert printable("one\ntwo") == "one\\ntwo"


def test_validate_prints_an_escape_sequence_in_a_yaml_value_as_visible_text(runner, tmp_path):
    text = VALID.read_text(encoding="utf-8").replace("topics: [youth, family-support]", f'topics: ["{FAKE}"]')
    path = tmp_path / "valid-practice.md"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["validate", "--no-language-check", str(path)])
    assert RAW.search(result.output) is None
    assert 'unknown topic "\\x1b[2K\\r1 file checked: 1 valid, 0 errors"' in result.output
    assert result.output.strip().splitlines()[-1] == "1 file checked: 0 valid, 3 errors, 0 warnings"


def test_validate_prints_an_escape_sequence_in_a_file_name_as_visible_text(runner, tmp_path):
    path = tmp_path / "evil\x1b[2K.md"
    path.write_text("not front matter\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert RAW.search(result.output) is None and "evil\\x1b[2K.md:1:1: error:" in result.output


def test_validate_json_escapes_c1_and_bidi_characters_too(runner, tmp_path):
    text = VALID.read_text(encoding="utf-8").replace("topics: [youth, family-support]",
                                                     'topics: ["\\u009b2K\\u202eabc"]')
    path = tmp_path / "valid-practice.md"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["validate", "--format", "json", "--no-language-check", str(path)])
    assert RAW.search(result.output) is None
    messages = [p["message"] for p in json.loads(result.output)["problems"]]
    assert any("\x9b2K\u202eabc" in m for m in messages)  # the data itself is intact


def test_show_prints_a_bidi_override_of_the_body_as_visible_text(runner, tmp_path):
    folder = tmp_path / "chicago"
    folder.mkdir()
    text = VALID.read_text(encoding="utf-8").rstrip("\n") + "\n\nAsk for the \u202ecarers\u202c desk.\n"
    (folder / "valid-practice.md").write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["show", "valid-practice", "--content", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert RAW.search(result.output) is None and "Ask for the \\u202ecarers\\u202c desk." in result.output
