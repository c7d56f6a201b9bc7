"""Split a practice file into front matter and body, keeping positions for messages.

Only YAML's safe subset is read: tags that construct Python objects are refused, and so
are anchors and aliases (committees never need them, and they make "billion laughs"
expansion possible).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from kb import yaml_fast
from kb.files import too_big
from kb.yaml_advice import CONTEXTS, KEY_LINE, comment_after_value, explain, field_of, not_a_field, tab_problems

FENCE = "---"
MAX_FILE_BYTES = 256 * 1024


class FrontMatterError(ValueError):
    """A front matter that cannot be read; ``line``/``col`` are 1-based in the file."""

    def __init__(self, message: str, line: int = 1, col: int = 1, rule: str = "yaml", field: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.rule = rule
        self.field = field  # the dotted front-matter field it is in, when known


@dataclass
class Parsed:
    """A decoded file: its metadata, body and where things are.

    ``errors`` are the front-matter problems found while reading it, all of them where the
    YAML could be recovered line by line (:func:`parse_all`); ``metadata`` then holds the
    fields that could be read. ``explained`` are the fields those errors are about, so that
    the model does not report them a second time ("missing required field").
    """

    metadata: dict
    body: str
    body_line: int  # 1-based line on which the body starts
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    notes: list[tuple[int, int, str]] = field(default_factory=list)  # (line, col, warning)
    errors: list[FrontMatterError] = field(default_factory=list)
    warnings: list[FrontMatterError] = field(default_factory=list)
    explained: set[tuple] = field(default_factory=set)

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


@dataclass
class Split:
    """Where the front matter and the body of a text are; ``errors`` for a missing fence."""

    front: str
    body: str
    front_line: int  # 1-based line of the first front-matter line
    body_line: int
    errors: list[FrontMatterError] = field(default_factory=list)


def split(text: str) -> tuple[str, str, int]:
    """Front matter text, body text, and the 1-based line where the body starts."""
    found = split_recovering(text)
    if found.errors:
        raise found.errors[0]
    return found.front, found.body, found.body_line


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


#: The name at the start of a top-level field's first line, even when the colon lacks its space.
_KEY_START = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_.-]*):")
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


def parse(raw: bytes, max_bytes: int = MAX_FILE_BYTES) -> Parsed:
    """Decode and parse one practice file; raise :class:`FrontMatterError` when unreadable."""
    parsed = parse_all(raw, max_bytes)
    if parsed.errors:
        raise parsed.errors[0]
    return parsed


def parse_all(raw: bytes, max_bytes: int = MAX_FILE_BYTES) -> Parsed:
    """Decode and parse one practice file, collecting every front-matter problem.

    After a YAML error the front matter is read again one top-level field at a time, so
    that a second broken value is reported too and the fields that can be read are kept.

    Raises:
        FrontMatterError: the file cannot be read at all (size, encoding, no front matter).
    """
    if len(raw) > max_bytes:
        raise FrontMatterError(too_big(len(raw), max_bytes), 1, 1, "size")
    if not raw.strip():
        raise FrontMatterError("file is empty; start from `kb new`", 1, 1, "empty")
    text, notes = decode(raw)
    found = split_recovering(text)
    try:
        parsed = _parse_front(found.front, found.body, found.body_line, notes, found.front_line - 1)
    except RecursionError:  # PyYAML recurses once per level: "[[[[…]]]]" a few thousand deep
        raise FrontMatterError("front matter is nested too deeply; use flat 'key: value' lines and short lists",
                               1, 1, "yaml") from None
    parsed.errors[:0] = found.errors
    return parsed


def _parse_front(front: str, body: str, body_line: int, notes: list, offset: int) -> Parsed:
    lines = front.split("\n")
    whole: FrontMatterError | None = None
    if "\t" not in front:
        try:
            return _parse_whole(front, lines, body, body_line, notes, offset)
        except _Fatal:
            raise
        except FrontMatterError as exc:
            whole = exc
    parsed = Parsed(metadata={}, body=body, body_line=body_line, positions={(): (1, 1)}, notes=notes)
    for start, end in top_level_blocks(lines):
        _parse_block(lines[start:end], offset + start, parsed)
    if whole is not None and not parsed.errors:
        parsed.errors.append(whole)  # each field reads on its own, but not together
    return parsed


def _parse_whole(front: str, lines: list[str], body: str, body_line: int, notes: list, offset: int) -> Parsed:
    clean = _parse_clean(front, lines, body, body_line, notes, offset)
    if clean is not None:
        return clean
    node = _compose(front, lines, offset)
    if node is None:
        raise _Fatal("front matter is empty; it needs the required fields (see `kb new`)", 1, 1, "frontmatter")
    if not isinstance(node, yaml.MappingNode):
        line, col = node.start_mark.line + 1 + offset, node.start_mark.column + 1
        raise _Fatal("front matter must be a set of 'key: value' lines", line, col, "yaml")
    parsed = Parsed(metadata={}, body=body, body_line=body_line, positions={(): (1, 1)}, notes=notes)
    _collect_positions(node, (), parsed.positions, offset)
    # Before the values are constructed from the same nodes: a '<<' merge rewrites its mapping.
    # Should construction fail, ``parsed`` and the comments found are dropped together.
    _check_comments(node, (), lines, offset, parsed)
    parsed.metadata = _construct(node, lines, offset)
    return parsed


def _parse_clean(front: str, lines: list[str], body: str, body_line: int, notes: list,
                 offset: int) -> Parsed | None:
    """:func:`_parse_whole` by libyaml (:mod:`kb.yaml_fast`) for a front matter without any
    problem; None for any other, which the pure-Python path reads again and words its problems."""
    try:
        node = yaml_fast.compose(front)
    except yaml_fast.Unsure:
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    parsed = Parsed(metadata={}, body=body, body_line=body_line, positions={(): (1, 1)}, notes=notes)
    try:
        _collect_positions(node, (), parsed.positions, offset)
        _check_comments(node, (), lines, offset, parsed)
        if parsed.errors or parsed.warnings:
            return None
        parsed.metadata = _Constructor().construct_document(node)
    except Exception:  # whatever it is, the reference path below reports (or raises) it in its own words
        return None
    return parsed


class _Fatal(FrontMatterError):
    """A front matter that reading field by field cannot recover either."""


def load_block(text: str) -> tuple[str | None, object, bool]:
    """One top-level field's lines (see :func:`top_level_blocks`) read as kb reads them:
    ``(key, value, True)``, ``(None, None, True)`` for comments only, and
    ``(key or None, None, False)`` when they cannot be read."""
    head = _KEY_START.match(text)
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError:
        return (head.group(1) if head else None), None, False
    if data is None:
        return None, None, True
    if isinstance(data, dict) and len(data) == 1:
        key, value = next(iter(data.items()))
        return str(key), value, True
    return (head.group(1) if head else None), None, False


def top_level_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the top-level fields: a field runs from its ``key:`` line at
    the margin to the next one; indented lines, ``- `` items and comments continue it."""
    starts = [i for i, line in enumerate(lines) if line[:1] not in ("", " ", "\t", "#", "-")]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, starts[1:] + [len(lines)]))


