"""The exchange pages: the list (a timeline by year, filters that work without JavaScript), one
page per exchange, exchanges on city and practice pages, and the transfer graph."""
from __future__ import annotations

import re

from exchange_helpers import REPO, text_of


def test_the_list_is_a_timeline_with_the_most_recent_year_first(client):
    html = client.get("/exchanges/").get_data(as_text=True)
    years = re.findall(r'<h2 id="year-(\d{4})">', html)
    assert years == ["2018", "2017", "2015"]
    assert html.index("Return visit of the Hamburg delegation") < html.index("Older people living alone") \
        < html.index("Harm reduction study visit to Hamburg")


def test_each_exchange_in_the_list_says_who_hosted_and_who_visited(client):
    text = text_of(client.get("/exchanges/").get_data(as_text=True))
    assert "Older people living alone, a study visit to Milan (fixture) Oct 2 – 6, 2017 Host: Milan " \
           "Visitors from: Paris and Chicago" in text


def test_the_city_filter_is_a_plain_form_answered_by_the_server(client):
    html = client.get("/exchanges/?city=paris").get_data(as_text=True)
    assert '<form class="exchange-filters card" method="get"' in html
    assert "Older people living alone" in html
    assert "Harm reduction study visit" not in html
    assert '<option value="paris" selected>' in html


def test_a_city_filter_keeps_the_exchanges_it_hosted_and_those_it_visited(client):
    html = client.get("/exchanges/?city=hamburg").get_data(as_text=True)
    assert "Harm reduction study visit to Hamburg" in html and "Return visit of the Hamburg delegation" in html
    assert "Older people living alone" not in html


def test_the_theme_filter_keeps_the_exchanges_with_that_theme(client):
    html = client.get("/exchanges/?theme=social-isolation").get_data(as_text=True)
    assert "Older people living alone" in html and "Harm reduction study visit" not in html


def test_filters_without_a_match_say_so_and_offer_all_exchanges(client):
    html = client.get("/exchanges/?city=paris&theme=harm-reduction").get_data(as_text=True)
    assert "No exchange matches these filters." in html
    assert '<p class="empty-state" data-exchange-empty>' in html


def test_an_unknown_filter_value_is_a_clear_400(client):
    response = client.get("/exchanges/?city=atlantis")
    assert response.status_code == 400
    assert "There is no city “atlantis”; choose one from the list." in response.get_data(as_text=True)


def test_the_exchange_page_shows_host_visitors_visits_and_what_was_taken_home(client):
    html = client.get("/exchanges/2015-hamburg-chicago-fixture").get_data(as_text=True)
    text = text_of(html)
    assert "Host city Hamburg" in text and "Visitors from Chicago" in text
    assert "Apr 13 – 17, 2015" in text
    visited = html[html.index('id="visited-title"'):html.index('id="outcomes-title"')]
    assert '<a href="/practices/spritzentausch-fixture"' in visited and "The contact shop, visited on the second day." in visited
    taken = html[html.index('id="outcomes-title"'):]
    assert '<a href="/practices/needle-exchange-fixture"' in taken
    assert "The contact-shop model, adapted in Chicago&#39;s drop-in centre." in taken


def test_the_exchange_page_links_the_next_exchange_of_its_series(client):
    html = client.get("/exchanges/2015-hamburg-chicago-fixture").get_data(as_text=True)
    assert '<a href="/exchanges/2018-hamburg-chicago-fixture" rel="next">' in html
    series = html[html.index('class="plain-list exchange-series"'):]
    assert series.index("2015 · Hamburg") < series.index("2018 · Chicago")


def test_the_exchange_page_lists_its_organisers_and_sources(client):
    text = text_of(client.get("/exchanges/2017-milan-paris-fixture").get_data(as_text=True))
    assert "Paris committee (fixture) — travel and funding of the Paris delegation" in text
    assert "Loneliness in old age" in text


def test_an_exchange_known_only_from_a_mention_is_marked_as_such(client):
    text = text_of(client.get("/exchanges/2018-hamburg-chicago-fixture").get_data(as_text=True))
    assert "Mentioned only" in text
    assert "The public record only mentions this exchange." in text
    assert "The record names no programme visited." in text


def test_the_exchange_page_shows_the_transfer_it_led_to(client):
    html = client.get("/exchanges/2015-hamburg-chicago-fixture").get_data(as_text=True)
    assert 'id="exchange-transfers"' in html
    assert '<a href="/graph?exchange=2015-hamburg-chicago-fixture">' in html


def test_an_unknown_or_malformed_exchange_id_is_a_404(client):
    for path in ("/exchanges/2015-no-such-exchange", "/exchanges/..%2Fpractices", "/exchanges/hamburg"):
        assert client.get(path).status_code == 404, path


