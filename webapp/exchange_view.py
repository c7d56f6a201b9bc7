"""What the exchange pages show, as pure functions of exchange records and practices.

No Flask here: the blueprint (:mod:`webapp.exchanges`), the city and practice pages, the
transfer graph and the API call these with the served records.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kb.exchange import ExchangeRecord
from kb.model import Practice

#: How a practice is tied to an exchange, in the order a practice page lists them.
ROLES = ("visited", "outcome", "related")


@dataclass(frozen=True)
class Tie:
    """One practice's tie to one exchange: visited during it, taken home from it, or related."""

    exchange: ExchangeRecord
    role: str
    note: str | None = None


def filter_exchanges(exchanges: Iterable[ExchangeRecord], city: str | None = None,
                     theme: str | None = None) -> list[ExchangeRecord]:
    """The exchanges ``city`` hosted or visited (any city when None) with ``theme`` among their themes."""
    return [e for e in exchanges
            if (not city or city in e.cities) and (not theme or theme in e.themes)]


def timeline(exchanges: Iterable[ExchangeRecord]) -> list[tuple[int, list[ExchangeRecord]]]:
    """(year, exchanges of that year in their given order), the most recent year first."""
    years: dict[int, list[ExchangeRecord]] = {}
    for e in exchanges:
        years.setdefault(e.year, []).append(e)
    return sorted(years.items(), reverse=True)


def ties_of(practice_id: str, exchanges: Iterable[ExchangeRecord]) -> list[Tie]:
    """Every exchange that names ``practice_id``, by role (visited, outcome, related), then year."""
    ties = []
    for e in exchanges:
        ties += [Tie(e, "visited", v.note) for v in e.visited if v.practice == practice_id]
        ties += [Tie(e, "outcome", o.note) for o in e.outcomes if o.practice == practice_id]
        ties += [Tie(e, "related", r.note) for r in e.related if r.practice == practice_id]
    return sorted(ties, key=lambda t: (ROLES.index(t.role), t.exchange.year, t.exchange.id))


def of_city(city: str, exchanges: Iterable[ExchangeRecord]) -> dict[str, list[ExchangeRecord]]:
    """``{"hosted": […], "visited": […]}``: the exchanges ``city`` hosted, and those it sent a delegation to."""
    exchanges = list(exchanges)
    return {"hosted": [e for e in exchanges if e.host_city == city],
            "visited": [e for e in exchanges if city in e.visiting_cities]}


def series(exchange: ExchangeRecord, by_id: Mapping[str, ExchangeRecord]) -> list[ExchangeRecord]:
    """The whole series the exchange belongs to, oldest first, following ``previous`` and ``next``
    through the served records (a cycle or a missing record ends the walk)."""
    chain = [exchange]
    seen = {exchange.id}
    here = exchange
    while here.previous and here.previous in by_id and here.previous not in seen:
        here = by_id[here.previous]
        chain.insert(0, here)
        seen.add(here.id)
    here = exchange
    while here.next and here.next in by_id and here.next not in seen:
        here = by_id[here.next]
        chain.append(here)
        seen.add(here.id)
    return chain


def linked_practices(exchange: ExchangeRecord, practices: Mapping[str, Practice]) -> dict[str, list[tuple]]:
    """The exchange's links as ``(practice or None, id, note)`` by group (visited, outcomes, related);
    a practice that is not served is ``None`` (the page shows its id, unlinked)."""
    return {
        "visited": [(practices.get(v.practice), v.practice, v.note) for v in exchange.visited],
        "outcomes": [(practices.get(o.practice) if o.practice else None, o.practice, o.note)
                     for o in exchange.outcomes],
        "related": [(practices.get(r.practice), r.practice, r.note) for r in exchange.related],
    }


def behind(source_practice: str, target_practice: str,
           exchanges: Iterable[ExchangeRecord]) -> ExchangeRecord | None:
    """The exchange behind a transfer: the delegation visited the source practice and took home
    what the target practice records. The most recent such exchange, or None."""
    found = [e for e in exchanges
             if any(v.practice == source_practice for v in e.visited)
             and any(o.practice == target_practice for o in e.outcomes)]
    return max(found, key=lambda e: (e.year, e.id)) if found else None


def with_exchanges(transfers: Iterable, exchanges: Iterable[ExchangeRecord]) -> list:
    """The transfers (:class:`webapp.graph.Transfer`) with the exchange behind each filled in."""
    exchanges = list(exchanges)
    out = []
    for t in transfers:
        e = behind(t.source_practice, t.target_practice, exchanges)
        out.append(dataclasses.replace(t, exchange_id=e.id, exchange_name=e.name) if e else t)
    return out


def record(exchange: ExchangeRecord) -> dict:
    """An exchange as JSON-able data: its front matter, plus ``cities`` (host first)."""
    data = exchange.model_dump(mode="json", exclude_none=True)
    data["cities"] = exchange.cities
    return data


def summary_record(exchange: ExchangeRecord) -> dict:
    """The short form of the exchange list."""
    keys = ("id", "name", "year", "start", "end", "host_city", "visiting_cities", "themes", "summary",
            "stub", "illustrative")
    full = record(exchange)
    return {k: full[k] for k in keys if k in full}


def graph_with_exchanges(graph, exchanges: Iterable[ExchangeRecord], only: str | None = None):
    """A :class:`webapp.graph.TransferGraph` whose transfers name the exchange behind them;
    with ``only`` (an exchange id), just the links of transfers behind that exchange."""
    from webapp.graph import Link, TransferGraph

    exchanges = list(exchanges)
    links = []
    for link in graph.links:
        transfers = tuple(t for t in with_exchanges(link.transfers, exchanges) if only is None or t.exchange_id == only)
        if transfers:
            links.append(Link(link.source, link.target, transfers))
    return TransferGraph(nodes=graph.nodes, links=links, practice_counts=graph.practice_counts)