def _parse_block(lines: list[str], offset: int, parsed: Parsed) -> None:
    """Read one top-level field into ``parsed``, or record why it cannot be read."""
    head = _KEY_START.match(lines[0])
    key = (head.group(1),) if head else None
    tabs = tab_problems(lines)
    if tabs:
        parsed.errors.extend(FrontMatterError(message, offset + 1 + i, col, "yaml", key[0] if key else "")
                             for i, col, message in tabs)
        _explained(parsed, key)
        return
    text = "\n".join(lines)
    # the '#' problems of this field, found before construction rewrites a '<<' merge's nodes
    comments = Parsed(metadata={}, body="", body_line=0)
    try:
        node = _compose(text, lines, offset)
        if node is None:
            return  # comments only
        if not isinstance(node, yaml.MappingNode):
            line, col = node.start_mark.line + 1 + offset, node.start_mark.column + 1
            raise FrontMatterError(not_a_field(lines, node.start_mark.line), line, col, "yaml", key[0] if key else "")
        positions = dict(parsed.positions)
        _collect_positions(node, (), positions, offset)
        _check_comments(node, (), lines, offset, comments)
        values = _construct(node, lines, offset)
    except FrontMatterError as exc:
        parsed.errors.append(exc)
        _explained(parsed, key)
        return
    parsed.positions = positions
    parsed.metadata.update(values)
    parsed.errors.extend(comments.errors)
    parsed.warnings.extend(comments.warnings)
    parsed.explained.update(comments.explained)


def _explained(parsed: Parsed, key: tuple | None) -> None:
    if key is not None:
        parsed.explained.add(key)


def _check_comments(node, loc: tuple, lines: list[str], offset: int, parsed: Parsed) -> None:
    """Report a ``#`` that cut an unquoted value short (see :func:`kb.yaml_advice.comment_after_value`)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            here = loc + (key_node.value,)
            if isinstance(value_node, yaml.ScalarNode):
                found = comment_after_value(value_node, lines, ".".join(str(part) for part in here))
                if found:
                    level, message, col = found
                    problem = FrontMatterError(message, value_node.end_mark.line + 1 + offset, col, "yaml",
                                               ".".join(str(part) for part in here))
                    (parsed.errors if level == "error" else parsed.warnings).append(problem)
                    if level == "error":
                        parsed.explained.add(here)
            else:
                _check_comments(value_node, here, lines, offset, parsed)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_comments(item, loc + (i,), lines, offset, parsed)


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that front matter does not accept (anchors, aliases)."""


class _Constructor(yaml.constructor.SafeConstructor):
    """SafeConstructor that keeps dates as dates and locates a date that does not exist."""

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        # PyYAML raises a bare ValueError for 2026-13-01; turn it into a located error.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark
            ) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
              _Constructor, yaml.resolver.Resolver):
    """SafeLoader (the pure-Python one, the reference) that refuses anchors and aliases, and
    keeps dates as dates."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Constructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

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


def _compose(text: str, lines: list[str], offset: int):
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _advised(exc, lines, offset) from None


def _construct(node: yaml.MappingNode, lines: list[str], offset: int) -> dict:
    """The values of a composed front matter (composing is the costly part: it is done once)."""
    try:
        return _Constructor().construct_document(node)
    except yaml.YAMLError as exc:
        raise _advised(exc, lines, offset) from None


def _advised(exc: yaml.YAMLError, lines: list[str], offset: int) -> FrontMatterError:
    """A located error for ``exc``: refused constructs as :func:`_located` words them, syntax
    errors with advice on what to type (:mod:`kb.yaml_advice`)."""
    if isinstance(exc, (_Refused, yaml.constructor.ConstructorError)):
        return _located(exc, offset)
    message, line, col = explain(exc, lines, offset + 1)
    return FrontMatterError(message, line, col, "yaml", field_of(exc, lines))


_CONTEXTS = CONTEXTS  # kb.thesaurus_file words its YAML errors with them too


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
