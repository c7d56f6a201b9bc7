"""Exchange records in the static export: their pages, the feed and the sitemap."""
from __future__ import annotations

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
