"""Exchange pages: the list of exchanges (a timeline by year, filtered by city and theme) and
one page per exchange; template globals for the city and practice pages.

The filters are a plain GET form, so they work without JavaScript; on a statically exported
copy (no server to read the query), static/exchanges.js applies the same filter in the page.
"""
from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request, url_for

from kb import vocab
from kb.exchange import EXCHANGE_ID_PATTERN
from webapp import exchange_view
from webapp.content import get_corpus
from webapp.exchange_content import get_exchange_document, get_exchange_documents, get_exchanges
from webapp.i18n import _, current_language

bp = Blueprint("exchanges", __name__)

_EXCHANGE_ID = re.compile(EXCHANGE_ID_PATTERN)


def valid_exchange_id(exchange_id: str) -> bool:
    """True for a well-formed exchange id (no dots, slashes or other path tricks)."""
    return len(exchange_id) <= 80 and bool(_EXCHANGE_ID.match(exchange_id))


@bp.app_template_global()
def exchange_url(exchange_id: str) -> str:
    return url_for("exchanges.exchange", exchange_id=exchange_id)


@bp.app_template_global()
def city_exchanges(city: str) -> dict[str, list]:
    """The exchanges a city hosted and those it visited (for the city page)."""
    return exchange_view.of_city(city, get_exchanges())


@bp.app_template_global()
def practice_ties(practice_id: str) -> list[exchange_view.Tie]:
    """The exchanges a practice was visited during, taken home from, or is related to."""
    return exchange_view.ties_of(practice_id, get_exchanges())


@bp.app_template_global()
def exchange_dates(exchange) -> str:
    """"10–14 March 2014", "June 2014" or "2014": as precise as the record is, in the interface locale."""
    from babel.dates import format_date, format_interval

    lang = current_language()
    if exchange.start and exchange.end and exchange.end != exchange.start:
        return format_interval(exchange.start, exchange.end, skeleton="yMMMd", locale=lang)
    if exchange.start or exchange.end:
        return format_date(exchange.start or exchange.end, "long", locale=lang)
    return str(exchange.year)


def _choice(name: str, allowed) -> str | None:
    value = (request.args.get(name) or "").strip()
    if value and value not in allowed:
        if name == "city":
            abort(400, _("There is no city “%(city)s”; choose one from the list.", city=value[:80]))
        abort(400, _("There is no theme “%(theme)s”; choose one from the list.", theme=value[:80]))
    return value or None


@bp.route("/exchanges/")
def index():
    exchanges = get_exchanges()
    city = _choice("city", vocab.cities())
    theme = _choice("theme", vocab.topics())
    lang = current_language()
    cities = sorted({c for e in exchanges for c in e.cities}, key=lambda s: vocab.label("city", s, lang).casefold())
    themes = sorted({t for e in exchanges for t in e.themes}, key=lambda s: vocab.label("topic", s, lang).casefold())
    shown = exchange_view.filter_exchanges(exchanges, city, theme)
    return render_template("exchanges/index.html", years=exchange_view.timeline(shown), total=len(exchanges),
                           shown_count=len(shown), city=city, theme=theme, cities=cities, themes=themes)


@bp.route("/exchanges/<exchange_id>")
def exchange(exchange_id: str):
    if not valid_exchange_id(exchange_id):
        abort(404)
    doc = get_exchange_document(exchange_id)
    if doc is None:
        abort(404)
    e = doc.exchange
    practices = {d.practice.id: d.practice for d in get_corpus().good}
    by_id = {x.exchange.id: x.exchange for x in get_exchange_documents().values()}
    links = exchange_view.linked_practices(e, practices)
    from webapp.graph import collect_transfers

    transfers = [t for t in exchange_view.with_exchanges(collect_transfers(practices.values()), [e])
                 if t.exchange_id == e.id]
    return render_template(
        "exchanges/exchange.html", exchange=e, body=doc.body, links=links, transfers=transfers,
        series=exchange_view.series(e, by_id), previous=by_id.get(e.previous) if e.previous else None,
        next=by_id.get(e.next) if e.next else None, registry=vocab.cities(),
        visited_ids=[pid for p, pid, _note in links["visited"] if p is not None],
    )


@bp.app_template_global()
def exchanges_for_search(query: str) -> list:
    """The exchanges matching a site search (webapp.exchange_search), for the block above the results."""
    from webapp.exchange_search import find_exchanges
    from webapp.index import get_index

    records = [(doc.exchange, doc.body) for doc in get_exchange_documents().values()]
    if not query.strip() or not records:
        return []
    return find_exchanges(query, records, get_index().embedder)
