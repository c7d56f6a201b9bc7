"""The practice model: the front matter of a practice write-up, as a pydantic v2 model.

Structure and types live here; vocabulary membership, cross-file references and file
layout are checked in :mod:`kb.rules`, where they can suggest corrections.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema,
                      model_validator)

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=2, max_length=80),
]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=320)]
Year = Annotated[int, Field(ge=1900, le=2100)]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _printable(text: str) -> str:
    """Refuse control characters: invisible to editors, invalid in the Atom feed's XML."""
    found = _CONTROL.search(text)
    if found:
        raise ValueError(f"control character U+{ord(found.group()):04X} in the text; delete it")
    return text


Printable = AfterValidator(_printable)
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True), Printable]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True), Printable]

EvidenceLevel = Literal["well-supported", "supported", "promising", "emerging", "not-evaluated"]
Status = Literal["active", "pilot", "ended"]
CostBand = Literal["low", "medium", "high"]
Direction = Literal["improved", "no-effect", "worsened", "mixed"]

EVIDENCE_LEVELS: tuple[str, ...] = EvidenceLevel.__args__
STATUSES: tuple[str, ...] = Status.__args__

SUMMARY_MAX = 600
TITLE_MIN, TITLE_MAX = 3, 200
SUMMARY_MIN = 20

Title = Annotated[str, StringConstraints(min_length=TITLE_MIN, max_length=TITLE_MAX, strip_whitespace=True), Printable]
Summary = Annotated[str, StringConstraints(min_length=SUMMARY_MIN, max_length=SUMMARY_MAX, strip_whitespace=True),
                    Printable]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Contact(_Strict):
    """Who to ask: a role (never a private person is required) and an email or a URL."""

    role: ShortText
    email: Email | None = None
    url: Url | None = None

    @model_validator(mode="after")
    def _needs_a_way_to_reach(self) -> "Contact":
        if not self.email and not self.url:
            raise ValueError("contact needs an email or a url besides the role")
        return self


class Outcome(_Strict):
    outcome: ShortText
    direction: Direction
    source: ShortText | None = None


class Evaluation(_Strict):
    type: ShortText
    year: Year | None = None
    url: Url | None = None


class ExternalRating(_Strict):
    registry: ShortText
    rating: ShortText
    url: Url | None = None


class Cost(_Strict):
    band: CostBand
    note: LongText | None = None


class Implementation(_Strict):
    staffing: LongText | None = None
    training: LongText | None = None
    manual: LongText | None = None
    partners: list[ShortText] = []


class Transfer(_Strict):
    """A link in the transfer graph: which practice, when, and what was taken."""

    practice: Slug
    year: Year | None = None
    note: LongText | None = None


class Translation(_Strict):
    language: LanguageCode
    practice: Slug


class Exchange(_Strict):
    """The exchange visit through which the practice travelled."""

    year: Year | None = None
    cities: list[Slug] = []
    name: ShortText | None = None


def _source_date(value: object) -> object:
    """A YAML year (2014) or day (2014-06-12, read as a date) as the text it was written as."""
    if isinstance(value, bool):
        return value  # refused below: true is not a date
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_SOURCE_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _checked_source_date(value: str) -> str:
    found = _SOURCE_DATE.match(value)
    message = (f'"{value}" is not a date; write the year (2014), the month (2014-06) or the day '
               "(2014-06-12) the source was published")
    if not found:
        raise ValueError(message)
    year, month, day = (int(part) if part else None for part in found.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(message) from None
    if not 1900 <= year <= 2100:
        raise ValueError(f"{year} is not a plausible publication year (1900-2100)")
    return value


#: When a source was published: a year, a month or a day (what the source itself gives).
SourceDate = Annotated[
    str, BeforeValidator(_source_date), AfterValidator(_checked_source_date),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1900, "maximum": 2100},
                              {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}],
                    "description": "year (2014), month (2014-06) or day (2014-06-12) of publication"}),
]


class Source(_Strict):
    title: ShortText
    url: Url | None = None
    date: SourceDate | None = None


class Abstract(_Strict):
    """The practice's title and summary in another language, translated by a person (a role in translated_by)."""

    # Which languages may have one (known codes, not the practice's own) is checked in kb.abstracts.

    title: Title
    summary: Summary
    translated_by: ShortText | None = None  # a role ("Paris committee", "author"), never a private person


class Practice(_Strict):
    """Front matter of one practice write-up (``practices/<city>/<id>.md``)."""

    # required
    id: Slug
    title: Title
    city: Slug
    language: LanguageCode
    topics: Annotated[list[Slug], Field(min_length=1)]
    summary: Summary
    evidence_level: EvidenceLevel
    status: Status
    last_reviewed: dt.date
    # optional
    country: CountryCode | None = None
    target_population: list[Slug] = []
    start_year: Year | None = None
    end_year: Year | None = None
    organisation: ShortText | None = None
    contact: Contact | None = None
    outcomes: list[Outcome] = []
    evaluations: list[Evaluation] = []
    external_ratings: list[ExternalRating] = []
    cost: Cost | None = None
    implementation: Implementation | None = None
    transferability: LongText | None = None
    adapted_from: list[Transfer] = []
    adopted_by: list[Transfer] = []
    translations: list[Translation] = []
    exchange: Exchange | None = None
    local_terms: list[ShortText] = []
    sources: list[Source] = []
    illustrative: bool = False
    license: ShortText | None = None
    #: Title and summary in other languages, by language code (written last in the front matter).
    abstracts: dict[Annotated[str, BeforeValidator(str)], Abstract] = {}  # `1:` is an unknown code, not a type error

    @model_validator(mode="after")
    def _years_in_order(self) -> "Practice":
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")
        return self


#: Every front-matter field, in the model's order (CONTRIBUTING.md must document each).
FIELDS: tuple[str, ...] = tuple(Practice.model_fields)
REQUIRED_FIELDS: tuple[str, ...] = tuple(
    name for name, f in Practice.model_fields.items() if f.is_required()
)
