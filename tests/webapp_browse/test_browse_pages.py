"""Browse pages on the fixture corpus: cities, one city, topics, one topic, the transfer graph.

Fixture facts used here: 5 practices (chicago x2, paris, hamburg, milan); the Hamburg
Spritzentausch was adapted in Chicago as the needle exchange (recorded on both sides);
harm-reduction has two practices (de, en).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from kb import vocab


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_cities_lists_every_registry_city_with_its_practice_count_and_twins(client):
    html = page(client, "/cities/")
    listed = re.findall(r'class="city-item[^"]*" data-city="([a-z-]+)"', html)
    assert sorted(listed) == sorted(vocab.cities())
    hamburg = html[html.index('data-city="hamburg"'):]
    hamburg = hamburg[:hamburg.index("</li>")]
    assert "1 practice<" in hamburg and 'href="/cities/osaka"' in hamburg
    chicago = html[html.index('data-city="chicago"'):]
    assert "2 practices" in chicago[:chicago.index("</li>")]


def test_cities_are_grouped_under_country_names(client):
    html = page(client, "/cities/")
    germany = html.index(">Germany</h2>")
    assert germany < html.index('data-city="hamburg"') < html.index("</section>", germany)


def test_city_page_shows_its_practices_twins_and_what_it_passed_on(client):
    html = page(client, "/cities/hamburg")
    assert "<h1>Hamburg" in html
    assert 'href="/practices/spritzentausch-fixture"' in html
    passed = html[html.index('id="city-passed"'):html.index('id="city-twins"')]
    assert 'href="/practices/needle-exchange-fixture"' in passed and 'href="/cities/chicago"' in passed
    adopted = html[html.index('id="city-adopted"'):html.index('id="city-passed"')]
    assert "No recorded transfer into this city yet." in adopted
    twins = html[html.index('id="city-twins"'):]
    for twin in vocab.cities()["hamburg"].twinned_with:
        assert f'href="/cities/{twin}"' in twins


def test_city_page_shows_what_it_adopted_from_elsewhere(client):
    html = page(client, "/cities/chicago")
    adopted = html[html.index('id="city-adopted"'):html.index('id="city-passed"')]
    assert "Spritzentausch und Kontaktladen" in adopted and "2015" in adopted


def test_city_without_practices_invites_a_contribution(client):
    html = page(client, "/cities/accra")
    assert "No practice from Accra has been written up yet." in html


@pytest.mark.parametrize("url", ["/cities/atlantis", "/cities/Hamburg", "/cities/..%2Fetc", "/topics/nope",
                                 "/topics/HARM-REDUCTION"])
def test_unknown_slugs_are_404(client, url):
    assert client.get(url).status_code == 404


def test_topics_lists_every_topic_with_its_count(client):
    html = page(client, "/topics/")
    listed = re.findall(r'data-topic="([a-z-]+)"', html)
    assert sorted(listed) == sorted(vocab.topics())
    item = html[html.index('data-topic="harm-reduction"'):]
    assert "2 practices" in item[:item.index("</li>")]
    item = html[html.index('data-topic="foster-care"'):]
    assert "0 practices" in item[:item.index("</li>")]


def test_topics_with_practices_come_before_empty_ones(client):
    html = page(client, "/topics/")
    assert html.index('data-topic="harm-reduction"') < html.index('data-topic="foster-care"')


def test_topic_page_groups_practices_by_city_and_names_their_languages(client):
    html = page(client, "/topics/harm-reduction")
    assert "<h1>Harm reduction</h1>" in html
    assert "2 practices in 2 cities." in html
    assert html.index('id="topic-city-chicago"') < html.index('id="topic-city-hamburg"')
    assert "German (1)" in html and "English (1)" in html
    assert "custodi-sociali-fixture" not in html


def test_topic_without_practices_says_so(client):
    assert "No practice on this topic yet." in page(client, "/topics/foster-care")


def test_graph_page_draws_the_transfer_once_with_an_accessible_svg(client):
    html = page(client, "/graph")
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    # a group, not an image: the drawing holds links to the cities (axe: nested-interactive)
    assert root.get("role") == "group" and root.get("aria-labelledby") == "graph-title graph-desc"
    assert root.find(f"{ns}title").text == "Transfer graph"
    assert "1 transfer of practices between 2 cities" in root.find(f"{ns}desc").text
    links = root.findall(f".//{ns}g[@class='graph-link']")
    assert len(links) == 1
    assert links[0].find(f"{ns}title").text.startswith("Hamburg → Chicago: Spritzentausch")
    nodes = {g.get("data-city") for g in root.iter(f"{ns}g") if g.get("data-city")}
    assert nodes == {"chicago", "hamburg", "paris", "milan"}
    assert "1 transfer between 2 cities." in html


@pytest.mark.parametrize("url", ["/cities/", "/cities/chicago", "/topics/", "/topics/housing", "/graph"])
def test_browse_pages_carry_security_headers_and_no_inline_styles(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = response.get_data(as_text=True)
    assert " style=" not in html and "<style" not in html and "<script>" not in html
    assert 'href="/static/browse.css"' in html


def test_browse_pages_speak_the_interface_language(client):
    html = page(client, "/cities/?lang=fr")
    assert "<h1>Villes</h1>" in html and ">Allemagne</h2>" in html and "1 pratique<" in html
    html = page(client, "/topics/harm-reduction?lang=de")
    assert "<h1>Schadensminimierung</h1>" in html and "2 Praktiken in 2 Städten." in html
    html = page(client, "/graph?lang=es")
    assert "Grafo de transferencias" in html


def test_practice_content_stays_in_its_language(client):
    html = page(client, "/topics/harm-reduction?lang=fr")
    assert "Spritzentausch und Kontaktladen für Drogengebrauchende" in html
