"""Find a practice file's front matter: bytes to text, then the YAML between the ``---`` fences.

A missing fence is reported where it belongs and the front matter is read all the same
(:func:`split_recovering`), so that one run reports every problem; :mod:`kb.parse` reads the
YAML found here. This module also holds :class:`FrontMatterError`, the located error that
every step of reading a front matter raises (here, in :mod:`kb.yaml_positions` and in
:mod:`kb.parse`), so that those modules need not import each other for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.yaml_advice import KEY_LINE

FENCE = "---"


class FrontMatterError(ValueError):
    """A front matter that cannot be read; ``line``/``col`` are 1-based in the file."""

    def __init__(self, message: str, line: int = 1, col: int = 1, rule: str = "yaml", field: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.rule = rule
        self.field = field  # the dotted front-matter field it is in, when known


def decode(raw: bytes) -> tuple[str, list[tuple[int, int, str]]]:
    """Bytes to text: UTF-8 only, no NUL bytes; a BOM and CRLF line ends are accepted."""
    notes: list[tuple[int, int, str]] = []
    if b"\x00" in raw:
        line, col = _position_of(raw, raw.index(b"\x00"))
        raise FrontMatterError("this is a binary file, not Markdown text (it contains NUL bytes)", line, col, "encoding")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        notes.append((1, 1, "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position_of(raw, exc.start)
        raise FrontMatterError(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line, col, "encoding"
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, notes


def _position_of(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


@dataclass
class Split:
    """Where the front matter and the body of a text are; ``errors`` for a missing fence."""

    front: str
    body: str
    front_line: int  # 1-based line of the first front-matter line
    body_line: int
    errors: list[FrontMatterError] = field(default_factory=list)


def split_recovering(text: str) -> Split:
    """Find the front matter, guessing where a missing ``---`` belongs.

    A missing opening fence above ``key: value`` lines, or a missing closing fence before
    the first Markdown heading, is reported where the fence belongs, and the front matter
    is read all the same so that its other problems are reported in the same run.

    Raises:
        FrontMatterError: no front matter can be found at all.
    """
    lines = text.split("\n")
    if lines[0].strip() != FENCE:
        closing = next((i for i, line in enumerate(lines) if line.rstrip() == FENCE), None)
        if KEY_LINE.match(lines[0]) and closing is not None and lines[0].strip():
            error = FrontMatterError(
                f"the front matter must start with a line '---': add '---' as the first line, above "
                f"'{lines[0].strip()[:40]}'", 1, 1, "frontmatter")
            return Split("\n".join(lines[:closing]), "\n".join(lines[closing + 1:]), 1, closing + 2, [error])
        raise FrontMatterError(
            "file must start with front matter: a line '---', the YAML fields, and another '---'",
            1, 1, "frontmatter",
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() == FENCE:
            return Split("\n".join(lines[1:i]), "\n".join(lines[i + 1:]), 2, i + 2)
    end = _front_matter_end(lines)
    if end is None:
        # Point at the opening fence: nothing says where '---' belongs.
        raise FrontMatterError(
            "front matter opened here is not closed: add a line '---' after the last field", 1, 1, "frontmatter"
        )
    last = end
    while last > 1 and not lines[last - 1].strip():
        last -= 1
    error = FrontMatterError(
        f"the front matter that starts on line 1 is not closed: add a line '---' after its last field "
        f"(line {last}), before this line", end + 1, 1, "frontmatter")
    return Split("\n".join(lines[1:end]), "\n".join(lines[end:]), 2, end + 1, [error])


#: A Markdown heading: the body has begun (YAML would read it as a comment).
_HEADING = re.compile(r"^#{1,6}[ \t]+\S")


def _front_matter_end(lines: list[str]) -> int | None:
    """Index of the first line that cannot be front matter (a heading, or prose at the margin)."""
    for i in range(1, len(lines)):
        line = lines[i]
        if _HEADING.match(line):
            return i
        if line and not line[0].isspace() and not line.startswith(("#", "-")) and not KEY_LINE.match(line):
            return i
    return None
