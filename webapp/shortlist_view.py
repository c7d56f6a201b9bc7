"""The shortlist comparison as pure functions: ids from a shared URL, and the CSV of a visit plan.

A shortlist lives in the reader's browser (static/shortlist.js, localStorage); what it shares
is a URL, ``/shortlist?ids=a,b,c``, which the server renders alone. So the ids come from
anyone: each must be a slug (never used for a lookup otherwise), duplicates go, and at most
:data:`MAX_SHORTLIST` are compared.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kb.model import Practice

#: At most this many practices side by side: the 2014 Paris delegation visited fifteen
#: programmes in its week in Chicago; twenty leaves room and still prints as a readable plan.
MAX_SHORTLIST = 20
#: Pieces of an ``ids`` value looked at before giving up (a pasted URL may be long; a hostile one longer).
MAX_PIECES = 200
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class ShortlistIds:
    """What an ``ids`` parameter asked for."""

    ids: list[str] = field(default_factory=list)       # well-formed, unique, at most MAX_SHORTLIST
    invalid: list[str] = field(default_factory=list)   # pieces that are not practice ids (shortened)
    dropped: int = 0                                   # well-formed ids beyond MAX_SHORTLIST


def parse_ids(raw: str | None, limit: int = MAX_SHORTLIST) -> ShortlistIds:
    """The practice ids of a shared shortlist: comma-separated slugs, in order, each once."""
    parsed = ShortlistIds()
    seen: set[str] = set()
    for piece in (raw or "").split(",")[:MAX_PIECES]:
        piece = piece.strip()
        if not piece or piece in seen:
            continue
        seen.add(piece)
        if not 2 <= len(piece) <= 80 or not _SLUG.match(piece):  # kb.model.Slug
            parsed.invalid.append(piece[:40] + ("…" if len(piece) > 40 else ""))
        elif len(parsed.ids) < limit:
            parsed.ids.append(piece)
        else:
            parsed.dropped += 1
    return parsed


def plan(practices: Iterable[Practice], city: str, topics: Iterable[str] = (),
         limit: int = MAX_SHORTLIST) -> list[str]:
    """"Plan a visit": the ids of the city's practices on any of ``topics`` (all of the city's
    practices when no topic is given), active and pilot ones before ended ones, then by title."""
    wanted = set(topics)
    chosen = [p for p in practices if p.city == city and (not wanted or wanted & set(p.topics))]
    chosen.sort(key=lambda p: (p.status == "ended", p.title.casefold(), p.id))
    return [p.id for p in chosen[:limit]]


#: Columns of the shortlist CSV: stable keys (the catalogue's where they are the same); values
#: are labels in the interface language, the translated title and summary beside the originals.
CSV_COLUMNS: tuple[str, ...] = (
    "id", "title", "translated_title", "city", "country", "language", "topics", "target_population",
    "evidence_level", "cost", "cost_note", "status", "staffing", "training", "partners",
    "contact_role", "contact_email", "contact_url", "last_reviewed", "summary", "translated_summary",
    "illustrative", "url",
)


def csv_record(p: Practice, label: Callable[[str, str], str], shown, url: str) -> dict:
    """One practice as a row of the shortlist CSV.

    Args:
        label: (kind, slug) -> the label in the interface language (city, topic, population, …).
        shown: the :class:`webapp.display.Display` of the practice in the interface language.
        url: the address of the practice page.
    """
    implementation, contact, cost = p.implementation, p.contact, p.cost
    return {
        "id": p.id, "title": p.title, "translated_title": shown.title if shown.translated else "",
        "city": label("city", p.city), "country": p.country or "", "language": p.language,
        "topics": [label("topic", t) for t in p.topics],
        "target_population": [label("population", t) for t in p.target_population],
        "evidence_level": label("evidence_level", p.evidence_level),
        "cost": label("cost_band", cost.band) if cost else "", "cost_note": (cost.note or "") if cost else "",
        "status": label("status", p.status),
        "staffing": (implementation.staffing or "") if implementation else "",
        "training": (implementation.training or "") if implementation else "",
        "partners": list(implementation.partners) if implementation else [],
        "contact_role": contact.role if contact else "", "contact_email": (contact.email or "") if contact else "",
        "contact_url": (contact.url or "") if contact else "",
        "last_reviewed": p.last_reviewed.isoformat(), "summary": p.summary,
        "translated_summary": shown.summary if shown.translated else "",
        "illustrative": p.illustrative, "url": url,
    }
