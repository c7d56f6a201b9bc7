"""Read a practice file into :class:`Parsed`: its metadata, body, and where every field is.

The entry points are :func:`parse` (the first problem raises) and :func:`parse_all` (every
front-matter problem collected). The file is decoded and split by :mod:`kb.front_matter`;
a front matter without any problem is read by libyaml (:mod:`kb.yaml_fast`), any other by
the pure-Python loader of :mod:`kb.yaml_positions`, whose messages are the ones users see.
After a YAML error the front matter is read again one top-level field at a time
(:func:`top_level_blocks`, :func:`load_block`), so that a second broken value is reported
too and the fields that can be read are kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from kb import yaml_fast, yaml_positions
from kb.files import too_big
from kb.front_matter import FrontMatterError, decode, split_recovering
from kb.yaml_advice import comment_after_value, not_a_field, tab_problems

MAX_FILE_BYTES = 256 * 1024


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


#: The name at the start of a top-level field's first line, even when the colon lacks its space.
_KEY_START = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_.-]*):")


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
    node = yaml_positions.compose(front, lines, offset)
    if node is None:
        raise _Fatal("front matter is empty; it needs the required fields (see `kb new`)", 1, 1, "frontmatter")
    if not isinstance(node, yaml.MappingNode):
        line, col = node.start_mark.line + 1 + offset, node.start_mark.column + 1
        raise _Fatal("front matter must be a set of 'key: value' lines", line, col, "yaml")
    parsed = Parsed(metadata={}, body=body, body_line=body_line, positions={(): (1, 1)}, notes=notes)
    yaml_positions.collect_positions(node, (), parsed.positions, offset)
    # Before the values are constructed from the same nodes: a '<<' merge rewrites its mapping.
    # Should construction fail, ``parsed`` and the comments found are dropped together.
    _check_comments(node, (), lines, offset, parsed)
    parsed.metadata = yaml_positions.construct(node, lines, offset)
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
        yaml_positions.collect_positions(node, (), parsed.positions, offset)
        _check_comments(node, (), lines, offset, parsed)
        if parsed.errors or parsed.warnings:
            return None
        parsed.metadata = yaml_positions.Constructor().construct_document(node)
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
        data = yaml.load(text, Loader=yaml_positions.Loader)  # noqa: S506 - it is a SafeLoader
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
        node = yaml_positions.compose(text, lines, offset)
        if node is None:
            return  # comments only
        if not isinstance(node, yaml.MappingNode):
            line, col = node.start_mark.line + 1 + offset, node.start_mark.column + 1
            raise FrontMatterError(not_a_field(lines, node.start_mark.line), line, col, "yaml", key[0] if key else "")
        positions = dict(parsed.positions)
        yaml_positions.collect_positions(node, (), positions, offset)
        _check_comments(node, (), lines, offset, comments)
        values = yaml_positions.construct(node, lines, offset)
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
