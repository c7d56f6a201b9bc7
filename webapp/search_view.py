"""Pure helpers of the search page: filters from the query string, facet labels,
passage highlighting and pagination."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Mapping

from markupsafe import Markup, escape

from kb import vocab

#: Facet keys of ``Index.search`` in the order the page lists them.
FACET_KEYS: tuple[str, ...] = (
    "city", "country", "language", "topic", "target_population", "evidence_level", "status",
)


def parse_filters(args: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Facet filters from a multi-valued query string: only known keys, non-empty values,
    duplicates dropped, order kept."""
    filters: dict[str, list[str]] = {}
    for key in FACET_KEYS:
        values = [v.strip() for v in args.get(key, []) if v and v.strip()]
        if values:
            filters[key] = list(dict.fromkeys(values))
    return filters


def facet_label(key: str, value: str, lang: str) -> str:
    """How a facet value reads in the interface language ("harm-reduction" -> "Réduction des risques")."""
    if key == "country":
        return country_name(value, lang)
    kind = {"target_population": "population"}.get(key, key)
    return vocab.label(kind, value, lang)


def country_name(code: str, lang: str) -> str:
    """A country's name from Babel's CLDR data ("DE" -> "Allemagne" in French), else the code."""
    try:
        from babel import Locale

        return Locale.parse(lang).territories.get(code.upper(), code)
    except Exception:  # an unknown locale must not break a page
        return code


def passage_markup(text: str, spans: Iterable[Iterable[int]]) -> Markup:
    """A plain-text passage (:func:`strip_markdown`) as HTML: highlighted, its lines kept as lines."""
    return Markup("<br>\n").join(highlight(line, _within(spans, start, len(line)))
                                  for start, line in _lines(text))


def _lines(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, line))
        start += len(line) + 1
    return out


def _within(spans: Iterable[Iterable[int]], start: int, length: int) -> list[list[int]]:
    """``spans`` moved to a line that starts at ``start`` (clipped to it by :func:`highlight`)."""
    return [[int(s) - start, int(e) - start] for s, e in (tuple(span)[:2] for span in spans)
            if int(e) > start and int(s) < start + length]


