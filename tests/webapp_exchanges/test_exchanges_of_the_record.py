"""The exchanges of the public record (exchanges/) on the site, with the practices written from it."""
from __future__ import annotations

import pytest

from exchange_helpers import text_of

CHICAGO_2014 = ("chicago-corporate-partnerships-volunteerism", "chicago-university-evaluation-partnerships",
                "chicago-empowerment-culturally-informed-care")


def test_the_2014_chicago_paris_page_lists_the_chicago_practices_written_from_it(real_client):
    html = real_client.get("/exchanges/2014-chicago-paris").get_data(as_text=True)
    visited = html[html.index('id="visited-title"'):html.index('id="outcomes-title"')]
    for practice_id in CHICAGO_2014:
        assert f'<a href="/practices/{practice_id}"' in visited, practice_id


def test_the_2014_chicago_paris_page_names_the_visiting_city_and_the_host(real_client):
    text = text_of(real_client.get("/exchanges/2014-chicago-paris").get_data(as_text=True))
    assert "Host city Chicago" in text and "Visitors from Paris" in text


def test_what_paris_took_home_links_the_paris_write_ups_marked_illustrative(real_client):
    html = real_client.get("/exchanges/2014-chicago-paris").get_data(as_text=True)
    taken = html[html.index('id="outcomes-title"'):html.index('id="exchange-transfers"')]
    for practice_id in ("paris-mecenat-benevolat-entreprises", "paris-evaluation-partenariats-universitaires",
                        "paris-pouvoir-d-agir"):
        assert f'<a href="/practices/{practice_id}"' in taken
    assert taken.count("badge-illustrative") == 3


def test_the_2014_exchange_is_the_third_of_its_series(real_client):
    html = real_client.get("/exchanges/2014-chicago-paris").get_data(as_text=True)
    series = html[html.index('class="plain-list exchange-series"'):]
    assert series.index("/exchanges/2010-chicago-paris") < series.index("/exchanges/2012-chicago-paris") \
        < series.index('aria-current="page">2014')


@pytest.mark.parametrize("exchange_id", ["2010-chicago-paris", "2012-chicago-paris"])
def test_the_earlier_visits_are_marked_as_known_only_from_a_mention(real_client, exchange_id):
    text = text_of(real_client.get(f"/exchanges/{exchange_id}").get_data(as_text=True))
    assert "Mentioned only" in text and "The record names no programme visited." in text


@pytest.mark.parametrize("city", ["chicago", "birmingham", "hamburg"])
def test_the_tri_city_exchange_appears_on_each_of_its_city_pages(real_client, city):
    html = real_client.get(f"/cities/{city}").get_data(as_text=True)
    exchanges = html[html.index('id="city-hosted"'):html.index('id="city-twins"')]
    assert '<a href="/exchanges/2014-tri-city-exchange"' in exchanges


def test_chicago_hosted_the_tri_city_exchange_that_birmingham_visited(real_client):
    chicago = real_client.get("/cities/chicago").get_data(as_text=True)
    birmingham = real_client.get("/cities/birmingham").get_data(as_text=True)
    assert "2014-tri-city-exchange" in chicago[chicago.index('id="city-hosted"'):chicago.index('id="city-visited"')]
    assert "2014-tri-city-exchange" in birmingham[birmingham.index('id="city-visited"'):]


def test_a_chicago_practice_says_it_was_visited_during_the_2014_exchange(real_client):
    text = text_of(real_client.get("/practices/chicago-corporate-partnerships-volunteerism").get_data(as_text=True))
    assert "Visited during: 2014 Chicago–Paris Social Services Exchange (2014)" in text


def test_the_transfer_graph_shows_the_2014_exchange_behind_the_chicago_paris_transfers(real_client):
    html = real_client.get("/graph?exchange=2014-chicago-paris").get_data(as_text=True)
    transfers = html.split('id="graph-transfers"')[1]
    assert transfers.count('class="transfer-item"') == 3
    assert "paris-pouvoir-d-agir" in transfers


def test_the_tri_city_page_does_not_claim_a_visit_the_record_does_not_state(real_client):
    html = real_client.get("/exchanges/2014-tri-city-exchange").get_data(as_text=True)
    assert "The record names no programme visited." in html
    related = html[html.index('id="related-title"'):]
    assert '<a href="/practices/birmingham-juvenile-offender-programmes"' in related
