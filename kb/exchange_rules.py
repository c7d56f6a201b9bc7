"""Validation rules of exchange records beyond the model's structure.

Like :mod:`kb.rules`, each rule adds located problems to a document and reads the raw front
matter where it can, so that it also runs when the model found other errors. The body rules
(raw HTML, script links, placeholders), the review date and the language check are the
practice rules themselves.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from kb import vocab
from kb.exchange import EXCHANGE_ID_PATTERN
from kb.exchange_load import ExchangeDocument
from kb.load import Document
from kb.rules import check_body, check_freshness, check_language, check_placeholders
from kb.rules_links import check_links
from kb.rules_markdown import check_markdown
from kb.rules_text import check_body_characters, check_front_matter_characters
from kb.suggest import did_you_mean


def _text(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    return value if isinstance(value, str) else None


def _texts(value) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def _city_problem(doc: Document, loc: tuple, slug: str) -> None:
    doc.problem(loc, f'unknown city "{slug}"{did_you_mean(slug, vocab.cities())}; '
                "cities are listed in kb/data/cities.yaml", rule="vocabulary")


def check_exchange_vocabularies(doc: ExchangeDocument) -> None:
    """Host and visiting cities, themes and language are known values; the host is not a visitor."""
    meta = doc.meta
    cities = vocab.cities()
    host = _text(meta, "host_city")
    if host is not None and host not in cities:
        _city_problem(doc, ("host_city",), host)
    seen: set[str] = set()
    for i, city in _texts(meta.get("visiting_cities")):
        if city not in cities:
            _city_problem(doc, ("visiting_cities", i), city)
        elif city == host:
            doc.problem(("visiting_cities", i), f'"{city}" is the host city; list only the cities the '
                        "delegations came from in visiting_cities", rule="cities")
        elif city in seen:
            doc.problem(("visiting_cities", i), f'"{city}" is listed twice in visiting_cities; keep one',
                        rule="cities")
        seen.add(city)
    for i, theme in _texts(meta.get("themes")):
        if theme not in vocab.topics():
            doc.problem(("themes", i), f'unknown topic "{theme}"{did_you_mean(theme, vocab.topics())}; '
                        "themes are topics of kb/data/topics.yaml", rule="vocabulary")
    language = _text(meta, "language")
    if language is not None and language not in vocab.languages():
        doc.problem(("language",), f'unknown language code "{language}"'
                    f"{did_you_mean(language, vocab.languages())}", rule="vocabulary")


def check_exchange_layout(doc: ExchangeDocument) -> None:
    """``exchanges/<year>-<slug>.md``: the file name is the id, and the id starts with the year."""
    exchange_id, year = _text(doc.meta, "id"), doc.meta.get("year")
    if exchange_id is None:
        return
    if doc.path.stem != exchange_id:
        doc.problem(("id",), f'id "{exchange_id}" must equal the file name "{doc.path.stem}"; '
                    f"rename the file to {exchange_id}.md or change the id", rule="layout")
    if isinstance(year, int) and re.match(EXCHANGE_ID_PATTERN, exchange_id) and exchange_id[:4] != str(year):
        doc.problem(("id",), f'id "{exchange_id}" starts with {exchange_id[:4]} but year is {year}; '
                    f"an exchange id begins with the year it took place ({year}-…)", rule="layout")


def check_exchange_dates(doc: ExchangeDocument) -> None:
    """``start`` and ``end`` fall in ``year``, and the end is not before the start."""
    meta = doc.meta
    year, start, end = meta.get("year"), meta.get("start"), meta.get("end")
    start = start if isinstance(start, dt.date) else None
    end = end if isinstance(end, dt.date) else None
    if start and end and end < start:
        doc.problem(("end",), f"end {end} is before start {start}", rule="dates")
    first = start or end
    if isinstance(year, int) and first and first.year != year:
        key = "start" if start else "end"
        doc.problem((key,), f"{key} {first} is not in {year}, the year of the exchange; "
                    f"correct the date or the year", rule="dates")


def check_exchange_body(doc: ExchangeDocument) -> None:
    """A body is written; then the practice body rules (no raw HTML, no script links)."""
    if not doc.body.strip():
        doc.problem_at(doc.body_line, 1, "body is empty; write below the front matter what the record says "
                       "about the exchange (see the section headings from `kb new --exchange`)", rule="body")
        return
    check_body(doc)
    check_links(doc)
    check_body_characters(doc)
    check_markdown(doc)


def check_language_of_exchange(doc: ExchangeDocument) -> None:
    """The practice language check (summary and body), when the declared language is a known one."""
    if _text(doc.meta, "language") in vocab.languages():
        check_language(doc)


DOCUMENT_RULES: tuple[Callable[[ExchangeDocument], None], ...] = (
    check_exchange_vocabularies, check_exchange_layout, check_exchange_dates, check_exchange_body,
    check_front_matter_characters,
    check_freshness, check_language_of_exchange, check_placeholders,
)


# --- links to practices and between exchanges ---------------------------------------------


def check_references(docs: list[ExchangeDocument], practices: list[Document]) -> None:
    """Duplicate ids; links to practices; ``previous``/``next`` that exist, run forward in
    time and are written on both sides."""
    first_with: dict[str, ExchangeDocument] = {}
    for doc in docs:
        exchange_id = _text(doc.meta, "id")
        if exchange_id is None:
            continue
        first = first_with.setdefault(exchange_id, doc)
        if first is not doc:
            doc.problem(("id",), f'duplicate id "{exchange_id}": also used by {first.display_path}',
                        rule="duplicate")
    by_id = {doc.exchange.id: doc for doc in docs
             if doc.exchange is not None and first_with.get(doc.exchange.id) is doc}
    known = {p.practice.id: p.practice for p in practices if p.practice is not None}
    for doc in docs:
        if doc.exchange is None:
            continue
        _check_practice_links(doc, known)
        _check_series(doc, by_id)


def _check_practice_links(doc: ExchangeDocument, known: dict) -> None:
    e = doc.exchange
    # which city a linked practice should be in is only worth saying when the cities are right
    cities_known = all(city in vocab.cities() for city in e.cities)
    groups = (("visited", e.visited), ("outcomes", e.outcomes), ("related", e.related))
    for key, items in groups:
        for i, item in enumerate(items):
            if item.practice is None:
                continue
            practice = known.get(item.practice)
            if practice is None:
                doc.problem((key, i, "practice"), f'{key} names "{item.practice}", which is no practice'
                            f"{did_you_mean(item.practice, known)}", rule="reference")
            elif not cities_known:
                continue
            elif key == "visited" and practice.city != e.host_city:
                doc.problem((key, i, "practice"), f'visited names "{item.practice}", a practice in '
                            f"{vocab.label('city', practice.city)}; the programmes visited are in the host "
                            f"city ({vocab.label('city', e.host_city)}): move it to outcomes or related",
                            level="warning", rule="consistency")
            elif key == "outcomes" and practice.city not in e.cities:
                doc.problem((key, i, "practice"), f'outcomes names "{item.practice}", a practice in '
                            f"{vocab.label('city', practice.city)}, which took no part in this exchange; "
                            "what was taken home is recorded in a host or visiting city",
                            level="warning", rule="consistency")


_BACK = {"previous": "next", "next": "previous"}


def _check_series(doc: ExchangeDocument, by_id: dict[str, ExchangeDocument]) -> None:
    e = doc.exchange
    for key in ("previous", "next"):
        other_id = getattr(e, key)
        if other_id is None:
            continue
        if other_id == e.id:
            doc.problem((key,), f"{key} names the exchange itself", rule="reference")
            continue
        other = by_id.get(other_id)
        if other is None:
            candidates = [x for x in by_id if x != e.id]
            doc.problem((key,), f'{key} names "{other_id}", which is no exchange'
                        f"{did_you_mean(other_id, candidates)}", rule="reference")
            continue
        o = other.exchange
        if (key == "previous" and o.year > e.year) or (key == "next" and o.year < e.year):
            doc.problem((key,), f'{key} names "{other_id}" ({o.year}), which is '
                        f'{"later" if key == "previous" else "earlier"} than this exchange ({e.year})',
                        rule="series")
        back = getattr(o, _BACK[key])
        if back != e.id:
            has = f'has {_BACK[key]} "{back}"' if back else f"has no {_BACK[key]}"
            doc.problem((key,), f'{key} names "{other_id}", but {other.display_path} {has}; '
                        f'set its {_BACK[key]} to "{e.id}" too', level="warning", rule="reciprocity")
