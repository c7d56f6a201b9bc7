"""Markdown the site cannot show well: too many marks to render quickly, nesting it drops.

Both rules read the body with the block parser of markdown-it, configured as the site's
renderer (webapp/render.py: CommonMark, tables, strikethrough, raw HTML off, the default
nesting limit). Block parsing is linear; only the inline parsing of marks is slow.

- **Marks**: markdown-it-py spends about 0.2 ms per ``[`` or ``*`` that opens nothing, and an
  unclosed ``[`` scans the rest of its paragraph, so a 250 KB body of ``![`` took 7 s per
  page view (issue 14, point 6). The work grows as the square of the marks in one paragraph
  and with their total. The limits are far above what write-ups use: the 50 practices in
  practices/ have at most 28 marks in a paragraph and in a body (2026-12-01); one paragraph
  of 1,000 ``![`` renders in about 0.2 s on this machine's CPU.
- **Nesting**: the renderer stops at 20 levels (a quote is one level, a list two: the list
  and its item, and the paragraph one more), and drops what is deeper without a word: 10,000
  ``>`` or a 300-level list showed nothing (issue 14, point 19).
"""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kb.load import Document

#: Characters that make markdown-it's inline parser look for something to open or close.
MARKS = "[]!*_~`<&\\"
_MARK = re.compile("[" + re.escape(MARKS) + "]")
#: A paragraph with more marks than this is refused: its cost alone is seconds.
PARAGRAPH_MARKS = 1_000
#: The body is refused when the squares of its paragraphs' marks add up to more than this
#: (the cost of one paragraph at the limit), or when it has more marks than BODY_MARKS.
BODY_COST = PARAGRAPH_MARKS ** 2
BODY_MARKS = 20_000
_SHOWN_MARKS = " ".join(MARKS)
_CONTAINERS = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"})
_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*")
_REFERENCE = re.compile(r"^\[(?:[^\]\\\n]|\\.)+\]:")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").enable("strikethrough")


def nesting_limit() -> int:
    return int(_parser().options["maxNesting"])


def blocks(body: str) -> list[Token]:
    """The block tokens of ``body`` (no inline parsing: linear in its length)."""
    md = _parser()
    tokens: list[Token] = []
    md.block.parse(body, md, {}, tokens)
    return tokens


def check_marks(doc: Document, tokens: list[Token]) -> None:
    """An error when the body has so many Markdown marks that rendering it takes seconds."""
    counted = [(len(_MARK.findall(t.content)), t) for t in tokens if t.type == "inline" and t.map]
    if not counted:
        return
    worst, token = max(counted, key=lambda pair: pair[0])
    total = sum(k for k, _ in counted)
    line = doc.body_line + token.map[0]
    what = f"Markdown marks ({_SHOWN_MARKS})"
    advice = ("so many take the site seconds to show: remove the stray ones, or put text that needs them "
              "in a code block")
    if worst > PARAGRAPH_MARKS:
        doc.problem_at(line, 1, f"this paragraph has {worst:,} {what}; {advice}", rule="markdown")
    elif sum(k * k for k, _ in counted) > BODY_COST or total > BODY_MARKS:
        paragraphs = sum(1 for k, _ in counted if k)
        doc.problem_at(line, 1, f"the body has {total:,} {what} in {paragraphs:,} paragraphs; {advice}",
                       rule="markdown")


def check_nesting(doc: Document, tokens: list[Token]) -> None:
    """A warning at the first text nested deeper than the renderer shows."""
    lines = doc.body.split("\n")
    shown: set[int] = set()
    for token in tokens:
        if token.map and token.type not in _CONTAINERS:
            shown.update(range(*token.map))
    for n, line in enumerate(lines):
        if n in shown:
            continue
        content = line[_MARKERS.match(line).end():]
        if content.strip() and not _REFERENCE.match(content):
            col = len(line) - len(line.lstrip()) + 1
            doc.problem_at(doc.body_line + n, col, f"this text is nested deeper than the {nesting_limit()} levels "
                           "the site shows (a quote counts one level, a list two), so it will not show: remove "
                           "some '>' or some list indentation", level="warning", rule="markdown")
            return


def check_markdown(doc: Document) -> None:
    """The two rules above, on one block parse of the body."""
    if not doc.body.strip():
        return
    tokens = blocks(doc.body)
    check_marks(doc, tokens)
    check_nesting(doc, tokens)
