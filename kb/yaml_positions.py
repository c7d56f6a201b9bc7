"""The pure-Python YAML loader that front matter is read with: located errors, positions kept.

Only YAML's safe subset is read: tags that construct Python objects are refused, and so
are anchors and aliases (committees never need them, and they make "billion laughs"
expansion possible); dates stay dates and a date that does not exist is located. This is
the reference reader (:mod:`kb.yaml_fast` gives way to it whenever it is unsure): every
error it raises becomes a :class:`~kb.front_matter.FrontMatterError` at the line and
column users see, and :func:`collect_positions` records where each key and list item is,
so that later checks can point at them. :mod:`kb.thesaurus_file` words its YAML errors
with :func:`located` too.
"""
from __future__ import annotations

import yaml

from kb.front_matter import FrontMatterError
from kb.yaml_advice import CONTEXTS, explain, field_of


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that front matter does not accept (anchors, aliases)."""


class Constructor(yaml.constructor.SafeConstructor):
    """SafeConstructor that keeps dates as dates and locates a date that does not exist."""

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        # PyYAML raises a bare ValueError for 2026-13-01; turn it into a located error.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark
            ) from None


Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)


class Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
             Constructor, yaml.resolver.Resolver):
    """SafeLoader (the pure-Python one, the reference) that refuses anchors and aliases, and
    keeps dates as dates."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        Constructor.__init__(self)
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


def compose(text: str, lines: list[str], offset: int):
    """The node tree of ``text`` (the YAML from line ``offset + 1`` of the file, split into ``lines``).

    Raises:
        FrontMatterError: the text is not YAML that front matter accepts, located in the file.
    """
    try:
        return yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as exc:
        raise _advised(exc, lines, offset) from None


def construct(node: yaml.MappingNode, lines: list[str], offset: int) -> dict:
    """The values of a composed front matter (composing is the costly part: it is done once)."""
    try:
        return Constructor().construct_document(node)
    except yaml.YAMLError as exc:
        raise _advised(exc, lines, offset) from None


def _advised(exc: yaml.YAMLError, lines: list[str], offset: int) -> FrontMatterError:
    """A located error for ``exc``: refused constructs as :func:`located` words them, syntax
    errors with advice on what to type (:mod:`kb.yaml_advice`)."""
    if isinstance(exc, (_Refused, yaml.constructor.ConstructorError)):
        return located(exc, offset)
    message, line, col = explain(exc, lines, offset + 1)
    return FrontMatterError(message, line, col, "yaml", field_of(exc, lines))


def located(exc: yaml.YAMLError, offset: int) -> FrontMatterError:
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
            what = CONTEXTS.get(context, context.removeprefix("while parsing ").removeprefix("while scanning "))
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


def collect_positions(node, loc: tuple, out: dict, offset: int) -> None:
    """Record in ``out`` the 1-based (line, col) in the file of every key and item under ``node``.

    Raises:
        FrontMatterError: a key that is not a plain name, or one written twice.
    """
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
            collect_positions(value_node, loc + (key,), out, offset)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[loc + (i,)] = (item.start_mark.line + 1 + offset, item.start_mark.column + 1)
            collect_positions(item, loc + (i,), out, offset)
