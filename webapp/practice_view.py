"""What a practice page shows besides its body: review state, transfers, translations."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kb.load import Document
from kb.model import Practice

#: Practice ids are slugs (kb.model.Slug): anything else is refused before touching a file.
PRACTICE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PRACTICE_ID_MAX = 80


def valid_practice_id(practice_id: str) -> bool:
    """True for a well-formed slug (no dots, slashes or other path tricks)."""
    return len(practice_id) <= PRACTICE_ID_MAX and bool(PRACTICE_ID.match(practice_id))


def needs_review(last_reviewed: dt.date, today: dt.date, stale_days: int) -> bool:
    """True when the last review is more than ``stale_days`` days before ``today``."""
    return (today - last_reviewed).days > stale_days


@dataclass(frozen=True)
class Link:
    """A link to another practice as the page lists it (``practice`` None when unknown)."""

    practice_id: str
    practice: Practice | None
    year: int | None = None
    note: str | None = None


def _link(practice_id: str, by_id: dict[str, Document], year=None, note=None) -> Link:
    doc = by_id.get(practice_id)
    return Link(practice_id, doc.practice if doc else None, year, note)


def adapted_from(practice: Practice, by_id: dict[str, Document]) -> list[Link]:
    """Where this practice came from, as declared in its front matter."""
    return [_link(t.practice, by_id, t.year, t.note) for t in practice.adapted_from]


def adopted_by(practice: Practice, by_id: dict[str, Document]) -> list[Link]:
    """Who took this practice up: declared ``adopted_by`` plus every practice that names it
    in its own ``adapted_from`` (transfers are often recorded on one side only)."""
    links = {t.practice: _link(t.practice, by_id, t.year, t.note) for t in practice.adopted_by}
    for other_id, doc in sorted(by_id.items()):
        for t in doc.practice.adapted_from:
            if t.practice == practice.id and other_id not in links:
                links[other_id] = _link(other_id, by_id, t.year, t.note)
    return sorted(links.values(), key=lambda link: (link.year or 0, link.practice_id))


def translations(practice: Practice, by_id: dict[str, Document]) -> list[tuple[str, Link]]:
    """(language, link) for each version of this write-up in another language, both
    declared here and declared by the other version."""
    found = {t.practice: t.language for t in practice.translations}
    for other_id, doc in by_id.items():
        if other_id in found or other_id == practice.id:
            continue
        if any(t.practice == practice.id for t in doc.practice.translations):
            found[other_id] = doc.practice.language
    return sorted(((lang, _link(pid, by_id)) for pid, lang in found.items()), key=lambda item: item[0])


def source_date_text(value: str, locale: str) -> str:
    """A source's publication date as the reader's language writes it, as precise as given:
    "2014" stays "2014", "2014-06" is "June 2014" / "juin 2014", "2014-06-12" the long date."""
    from babel.dates import format_date, format_skeleton

    parts = value.split("-")
    try:
        if len(parts) == 2:
            return format_skeleton("yMMMM", dt.date(int(parts[0]), int(parts[1]), 1), locale=locale)
        if len(parts) == 3:
            return format_date(dt.date.fromisoformat(value), format="long", locale=locale)
    except ValueError:  # not a date kb validate would accept: shown as written
        return value
    return value
