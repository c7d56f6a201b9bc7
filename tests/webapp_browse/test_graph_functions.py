"""The transfer graph's pure functions: collecting, deduplicating, laying out and drawing."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from kb import vocab
from kb.model import Practice
from webapp.graph import (build_graph, circle_layout, collect_transfers, link_title, node_radius,
                          render_svg)

SVG = "{http://www.w3.org/2000/svg}"


def practice(pid: str, city: str, **fields) -> Practice:
    return Practice.model_validate({
        "id": pid, "title": fields.pop("title", f"Title of {pid}"), "city": city, "language": "en",
        "topics": ["housing"], "summary": "A summary long enough to pass the model's check.",
        "evidence_level": "emerging", "status": "active", "last_reviewed": "2026-01-01", **fields,
    })


def draw(graph) -> ET.Element:
    svg = render_svg(graph, vocab.cities(), title="Transfers", description="Who took what from whom",
                     href=lambda slug: f"/cities/{slug}")
    assert "style=" not in svg  # the CSP forbids inline styles
    return ET.fromstring(svg)


def test_empty_graph_has_no_nodes_or_links_and_still_draws_a_titled_svg():
    graph = build_graph([])
    assert graph.nodes == [] and graph.links == [] and graph.transfers == []
    root = draw(graph)
    assert root.find(f"{SVG}title").text == "Transfers"
    assert root.find(f"{SVG}desc").text == "Who took what from whom"
    assert root.findall(f".//{SVG}path[@marker-end]") == []


def test_adapted_from_makes_one_edge_from_the_origin_city_to_the_adopter():
    origin = practice("origin-model", "hamburg", title="Kontaktladen")
    adopter = practice("adopted-model", "chicago", title="Drop-in centre",
                       adapted_from=[{"practice": "origin-model", "year": 2015}])
    graph = build_graph([origin, adopter])
    assert graph.nodes == ["chicago", "hamburg"]
    assert [(link.source, link.target) for link in graph.links] == [("hamburg", "chicago")]
    (transfer,) = graph.transfers
    assert (transfer.source_practice, transfer.target_practice, transfer.year) == ("origin-model", "adopted-model", 2015)
    edges = draw(graph).findall(f".//{SVG}g[@class='graph-link']")
    assert len(edges) == 1
    assert edges[0].find(f"{SVG}title").text == "Hamburg → Chicago: Kontaktladen → Drop-in centre (2015)"


def test_a_transfer_recorded_on_both_sides_counts_once_and_keeps_the_details_of_either():
    origin = practice("origin-model", "hamburg", adopted_by=[{"practice": "adopted-model", "note": "contact shop"}])
    adopter = practice("adopted-model", "chicago", adapted_from=[{"practice": "origin-model", "year": 2015}])
    (transfer,) = collect_transfers([origin, adopter])
    assert (transfer.year, transfer.note) == (2015, "contact shop")


def test_references_to_absent_practices_and_to_itself_are_skipped():
    lonely = practice("lonely-model", "paris", adapted_from=[{"practice": "not-in-corpus"}],
                      adopted_by=[{"practice": "lonely-model"}])
    assert collect_transfers([lonely]) == []
    graph = build_graph([lonely])
    assert graph.nodes == ["paris"] and graph.practice_counts == {"paris": 1}


def test_transfers_inside_one_city_are_kept_but_not_drawn():
    a = practice("first-model", "milan")
    b = practice("second-model", "milan", adapted_from=[{"practice": "first-model"}])
    graph = build_graph([a, b])
    assert [(link.source, link.target) for link in graph.links] == [("milan", "milan")]
    assert draw(graph).findall(f".//{SVG}g[@class='graph-link']") == []


def test_several_transfers_between_two_cities_share_one_link_titled_with_each_practice():
    origins = [practice(f"origin-{n}", "hamburg", title=f"Origin {n}") for n in ("a", "b")]
    adopters = [practice(f"adopter-{n}", "chicago", title=f"Adopter {n}",
                         adapted_from=[{"practice": f"origin-{n}"}]) for n in ("a", "b")]
    graph = build_graph(origins + adopters)
    (link,) = graph.links
    assert len(link.transfers) == 2
    assert link_title(link, str.title) == "Hamburg → Chicago: Origin a → Adopter a; Origin b → Adopter b"


def test_nodes_link_to_their_city_pages_and_are_sized_by_practice_count():
    graph = build_graph([practice("one-model", "paris"), practice("two-model", "paris"), practice("three-model", "milan")])
    root = draw(graph)
    hrefs = {a.get("href") for a in root.iter(f"{SVG}a")}
    assert hrefs == {"/cities/paris", "/cities/milan"}
    radii = {g.get("data-city"): float(g.find(f".//{SVG}circle").get("r")) for g in root.iter(f"{SVG}g")
             if g.get("data-city")}
    assert radii == {"paris": round(node_radius(2), 1), "milan": round(node_radius(1), 1)}
    assert radii["paris"] > radii["milan"]


def test_titles_are_escaped():
    graph = build_graph([practice("a-model", "paris", title="Soins <urgents> & co"),
                         practice("b-model", "milan", adapted_from=[{"practice": "a-model"}])])
    root = draw(graph)  # parses: the & and < were escaped
    assert "Soins <urgents> & co" in root.find(f".//{SVG}g[@class='graph-link']/{SVG}title").text


def test_circle_layout_puts_a_single_node_at_the_top():
    assert circle_layout(["paris"], vocab.cities(), cx=100, cy=100, radius=50) == {"paris": (100.0, 50.0)}


def test_circle_layout_orders_cities_west_to_east_clockwise_from_the_top():
    places = circle_layout(["osaka", "chicago", "paris", "nowhere"], vocab.cities(), cx=0, cy=0, radius=10)
    top, right, bottom, left = (places[s] for s in ("chicago", "paris", "osaka", "nowhere"))
    assert top[1] < -9.9 and right[0] > 9.9 and bottom[1] > 9.9 and left[0] < -9.9


def test_circle_layout_of_nothing_is_empty():
    assert circle_layout([], vocab.cities(), cx=0, cy=0, radius=10) == {}