def highlight(text: str, spans: Iterable[Iterable[int]]) -> Markup:
    """``text`` escaped, with the character ranges ``spans`` wrapped in ``<mark>``.

    Spans outside the text are clipped; overlapping or touching spans are merged.
    """
    clipped = sorted(
        (max(0, int(start)), min(len(text), int(end)))
        for start, end in (tuple(span)[:2] for span in spans)
    )
    merged: list[list[int]] = []
    for start, end in clipped:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(escape(text[cursor:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        cursor = end
    out.append(escape(text[cursor:]))
    return Markup("").join(out)


@lru_cache(maxsize=1)
def _parser():
    """The site's Markdown dialect (webapp.render): CommonMark with tables and strikethrough,
    raw HTML off. A passage is one chunk (at most 600 characters): no parsing budget needed."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}) \
        .enable("table").enable("strikethrough")


def plain_pieces(text: str) -> list[tuple[str, bool]]:
    """The plain text of Markdown ``text`` as pieces, each (text, literal): literal pieces are
    characters of the source (text, code, alt text), the others line breaks and list markers."""
    pieces: list[tuple[str, bool]] = []

    markers: set[int] = set()  # positions in ``pieces`` of list markers

    def line() -> None:  # start a new line, unless at the start, on one, or after a list marker
        if pieces and not pieces[-1][0].endswith("\n") and len(pieces) - 1 not in markers:
            pieces.append(("\n", False))

    numbers: list[int | None] = []  # per open list: the next item number (None: bullets)
    cell = 0
    for token in _parser().parse(text):
        kind = token.type
        if kind in ("paragraph_open", "heading_open", "blockquote_open", "tr_open", "hr"):
            line()
            cell = 0
        elif kind == "bullet_list_open":
            numbers.append(None)
        elif kind == "ordered_list_open":
            numbers.append(int(token.attrGet("start") or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif kind == "list_item_open":
            line()
            number = numbers[-1] if numbers else None
            markers.add(len(pieces))
            if number is None:
                pieces.append(("• ", False))
            else:
                pieces.append((f"{number}{token.markup or '.'} ", False))
                numbers[-1] = number + 1
        elif kind in ("th_open", "td_open"):
            if cell:
                pieces.append((" · ", False))
            cell += 1
        elif kind in ("fence", "code_block"):
            line()
            pieces.append((token.content.rstrip("\n"), True))
        elif kind == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    pieces.append((child.content, True))
                elif child.type == "softbreak":
                    pieces.append((" ", False))
                elif child.type == "hardbreak":
                    pieces.append(("\n", False))
                elif child.type == "image":
                    pieces.extend((c.content, True) for c in child.children or [] if c.type == "text")
    while pieces and not pieces[-1][1] and pieces[-1][0].strip() == "":
        pieces.pop()
    return pieces


def strip_markdown(text: str, spans: Iterable[Iterable[int]] = ()) -> tuple[str, list[list[int]]]:
    """``text`` (Markdown) as plain text, and ``spans`` moved to the same characters.

    Read from markdown-it's token stream, as the practice page renders it: emphasis, code
    ticks, heading hashes and link syntax go (a link's text stays, an image gives its alt
    text); every paragraph, heading, list item and table row is a line of its own, list items
    begin with "•" or their number. A span keeps the characters of the source it covered, so a
    span over marks only (``**``) disappears.
    """
    pieces = plain_pieces(text)
    clean_parts: list[str] = []
    source_of: list[int] = []  # per clean character, its offset in ``text`` (-1: added here)
    cursor = 0
    for piece, literal in pieces:
        if literal:
            found = text.find(piece, cursor)
            if found >= 0:
                source_of.extend(range(found, found + len(piece)))
                cursor = found + len(piece)
            else:  # an escape or entity changed the characters: place them one by one
                for ch in piece:
                    at = text.find(ch, cursor, cursor + 8)
                    source_of.append(at)
                    if at >= 0:
                        cursor = at + 1
        else:
            source_of.extend([-1] * len(piece))
        clean_parts.append(piece)
    clean = "".join(clean_parts)
    moved = []
    for start, end in (tuple(span)[:2] for span in spans):
        inside = [i for i, src in enumerate(source_of) if int(start) <= src < int(end)]
        if inside:
            moved.append([inside[0], inside[-1] + 1])
    return clean, moved


@dataclass(frozen=True)
class Pagination:
    """Where a page of results sits among all of them."""

    page: int
    pages: int
    total: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def first(self) -> int:
        """1-based rank of the first result on this page (0 when there are none)."""
        return self.offset + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.offset + self.size)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def window(self, radius: int = 2) -> list[int | None]:
        """Page numbers to link: first, last and ``radius`` around the current one;
        ``None`` marks a gap."""
        wanted = {1, self.pages, *range(self.page - radius, self.page + radius + 1)}
        numbers = sorted(n for n in wanted if 1 <= n <= self.pages)
        out: list[int | None] = []
        for n in numbers:
            if out and n - out[-1] > 1:  # type: ignore[operator]
                out.append(None)
            out.append(n)
        return out


def paginate(page: int, total: int, size: int) -> Pagination:
    """A Pagination with ``page`` clamped into 1..pages (at least one page, even when empty)."""
    pages = max(1, -(-total // size))
    return Pagination(page=min(max(1, page), pages), pages=pages, total=total, size=size)


def removal_suggestions(filters: Mapping[str, list[str]], total_without: Callable[[dict[str, list[str]]], int],
                        most: int = 6) -> list[tuple[str, str, int]]:
    """What to drop when no practice passes every filter: (key, value, results without it) for
    each chosen value whose removal finds some, most results first (at most ``most`` values
    are tried, in the order chosen)."""
    from indexer.facets import filters_without

    chosen = [(key, value) for key, values in filters.items() for value in values][:most]
    found = [(key, value, total_without(filters_without(filters, key, value))) for key, value in chosen]
    return sorted((s for s in found if s[2] > 0), key=lambda s: -s[2])