def test_the_city_page_lists_the_exchanges_it_hosted_and_visited(client):
    html = client.get("/cities/hamburg").get_data(as_text=True)
    hosted = html[html.index('id="city-hosted"'):html.index('id="city-visited"')]
    visited = html[html.index('id="city-visited"'):]
    assert "Harm reduction study visit to Hamburg" in hosted and "Return visit" not in hosted
    assert "Return visit of the Hamburg delegation to Chicago" in visited


def test_a_city_without_exchanges_says_none_is_recorded(client):
    text = text_of(client.get("/cities/warsaw").get_data(as_text=True))
    assert "No exchange hosted here is recorded yet." in text


def test_the_practice_page_says_during_which_exchange_it_was_visited(client):
    html = client.get("/practices/spritzentausch-fixture").get_data(as_text=True)
    section = html[html.index('id="exchanges-title"'):]
    assert "Visited during:" in section
    assert '<a href="/exchanges/2015-hamburg-chicago-fixture"' in section


def test_the_practice_page_says_from_which_exchange_it_was_taken_home(client):
    text = text_of(client.get("/practices/needle-exchange-fixture").get_data(as_text=True))
    assert "Taken home from: Harm reduction study visit to Hamburg (fixture)" in text


def test_a_practice_no_exchange_names_has_no_exchange_section(client):
    assert 'id="exchanges-title"' not in client.get("/practices/domestic-violence-shelter-fixture").get_data(as_text=True)


def test_the_transfer_graph_names_the_exchange_behind_a_transfer(client):
    html = client.get("/graph").get_data(as_text=True)
    assert 'Exchange: <a href="/exchanges/2015-hamburg-chicago-fixture">Harm reduction study visit to Hamburg (fixture)</a>' in html
    assert "[Harm reduction study visit to Hamburg (fixture)]" in html  # the arrow's tooltip in the SVG


def test_the_transfer_graph_can_show_the_transfers_of_one_exchange(client):
    html = client.get("/graph?exchange=2017-milan-paris-fixture").get_data(as_text=True)
    assert "Only the transfers from this exchange:" in html
    assert "spritzentausch-fixture" not in html.split('id="graph-transfers"')[1]
    assert client.get("/graph?exchange=2099-nothing").status_code == 404


def test_the_menu_links_the_exchanges(client):
    assert '<a href="/exchanges/">Exchanges</a>' in client.get("/").get_data(as_text=True)


def test_a_broken_exchange_file_is_left_out_and_the_others_are_served(own_site, app_factory):
    (own_site / "exchanges/2017-milan-paris-fixture.md").write_text("---\nid: [\n---\n", encoding="utf-8")
    client = app_factory(own_site / "practices", own_site / "no-index").test_client()
    assert client.get("/exchanges/2017-milan-paris-fixture").status_code == 404
    assert client.get("/exchanges/2015-hamburg-chicago-fixture").status_code == 200


def test_an_edited_exchange_file_shows_without_a_restart(own_site, app_factory):
    client = app_factory(own_site / "practices", own_site / "no-index").test_client()
    assert "Loneliness in old age" in client.get("/exchanges/2017-milan-paris-fixture").get_data(as_text=True)
    path = own_site / "exchanges/2017-milan-paris-fixture.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Loneliness in old age", "Isolation in old age"),
                    encoding="utf-8")
    assert "Isolation in old age" in client.get("/exchanges/2017-milan-paris-fixture").get_data(as_text=True)


def test_the_exchange_folder_can_be_configured(own_site, app_factory):
    (own_site / "exchanges").rename(own_site / "visits")
    client = app_factory(own_site / "practices", own_site / "no-index", EXCHANGES_DIR=own_site / "visits").test_client()
    assert client.get("/exchanges/2017-milan-paris-fixture").status_code == 200


def test_without_an_exchange_folder_the_list_is_empty_and_pages_still_work(tmp_path, app_factory):
    import shutil

    shutil.copytree(REPO / "tests/data/corpus", tmp_path / "practices")
    (tmp_path / "no-index").mkdir()
    client = app_factory(tmp_path / "practices", tmp_path / "no-index").test_client()
    assert "No exchange matches these filters." in client.get("/exchanges/").get_data(as_text=True)
    assert client.get("/cities/hamburg").status_code == 200


def test_the_list_of_visiting_cities_is_written_the_way_the_interface_language_writes_lists(client):
    from babel.lists import format_list

    from kb import vocab

    html = client.get("/exchanges/?lang=ar").get_data(as_text=True)
    assert format_list([vocab.label("city", "paris", "ar"), vocab.label("city", "chicago", "ar")], locale="ar") in html
    assert '<html lang="ar" dir="rtl">' in html
