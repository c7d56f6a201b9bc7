"""Compose YAML with libyaml's C parser where PyYAML has it: the same node tree, much sooner.

PyYAML's pure-Python scanner and parser were nearly all the time spent reading a practice
file: about 7 ms for the 4 kB front matter of a real practice, against under 0.5 ms with
libyaml's parser under PyYAML's own composer (the figures are in benchmarks/README.md,
"Reading files"). The C parser is used for the success path only. Whenever it is not sure
to give what the pure-Python reading gives (a syntax error, an anchor or an alias, text
where the two parsers are known to disagree), :func:`compose` raises :class:`Unsure` and
the caller reads the text again with the pure-Python loader, whose errors, lines and
columns are the ones users see. ``tests/kb/test_yaml_fast.py`` checks that both give the
same tree, positions included, on every fixture and practice file.
"""
from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator

import yaml

#: PyYAML was built with libyaml (the PyPI wheels are); without it every text takes the reference path.
LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))

_reference_only = contextvars.ContextVar("kb_yaml_reference_only", default=False)

#: Characters that libyaml and PyYAML's pure-Python scanner read differently: a byte-order mark
#: (libyaml skips one at the start of any line and counts it in columns, PyYAML does neither)
#: and tabs (PyYAML refuses some that libyaml takes as spaces, as in "key:<tab>value").
_DISAGREE = ("\ufeff", "\t")
#: A block scalar header with a comment right after it ("|#"): libyaml takes it, PyYAML refuses it.
_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")
#: A line break as PyYAML's reader counts lines.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class Unsure(Exception):
    """The fast path does not read this text; read it with the pure-Python loader."""


def enabled() -> bool:
    """Whether :func:`compose` may use libyaml here and now."""
    return LIBYAML and not _reference_only.get()


@contextlib.contextmanager
def reference_only() -> Iterator[None]:
    """Read YAML with the pure-Python loader only, in this thread or task, for the duration
    (the benchmarks measure both paths in one run; the tests compare them)."""
    token = _reference_only.set(True)
    try:
        yield
    finally:
        _reference_only.reset(token)


if LIBYAML:
    class _CComposer(yaml.composer.Composer, yaml.cyaml.CParser, yaml.resolver.Resolver):
        """PyYAML's composer and resolver over libyaml's parse events: the nodes, marks and
        tags the pure-Python loader makes, and a place to stop at anchors and aliases."""

        def __init__(self, text: str):
            yaml.cyaml.CParser.__init__(self, text)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)
            self.text = text
            self.flow_level = 0  # how many brackets or braces the node being composed is in
            self.length = len(text)
            self.end: yaml.Mark | None = None
            if text and not _BREAK.match(text, len(text) - 1):
                # libyaml ends a text without a final line break on the next line, column 0;
                # PyYAML right after its last character, where a block closed by the end is.
                breaks = list(_BREAK.finditer(text))
                column = len(text) - (breaks[-1].end() if breaks else 0)
                self.end = yaml.Mark("<unicode string>", len(text), len(breaks), column, None, None)

        def compose_node(self, parent, index):  # type: ignore[override]
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise Unsure("anchors and aliases are refused by the reference path, with its words")
            if getattr(event, "tag", None) is not None:
                # rare in front matter, and libyaml resolves the non-specific tag '!' otherwise
                raise Unsure("an explicit tag")
            return super().compose_node(parent, index)

        def compose_scalar_node(self, anchor):  # type: ignore[override]
            node = self._ended(super().compose_scalar_node(anchor))
            if node.style == "":  # libyaml's plain style; PyYAML's is None
                node.style = None
                if self.flow_level and "?" in node.value:
                    # PyYAML ends an unquoted value in brackets at '?' (then fails), libyaml reads on.
                    raise Unsure("a '?' in an unquoted value in brackets")
            return node

        def compose_sequence_node(self, anchor):  # type: ignore[override]
            flow = self.peek_event().flow_style
            self.flow_level += flow
            try:
                return self._ended(super().compose_sequence_node(anchor))
            finally:
                self.flow_level -= flow

        def compose_mapping_node(self, anchor):  # type: ignore[override]
            flow = self.peek_event().flow_style
            self.flow_level += flow
            try:
                node = self._ended(super().compose_mapping_node(anchor))
            finally:
                self.flow_level -= flow
            if node.flow_style is False:
                column = node.start_mark.column
                for pair in node.value:
                    for child in pair:
                        # A block sequence at its mapping's indentation ("key:\n- a") is PyYAML's
                        # indentless sequence, which its parser leaves without a flow style.
                        if isinstance(child, yaml.SequenceNode) and child.flow_style is False \
                                and child.start_mark.column == column:
                            child.flow_style = None
            elif node.flow_style:
                for _, value in node.value:
                    # After "{key: " with nothing before the '}' or ',' libyaml puts the empty
                    # value at that next token, PyYAML right after the ':'.
                    at = value.start_mark.index
                    if isinstance(value, yaml.ScalarNode) and value.value == "" and value.style is None \
                            and at and self.text[at - 1] != ":":
                        raise Unsure("an empty value in braces")
            return node

        def _ended(self, node):
            if self.end is not None:
                if node.start_mark.index == self.length and node.start_mark.column == 0:
                    node.start_mark = self.end
                if node.end_mark.index == self.length and node.end_mark.column == 0:
                    node.end_mark = self.end
            return node


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` as ``yaml.compose`` with a SafeLoader would make it (None for
    a text of comments only), read by libyaml.

    Raises:
        Unsure: libyaml is missing or switched off (:func:`reference_only`), or the text has
            a YAML error, an anchor, an alias, a byte-order mark or a tab.
    """
    if not enabled() or any(char in text for char in _DISAGREE) or _HEADER_COMMENT.search(text):
        raise Unsure("read with the reference path")
    composer = _CComposer(text)
    try:
        return composer.get_single_node()
    except (yaml.YAMLError, RecursionError) as exc:
        raise Unsure(str(exc)) from None
    finally:
        composer.dispose()
