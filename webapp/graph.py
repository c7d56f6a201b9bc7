"""The transfer graph: which city took a practice from which, drawn as a static SVG.

Pure functions: :func:`collect_transfers` reads ``adapted_from`` / ``adopted_by`` from the
practices, :func:`build_graph` groups them into city-to-city links, and :func:`render_svg`
draws the graph. Nothing here knows about Flask, so the static export and the tests use
the same code.

The drawing is a circle layout with cities ordered west to east: most registry cities
sit in Europe, where a map projection would pile their labels on top of each other.
The SVG uses presentation attributes (``fill``, ``stroke``) and no ``style`` attributes,
so it renders under a Content-Security-Policy without ``unsafe-inline``.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape

from kb.model import Practice
from kb.vocab import City


@dataclass(frozen=True)
class Transfer:
    """One practice that travelled: ``source_practice`` (in ``source_city``) inspired ``target_practice``."""

    source_practice: str
    source_title: str
    source_city: str
    target_practice: str
    target_title: str
    target_city: str
    year: int | None = None
    note: str | None = None
    #: the exchange behind the transfer, when a record says so (webapp.exchange_view.with_exchanges)
    exchange_id: str | None = None
    exchange_name: str | None = None


@dataclass(frozen=True)
class Link:
    """Every transfer from one city to another: one drawn edge."""

    source: str
    target: str
    transfers: tuple[Transfer, ...]


@dataclass
class TransferGraph:
    """Cities (nodes) with their practice counts, and the links between them."""

    nodes: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    practice_counts: dict[str, int] = field(default_factory=dict)

    @property
    def transfers(self) -> list[Transfer]:
        return [t for link in self.links for t in link.transfers]


def collect_transfers(practices: Iterable[Practice]) -> list[Transfer]:
    """Every transfer named by either side, once.

    A transfer is usually recorded twice (``adapted_from`` on the adopter and ``adopted_by``
    on the origin); the pair of practice ids identifies it, and the year or note of
    whichever side gives one is kept. References to practices that are not in
    ``practices`` are skipped: without the other practice there is no city to draw.
    Returns transfers sorted by source city, target city, then practice ids.
    """
    by_id = {p.id: p for p in practices}
    found: dict[tuple[str, str], Transfer] = {}

    def add(source: Practice, target: Practice, year: int | None, note: str | None) -> None:
        key = (source.id, target.id)
        known = found.get(key)
        if known is not None:
            year, note = known.year or year, known.note or note
        found[key] = Transfer(source.id, source.title, source.city,
                              target.id, target.title, target.city, year, note)

    for practice in by_id.values():
        for ref in practice.adapted_from:
            if ref.practice in by_id and ref.practice != practice.id:
                add(by_id[ref.practice], practice, ref.year, ref.note)
        for ref in practice.adopted_by:
            if ref.practice in by_id and ref.practice != practice.id:
                add(practice, by_id[ref.practice], ref.year, ref.note)
    return sorted(found.values(), key=lambda t: (t.source_city, t.target_city,
                                                 t.source_practice, t.target_practice))


def build_graph(practices: Iterable[Practice]) -> TransferGraph:
    """Nodes are cities with practices; links group transfers by (source city, target city).

    Transfers inside one city are kept in the links (they are real history) but
    :func:`render_svg` does not draw them as edges.
    """
    practices = list(practices)
    counts: dict[str, int] = {}
    for p in practices:
        counts[p.city] = counts.get(p.city, 0) + 1
    grouped: dict[tuple[str, str], list[Transfer]] = {}
    for t in collect_transfers(practices):
        grouped.setdefault((t.source_city, t.target_city), []).append(t)
    links = [Link(s, d, tuple(ts)) for (s, d), ts in sorted(grouped.items())]
    return TransferGraph(nodes=sorted(counts), links=links, practice_counts=counts)


def circle_layout(nodes: Iterable[str], registry: Mapping[str, City], *, cx: float, cy: float,
                  radius: float) -> dict[str, tuple[float, float]]:
    """Place nodes on a circle, clockwise from the top, ordered by longitude (west to east).

    Nodes missing from ``registry`` go last, by slug. One node sits at the top.
    """
    def order(slug: str) -> tuple:
        city = registry.get(slug)
        return (0, city.lon, slug) if city else (1, 0.0, slug)

    ordered = sorted(set(nodes), key=order)
    places = {}
    for i, slug in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(ordered), 1)
        places[slug] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return places


def node_radius(count: int) -> float:
    """Node size grows with the square root of the practice count (area ~ count)."""
    return 5.0 + 2.5 * math.sqrt(max(count, 0))


def link_title(link: Link, city_name: Callable[[str], str]) -> str:
    """A one-line description of a link: cities, then each practice pair with its year."""
    parts = []
    for t in link.transfers:
        year = f" ({t.year})" if t.year else ""
        through = f" [{t.exchange_name}]" if t.exchange_name else ""
        parts.append(f"{t.source_title} → {t.target_title}{year}{through}")
    return f"{city_name(link.source)} → {city_name(link.target)}: " + "; ".join(parts)


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _edge_path(a: tuple[float, float], b: tuple[float, float], center: tuple[float, float],
               end_gap: float) -> str:
    """A quadratic curve from a to b bent toward the centre, stopping ``end_gap`` short of b.

    The control point is shifted sideways by the direction of travel so that A→B and
    B→A do not draw on top of each other.
    """
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    px, py = -dy / length, dx / length
    qx = mx + (center[0] - mx) * 0.35 + px * 14
    qy = my + (center[1] - my) * 0.35 + py * 14
    tx, ty = b[0] - qx, b[1] - qy
    tl = math.hypot(tx, ty) or 1.0
    ex, ey = b[0] - tx / tl * end_gap, b[1] - ty / tl * end_gap
    return f"M{_fmt(a[0])},{_fmt(a[1])} Q{_fmt(qx)},{_fmt(qy)} {_fmt(ex)},{_fmt(ey)}"


def render_svg(graph: TransferGraph, registry: Mapping[str, City], *,
               title: str, description: str, href: Callable[[str], str] | None = None,
               count_label: Callable[[int], str] = lambda n: f"{n} practices",
               city_name: Callable[[str], str] | None = None,
               size: int = 760) -> str:
    """The graph as a standalone ``<svg>`` element (a string of trusted markup).

    Args:
        graph: from :func:`build_graph`.
        registry: city slug -> :class:`kb.vocab.City` (names and longitudes).
        title, description: the accessible ``<title>`` and ``<desc>`` (plain text, escaped here).
        href: city slug -> URL of its page; nodes are links when given.
        count_label: practice count -> text for the node tooltip ("3 practices").
        city_name: city slug -> the name to show (the interface language's); the registry's
            English name when not given.
        size: width of the viewBox in user units (the height follows from the circle).
    """
    radius = size / 2 - 115  # room for labels left and right of the circle
    height = round(2 * radius + 70)  # labels sit beside the nodes, so less room above and below
    center = (size / 2, height / 2)
    places = circle_layout(graph.nodes, registry, cx=center[0], cy=center[1], radius=radius)

    def name(slug: str) -> str:
        if city_name is not None:
            return city_name(slug)
        city = registry.get(slug)
        return city.name if city else slug

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="transfer-graph" viewBox="0 0 {size} {height}" '
        # direction="ltr": the layout is geographic (west to east), and text-anchor start/end
        # would swap sides in a right-to-left page
        f'width="100%" role="group" aria-labelledby="graph-title graph-desc" direction="ltr" '
        f'font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="graph-title">{escape(title)}</title>',
        f'<desc id="graph-desc">{escape(description)}</desc>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
        'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#b4450f"/>'
        '</marker></defs>',
        f'<circle cx="{_fmt(center[0])}" cy="{_fmt(center[1])}" r="{_fmt(radius)}" fill="none" '
        'stroke="#d8d8d8" stroke-dasharray="4 6"/>',
        '<g class="graph-links">',
    ]
    for link in graph.links:
        if link.source == link.target or link.source not in places or link.target not in places:
            continue
        gap = node_radius(graph.practice_counts.get(link.target, 0)) + 2
        width = 1.5 + min(len(link.transfers), 5) * 0.75
        path = _edge_path(places[link.source], places[link.target], center, gap)
        out.append(
            f'<g class="graph-link"><title>{escape(link_title(link, name))}</title>'
            f'<path d="{path}" fill="none" stroke="#b4450f" stroke-opacity="0.8" '
            f'stroke-width="{width:.2f}" marker-end="url(#arrow)"/></g>'
        )
    out.append('</g><g class="graph-nodes">')
    for slug in graph.nodes:
        x, y = places[slug]
        count = graph.practice_counts.get(slug, 0)
        r = node_radius(count)
        right = x >= center[0] - 1
        lx = x + (r + 6) * (1 if right else -1) + (x - center[0]) / radius * 4
        ly = y + (y - center[1]) / radius * 8 + 4
        anchor = "start" if right else "end"
        node = (
            f'<title>{escape(name(slug))}: {escape(count_label(count))}</title>'
            f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(r)}" fill="#0b4a6f" stroke="#ffffff" '
            f'stroke-width="1.5"/>'
            f'<text x="{_fmt(lx)}" y="{_fmt(ly)}" text-anchor="{anchor}" fill="#1c2430">'
            f'{escape(name(slug))}</text>'
        )
        if href is not None:
            node = f'<a href="{escape(href(slug))}">{node}</a>'
        out.append(f'<g class="graph-node" data-city="{escape(slug)}">{node}</g>')
    out.append("</g></svg>")
    return "".join(out)
