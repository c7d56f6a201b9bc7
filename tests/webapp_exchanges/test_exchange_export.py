"""Exchange records in the static export: their pages, the feed and the sitemap."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from webapp.export import export_site_command

BASE = "https://px.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def exported(fixture_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "site"
    result = CliRunner().invoke(export_site_command, [
        str(out), "--content", str(fixture_site / "practices"), "--index", str(fixture_site / "no-index"),
        "--base-url", BASE, "--languages", "en,fr"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "links to pages that were not exported" not in result.output
    return out


def test_every_exchange_page_is_exported_in_every_language(exported):
    for prefix in ("", "fr/"):
        for name in ("exchanges/index.html", "exchanges/2015-hamburg-chicago-fixture.html",
                     "exchanges/2017-milan-paris-fixture.html", "exchanges/2018-hamburg-chicago-fixture.html"):
            assert (exported / prefix / name).is_file(), prefix + name


def test_exported_exchange_links_are_relative_files(exported):
    html = (exported / "exchanges/2015-hamburg-chicago-fixture.html").read_text(encoding="utf-8")
    assert 'href="../practices/spritzentausch-fixture.html"' in html
    assert 'href="2018-hamburg-chicago-fixture.html" rel="next"' in html


def test_the_exported_list_filters_in_the_page_where_no_server_reads_the_query(exported):
    html = (exported / "exchanges/index.html").read_text(encoding="utf-8")
    assert 'action="index.html"' in html and "exchanges.js" in html
    assert 'data-cities="hamburg chicago"' in html


def test_the_feed_carries_the_exchanges(exported):
    feed = ET.parse(exported / "feed.xml").getroot()
    links = {e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")}
    assert f"{BASE}/exchanges/2017-milan-paris-fixture.html" in links


def test_the_sitemap_lists_the_exchange_pages(exported):
    text = (exported / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}/exchanges/2015-hamburg-chicago-fixture.html</loc>" in text
    assert f"<loc>{BASE}/fr/exchanges/index.html</loc>" in text


def test_the_export_has_no_shortlist_which_needs_the_live_site(exported):
    html = (exported / "cities/hamburg.html").read_text(encoding="utf-8")
    assert "shortlist" not in html.lower()


# --- the static export's search (Pagefind) --------------------------------------------------


def pagefind_filters(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<meta data-pagefind-filter="([^"]+)\[content\]" content="([^"]+)">', html)


def test_the_pagefind_index_holds_the_exchange_pages_beside_the_practices(exported):
    entry = json.loads((exported / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"en": 8, "fr": 8}  # 5 + 3


def test_exchange_pages_mark_their_header_and_main_column_for_the_index(exported):
    html = (exported / "fr/exchanges/2015-hamburg-chicago-fixture.html").read_text(encoding="utf-8")
    assert html.count("data-pagefind-body") == 2
    assert re.search(r'<header class="exchange-header" data-pagefind-body>\s*<h1', html)


def test_the_exchange_list_is_not_indexed(exported):
    assert "data-pagefind-body" not in (exported / "exchanges/index.html").read_text(encoding="utf-8")


def test_exchange_pages_carry_type_city_language_and_topic_filters_in_the_interface_language(exported):
    html = (exported / "fr/exchanges/2015-hamburg-chicago-fixture.html").read_text(encoding="utf-8")
    assert pagefind_filters(html) == [("Type", "Échanges"), ("Ville", "Hambourg"), ("Ville", "Chicago"),
                                      ("Langue", "anglais"), ("Thème", "Réduction des risques"),
                                      ("Thème", "Addictions")]


def test_practice_pages_say_they_are_practices_in_the_same_type_filter(exported):
    html = (exported / "fr/practices/spritzentausch-fixture.html").read_text(encoding="utf-8")
    assert ("Type", "Pratiques") in pagefind_filters(html)


def test_the_export_search_page_says_it_searches_the_exchanges_too(exported):
    html = (exported / "search.html").read_text(encoding="utf-8")
    assert "Search the words of every practice and exchange in this copy of Practice Exchange." in html


def test_the_live_exchange_page_has_no_pagefind_markup(client):
    html = client.get("/exchanges/2015-hamburg-chicago-fixture").get_data(as_text=True)
    assert "data-pagefind" not in html
