"""Browse pages: cities (with twinnings and transfers), topics, and the transfer graph."""
from __future__ import annotations

from collections.abc import Iterable

from babel import Locale, UnknownLocaleError
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup

from kb import vocab
from kb.model import Practice
from webapp import exchange_view
from webapp.content import get_corpus
from webapp.exchange_content import get_exchanges
from webapp.graph import Transfer, build_graph, collect_transfers, render_svg
from webapp.i18n import _, current_language, ngettext
from webapp.search_view import paginate

bp = Blueprint("browse", __name__)


def _practices() -> list[Practice]:
    """The servable practices, by title (stable order for every list on these pages)."""
    return sorted(get_corpus().practices(), key=lambda p: (p.title.casefold(), p.id))


def practice_counts(practices: Iterable[Practice], key: str) -> dict[str, int]:
    """Value -> number of practices, for ``key`` "city" or "topics"."""
    counts: dict[str, int] = {}
    for p in practices:
        values = p.topics if key == "topics" else [getattr(p, key)]
        for value in set(values):
            counts[value] = counts.get(value, 0) + 1
    return counts


def country_name(code: str, lang: str) -> str:
    """The country's name in ``lang`` (Babel's CLDR data), the code when unknown."""
    try:
        return Locale.parse(lang).territories.get(code, code)
    except (UnknownLocaleError, ValueError):
        return code


def cities_by_country(counts: dict[str, int], lang: str) -> list[tuple[str, list[vocab.City]]]:
    """Registry cities grouped by country name (sorted), cities by name within a country.

    Countries with practices come first, so the populated part of the registry is on top.
    """
    groups: dict[str, list[vocab.City]] = {}
    for city in vocab.cities().values():
        groups.setdefault(country_name(city.country, lang), []).append(city)
    ordered = sorted(groups.items(), key=lambda kv: (
        0 if any(counts.get(c.slug) for c in kv[1]) else 1, kv[0].casefold()))
    return [(name, sorted(cities, key=lambda c: c.name)) for name, cities in ordered]


def _count_label(n: int) -> str:
    return ngettext("%(num)s practice", "%(num)s practices", n)


@bp.route("/cities/")
def cities():
    practices = _practices()
    counts = practice_counts(practices, "city")
    lang = current_language()
    return render_template(
        "browse/cities.html",
        groups=cities_by_country(counts, lang),
        counts=counts,
        registry=vocab.cities(),
        total_practices=len(practices),
        count_label=_count_label,
    )


@bp.route("/cities/<slug>")
def city(slug: str):
    registry = vocab.cities()
    place = registry.get(slug)
    if place is None:
        abort(404)
    practices = _practices()
    mine = [p for p in practices if p.city == slug]
    transfers = exchange_view.with_exchanges(collect_transfers(practices), get_exchanges())
    adopted = [t for t in transfers if t.target_city == slug and t.source_city != slug]
    passed = [t for t in transfers if t.source_city == slug and t.target_city != slug]
    counts = practice_counts(practices, "city")
    return render_template(
        "browse/city.html",
        city=place,
        country=country_name(place.country, current_language()),
        practices=mine,
        twins=[registry[s] for s in place.twinned_with if s in registry],
        adopted=adopted,
        passed=passed,
        counts=counts,
        registry=registry,
        count_label=_count_label,
    )


@bp.route("/topics/")
def topics():
    counts = practice_counts(_practices(), "topics")
    rows = sorted(((slug, vocab.label("topic", slug, current_language()), counts.get(slug, 0))
                   for slug in vocab.topics()), key=lambda row: (row[2] == 0, row[1].casefold()))
    return render_template("browse/topics.html", rows=rows, count_label=_count_label)


def group_by_city(practices: Iterable[Practice]) -> list[tuple[str, list[Practice]]]:
    """(city slug, practices) by city name, practices in their given order."""
    groups: dict[str, list[Practice]] = {}
    for p in practices:
        groups.setdefault(p.city, []).append(p)
    return sorted(groups.items(), key=lambda kv: vocab.label("city", kv[0]).casefold())


def topic_practices(slug: str) -> list[Practice]:
    """The practices of a topic, in page order (by title)."""
    return [p for p in _practices() if slug in p.topics]


def page_size() -> int:
    """Practices per browse page (BROWSE_PAGE_SIZE): at 5,000 practices a topic page was 2.2 MB."""
    return int(current_app.config["BROWSE_PAGE_SIZE"])


def topic_page_paths() -> list[str]:
    """The URL path of every page of every topic, page 1 first; the static export writes
    exactly these (one place for the list, so that no page of a long topic is left out)."""
    size = page_size()
    counts = practice_counts(_practices(), "topics")
    paths = []
    for slug in sorted(vocab.topics()):
        paths.append(f"/topics/{slug}")
        pages = max(1, -(-counts.get(slug, 0) // size))
        paths += [f"/topics/{slug}/page/{n}" for n in range(2, pages + 1)]
    return paths


@bp.route("/topics/<slug>")
@bp.route("/topics/<slug>/page/<int:page>")
def topic(slug: str, page: int = 1):
    if slug not in vocab.topics():
        abort(404)
    practices = topic_practices(slug)
    pagination = paginate(page, len(practices), page_size())
    if page != pagination.page:  # past the last page (or page 0)
        abort(404)
    shown = practices[(page - 1) * pagination.size:page * pagination.size]
    languages = practice_counts(practices, "language")
    return render_template(
        "browse/topic.html",
        slug=slug,
        name=vocab.label("topic", slug, current_language()),
        practices=practices,
        groups=group_by_city(shown),
        city_count=len({p.city for p in practices}),
        pagination=pagination,
        page_url=lambda n: url_for("browse.topic", slug=slug, page=n) if n > 1 else url_for("browse.topic", slug=slug),
        languages=dict(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))),
        count_label=_count_label,
    )


@bp.route("/topics/<slug>/page/1")
def topic_first_page(slug: str):
    """Page 1 has one address: the topic's own."""
    return redirect(url_for("browse.topic", slug=slug), 301)


@bp.route("/graph")
def graph():
    registry = vocab.cities()
    exchanges = {e.id: e for e in get_exchanges()}
    only = request.args.get("exchange") or None  # the transfers behind one exchange
    if only is not None and only not in exchanges:
        abort(404)
    transfer_graph = exchange_view.graph_with_exchanges(build_graph(_practices()), exchanges.values(), only)
    transfers: list[Transfer] = transfer_graph.transfers
    cities_linked = {c for t in transfers for c in (t.source_city, t.target_city)}
    svg = render_svg(
        transfer_graph, registry,
        title=_("Transfer graph"),
        description=ngettext(
            "%(transfers)s of practices between %(num)s city; "
            "an arrow points from the city a practice came from to the city that adopted it.",
            "%(transfers)s of practices between %(num)s cities; "
            "an arrow points from the city a practice came from to the city that adopted it.",
            len(cities_linked), transfers=ngettext("%(num)s transfer", "%(num)s transfers", len(transfers))),
        href=lambda slug: url_for("browse.city", slug=slug),
        count_label=_count_label,
        city_name=lambda slug: vocab.label("city", slug, current_language()),
    )
    return render_template("browse/graph.html", svg=Markup(svg), transfers=transfers,
                           registry=registry, city_count=len(cities_linked), exchange=exchanges.get(only))
