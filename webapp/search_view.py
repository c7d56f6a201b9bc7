"""Pure helpers of the search page: filters from the query string, facet labels,
passage highlighting and pagination."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

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


#: Markdown marks that read as noise in a quoted passage: emphasis, code ticks, heading
#: hashes, and the bracket/URL parts of links (the link text stays).
_MARKDOWN_NOISE = re.compile(r"\*\*|__|`|^#{1,6}[ \t]+|\[(?=[^\]\n]*\]\()|\]\([^)\n]*\)", re.MULTILINE)


def strip_markdown(text: str, spans: Iterable[Iterable[int]] = ()) -> tuple[str, list[list[int]]]:
    """``text`` without Markdown marks, and ``spans`` moved to the same characters."""
    keep = [True] * len(text)
    for match in _MARKDOWN_NOISE.finditer(text):
        for i in range(match.start(), match.end()):
            keep[i] = False
    # new_pos[i] = offset in the stripped text of original offset i (len(text) maps to the end)
    new_pos, n = [], 0
    for kept in keep:
        new_pos.append(n)
        n += kept
    new_pos.append(n)
    clean = "".join(ch for ch, kept in zip(text, keep) if kept)

    def move(offset: int) -> int:
        return new_pos[min(max(0, int(offset)), len(text))]

    moved = [[move(start), move(end)] for start, end in (tuple(span)[:2] for span in spans)]
    return clean, [span for span in moved if span[1] > span[0]]


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
