"""The exchange model: the front matter of an exchange record (``exchanges/<year>-<slug>.md``).

An exchange is a visit of a delegation from one or more cities to a host city (a week in
Chicago for the 2014 Paris delegation, the annual Tri-City Exchange), with the programmes
visited and what the visitors took home. Practices are the other content type; an exchange
links to them by id. Structure and types live here; vocabularies, dates, file layout and
links are checked in :mod:`kb.exchange_rules`, where they can suggest corrections.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints

from kb.model import (LanguageCode, LongText, ShortText, Slug, Source, Summary, Title, Year,
                      _Strict)

#: ``<year>-<slug>``: the year the exchange took place, then a slug ("2014-chicago-paris").
EXCHANGE_ID_PATTERN = r"^[0-9]{4}-[a-z0-9]+(?:-[a-z0-9]+)*$"
ExchangeId = Annotated[str, StringConstraints(pattern=EXCHANGE_ID_PATTERN, min_length=6, max_length=80)]


class Visit(_Strict):
    """A practice the delegation saw, or a write-up drawing on the exchange's record."""

    practice: Slug
    note: LongText | None = None


class TakenHome(_Strict):
    """What the visitors took home, and the practice that records it (when one does)."""

    note: LongText
    practice: Slug | None = None


class Organiser(_Strict):
    """An organisation and its part in the exchange (never a private person)."""

    organisation: ShortText
    role: ShortText


class ExchangeRecord(_Strict):
    """Front matter of one exchange record (``exchanges/<year>-<slug>.md``)."""

    # required
    id: ExchangeId
    name: Title
    year: Year
    host_city: Slug
    visiting_cities: Annotated[list[Slug], Field(min_length=1)]
    summary: Summary
    # optional
    start: dt.date | None = None
    end: dt.date | None = None
    language: LanguageCode = "en"
    #: The exchange's theme in its own words ("Building safer communities for youth, adults and families").
    focus: ShortText | None = None
    themes: list[Slug] = []
    visited: list[Visit] = []
    outcomes: list[TakenHome] = []
    related: list[Visit] = []
    previous: ExchangeId | None = None
    next: ExchangeId | None = None
    organisers: list[Organiser] = []
    sources: list[Source] = []
    #: True when the public record only mentions the exchange (say, in the record of a later one).
    stub: bool = False
    illustrative: bool = False
    last_reviewed: dt.date | None = None

    @property
    def cities(self) -> list[str]:
        """The host city, then the visiting cities (each once)."""
        return list(dict.fromkeys([self.host_city, *self.visiting_cities]))

    def practice_ids(self) -> list[str]:
        """Every practice the record links to: visited, taken home, related (each once, in that order)."""
        linked = [v.practice for v in self.visited] + [o.practice for o in self.outcomes if o.practice]
        return list(dict.fromkeys(linked + [r.practice for r in self.related]))


#: Every front-matter field, in the model's order (CONTRIBUTING.md must document each).
EXCHANGE_FIELDS: tuple[str, ...] = tuple(ExchangeRecord.model_fields)
EXCHANGE_REQUIRED_FIELDS: tuple[str, ...] = tuple(
    name for name, f in ExchangeRecord.model_fields.items() if f.is_required()
)
