"""Characters that mislead the eye or the terminal: control characters, bidi controls and
zero-width characters.

- In the body, a control character (ESC, BEL, backspace, DEL, the C1 range) is an error: it
  is invisible in most editors, and printed by ``kb show`` it could rewrite a terminal.
  A bidi control is a warning: Arabic or Hebrew text copied from a word processor may carry
  one, and on a page its effect stops at the end of the paragraph.
- In the front matter, where one-line values (ids, titles, terms) are shown in lists, cards
  and the terminal, a bidi control (U+202A–U+202E, U+2066–U+2069) is an error: "‮evil" can
  read as "live". So is a zero-width character (U+200B, U+2060, U+FEFF, …), which makes two
  values that look the same differ. Zero-width joiners (U+200C, U+200D) are accepted inside
  a word of a script that needs them (Persian, Urdu, Hindi: between two letters or marks
  beyond ASCII) and refused elsewhere. C0 controls of text fields are already refused by the
  model (kb/model.py); here the other fields (urls, emails) and the C1 range are covered.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from kb.load import Document

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u2060\ufeff\u180e\u2061\u2062\u2063\u2064"
JOINERS = "\u200c\u200d"
_C0 = "\x00-\x08\x0b\x0c\x0e-\x1f"
_BODY_CONTROL = re.compile(f"[{_C0}\x7f-\x9f]")
_BODY_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_FIELD_CHARACTER = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}{ZERO_WIDTH}{JOINERS}]")
#: Problems of one kind reported per body before the rest are counted in one line.
MAX_REPORTED = 10

#: The names of the control characters (ISO 6429), which unicodedata does not give.
CONTROL_NAMES = dict(enumerate((
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
    "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
    "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR", "UNIT SEPARATOR",
)))
CONTROL_NAMES[0x7f] = "DELETE"
CONTROL_NAMES.update(enumerate((
    "PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE", "INDEX",
    "NEXT LINE", "START OF SELECTED AREA", "END OF SELECTED AREA", "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION", "LINE TABULATION SET", "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD", "REVERSE LINE FEED", "SINGLE SHIFT TWO", "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING", "PRIVATE USE ONE", "PRIVATE USE TWO", "SET TRANSMIT STATE", "CANCEL CHARACTER",
    "MESSAGE WAITING", "START OF GUARDED AREA", "END OF GUARDED AREA", "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER", "SINGLE CHARACTER INTRODUCER", "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR", "OPERATING SYSTEM COMMAND", "PRIVACY MESSAGE", "APPLICATION PROGRAM COMMAND",
), start=0x80))


def describe(char: str) -> str:
    """``U+001B (ESCAPE)``: the code point and its name."""
    name = CONTROL_NAMES.get(ord(char)) or unicodedata.name(char, "unnamed")
    return f"U+{ord(char):04X} ({name})"


def _strings(value, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, loc + (i,))


def _in_a_word(text: str, i: int) -> bool:
    """A joiner between two letters or marks beyond ASCII, where Persian, Urdu or Hindi need one."""
    if i == 0 or i + 1 >= len(text):
        return False
    return all(ord(c) > 0x7f and unicodedata.category(c)[0] in "LM" for c in (text[i - 1], text[i + 1]))


def _first_misleading(text: str) -> tuple[str, str] | None:
    """(character, what it does) of the first misleading character of a one-line value."""
    for match in _FIELD_CHARACTER.finditer(text):
        char = match.group()
        if char in JOINERS and _in_a_word(text, match.start()):
            continue
        if char in BIDI_CONTROLS:
            return char, "changes the direction the text is shown in"
        if char in ZERO_WIDTH or char in JOINERS:
            return char, "makes the text differ from what you see"
        return char, "control"
    return None


def check_front_matter_characters(doc: Document) -> None:
    """An error for each front-matter value holding a control, bidi or zero-width character."""
    reported = {(p.line, p.col) for p in doc.problems if "control character" in p.message}
    for loc, text in _strings(doc.meta):
        found = _first_misleading(text)
        if found is None:
            continue
        char, effect = found
        name = ".".join(str(part) for part in loc)
        if effect == "control":
            if ord(char) < 0x20 and doc.parsed.where(loc) in reported:
                continue  # the model already said so for this text field
            doc.problem(loc, f"'{name}' contains the control character {describe(char)}; delete it", rule="characters")
        else:
            doc.problem(loc, f"'{name}' contains the invisible character {describe(char)}, which {effect}; "
                        "delete it", rule="characters")


def check_body_characters(doc: Document) -> None:
    """An error for each line of the body with a control character, a warning for a bidi control."""
    counts = {"error": 0, "warning": 0}
    for n, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        for pattern, level in ((_BODY_CONTROL, "error"), (_BODY_BIDI, "warning")):
            match = pattern.search(line)
            if match is None:
                continue
            counts[level] += 1
            if counts[level] > MAX_REPORTED:
                continue
            char = describe(match.group())
            if level == "error":
                message = (f"control character {char} in the body; it is invisible in most editors and can "
                           "rewrite a terminal: delete it")
            else:
                message = (f"invisible character {char} in the body changes the direction the text is shown "
                           "in; delete it unless you put it there on purpose")
            doc.problem_at(n, match.start() + 1, message, level=level, rule="characters")
    for level, count in counts.items():
        if count > MAX_REPORTED:
            kind = "control characters" if level == "error" else "bidi controls"
            doc.problem_at(doc.body_line, 1, f"{count - MAX_REPORTED} more lines of the body have {kind}",
                           level=level, rule="characters")
