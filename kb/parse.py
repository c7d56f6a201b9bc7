"""Split a practice file into front matter and body, keeping positions for messages.

Only YAML's safe subset is read: tags that construct Python objects are refused, and so
are anchors and aliases (committees never need them, and they make "billion laughs"
expansion possible).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

FENCE = "---"
MAX_FILE_BYTES = 256 * 1024


class FrontMatterError(ValueError):
    """A front matter that cannot be read; ``line``/``col`` are 1-based in the file."""

    def __init__(self, message: str, line: int = 1, col: int = 1, rule: str = "yaml"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.rule = rule


@dataclass
class Parsed:
    """A decoded file: its metadata, body and where things are."""

    metadata: dict
    body: str
    body_line: int  # 1-based line on which the body starts
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    notes: list[tuple[int, int, str]] = field(default_factory=list)  # (line, col, warning)

    def where(self, loc: tuple) -> tuple[int, int]:
        """Line and column of the key (or item) at ``loc``, else of its nearest parent."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))


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


def split(text: str) -> tuple[str, str, int]:
    """Front matter text, body text, and the 1-based line where the body starts."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise FrontMatterError(
            "file must start with front matter: a line '---', the YAML fields, and another '---'",
            1, 1, "frontmatter",
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() == FENCE:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    # Point at the opening fence: the end of the file says nothing about where '---' belongs.
    raise FrontMatterError(
        "front matter opened here is not closed: add a line '---' after the last field", 1, 1, "frontmatter"
    )


def parse(raw: bytes, max_bytes: int = MAX_FILE_BYTES) -> Parsed:
    """Decode and parse one practice file; raise :class:`FrontMatterError` when unreadable."""
    if len(raw) > max_bytes:
        raise FrontMatterError(
            f"file is {len(raw) // 1024} KiB, over the {max_bytes // 1024} KiB limit; shorten it or split it",
            1, 1, "size",
        )
    if not raw.strip():
        raise FrontMatterError("file is empty; start from `kb new`", 1, 1, "empty")
    text, notes = decode(raw)
    front, body, body_line = split(text)
    offset = 1  # front matter begins on line 2
    if "\t" in front:
        for n, line in enumerate(front.split("\n"), start=2):
            if "\t" in line:
                raise FrontMatterError(
                    "tab character in front matter; YAML needs spaces for indentation", n, line.index("\t") + 1, "yaml"
                )
    try:
        return _parse_front(front, body, body_line, notes, offset)
    except RecursionError:  # PyYAML recurses once per level: "[[[[…]]]]" a few thousand deep
        raise FrontMatterError("front matter is nested too deeply; use flat 'key: value' lines and short lists",
                               1, 1, "yaml") from None


def _parse_front(front: str, body: str, body_line: int, notes: list, offset: int) -> Parsed:
    node = _compose(front, offset)
    if node is None:
        raise FrontMatterError("front matter is empty; it needs the required fields (see `kb new`)", 1, 1, "frontmatter")
    if not isinstance(node, yaml.MappingNode):
        line, col = node.start_mark.line + 1 + offset, node.start_mark.column + 1
        raise FrontMatterError("front matter must be a set of 'key: value' lines", line, col, "yaml")
    positions: dict[tuple, tuple[int, int]] = {(): (1, 1)}
    _collect_positions(node, (), positions, offset)
    try:
        metadata = yaml.load(front, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        raise _located(exc, offset) from None
    return Parsed(metadata=metadata, body=body, body_line=body_line, positions=positions, notes=notes)


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that front matter does not accept (anchors, aliases)."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases, and keeps dates as dates."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                None, None, "YAML aliases (*name) are not allowed in front matter; write the value out",
                event.start_mark,
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _Refused(
                None, None, "YAML anchors (&name) are not allowed in front matter; write the value out",
                event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        # PyYAML raises a bare ValueError for 2026-13-01; turn it into a located error.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _compose(front: str, offset: int):
    try:
        return yaml.compose(front, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _located(exc, offset) from None


#: What PyYAML's parser contexts are, in words a committee member recognises.
_CONTEXTS = {
    "while parsing a flow sequence": "the [ ] list",
    "while parsing a flow mapping": "the { } group",
    "while scanning a quoted scalar": "the quoted text",
    "while parsing a block mapping": "the 'key: value' lines",
    "while parsing a block collection": "the '- ' list",
    "while scanning a simple key": "the key",
}


def _located(exc: yaml.YAMLError, offset: int) -> FrontMatterError:
    """A YAML error at the position where the parser stopped, naming where the construct began."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, _Refused):
        message = problem
    elif isinstance(exc, yaml.constructor.ConstructorError) and "not a real date" in problem:
        message = f"{problem}; write dates as YYYY-MM-DD"
    elif isinstance(exc, yaml.constructor.ConstructorError):
        message = f"YAML tag not allowed: {problem}; front matter takes plain values only"
    else:
        message = f"YAML syntax: {problem}"
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start is not None and start is not mark:
            what = _CONTEXTS.get(context, context.removeprefix("while parsing ").removeprefix("while scanning "))
            message += f" (in {what} that starts at line {start.line + 1 + offset}, column {start.column + 1})"
        elif context:
            message += f" ({context})"
    if mark is None:
        return FrontMatterError(message, 1 + offset, 1)
    return FrontMatterError(message, mark.line + 1 + offset, mark.column + 1)


def _twice(loc: tuple, key: str) -> str:
    """What to say about a key written twice: where it is, when it is inside a group."""
    if loc == ("abstracts",):
        return f"abstracts: language '{key}' appears twice; keep one abstract per language"
    if loc:
        return f"key '{key}' appears twice in {'.'.join(str(p) for p in loc)}; keep one"
    return f"key '{key}' appears twice; keep one"


def _collect_positions(node, loc: tuple, out: dict, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise FrontMatterError(
                    "a key must be a plain name, not a list or a group; write 'name: value'",
                    key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1, "yaml",
                )
            key = key_node.value
            if loc + (key,) in out:
                raise FrontMatterError(
                    _twice(loc, key),
                    key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1, "yaml",
                )
            out[loc + (key,)] = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            _collect_positions(value_node, loc + (key,), out, offset)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[loc + (i,)] = (item.start_mark.line + 1 + offset, item.start_mark.column + 1)
            _collect_positions(item, loc + (i,), out, offset)
