"""Text from practice files made safe to print on a terminal.

A YAML value, a body or a file name can hold ESC, CR or a C1 control (U+009B is a one-byte
"ESC [" for some terminals): printed raw, ``\\e[2K\\r0 errors`` erases a line and draws a fake
summary. Bidi controls (U+202A–U+202E, U+2066–U+2069) can reverse a line. Each is printed as a
visible escape (``\\x1b``, ``\\u202e``) instead; everything else, any script, prints as is.
"""
from __future__ import annotations

import json
import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEP_NEWLINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` with control and bidi characters written as visible escapes (newlines and tabs
    kept if asked, for multi-line text such as a body)."""
    return (_UNSAFE_KEEP_NEWLINES if keep_newlines else _UNSAFE).sub(_visible, text)


def _json_escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_text(data, **options) -> str:
    """JSON for a terminal: as :func:`json.dumps` (non-ASCII kept), with DEL, C1 and bidi
    controls written as ``\\uXXXX`` too (json.dumps escapes only C0); the data is unchanged."""
    return _JSON_UNSAFE.sub(_json_escape, json.dumps(data, ensure_ascii=False, **options))
