"""Pure parts of the static export: URL-to-file mapping, link rewriting, feed and sitemap."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from webapp.feeds import FeedEntry, atom_feed, entry_dates, sitemap
from webapp.static_links import LinkRewriter, page_file

UTC = dt.timezone.utc


@pytest.mark.parametrize("path, file", [
    ("/", "index.html"), ("/cities/", "cities/index.html"), ("/cities/hamburg", "cities/hamburg.html"),
    ("/about", "about.html"), ("/practices/a-b", "practices/a-b.html"),
])
def test_page_file(path, file):
    assert page_file(path) == file


@pytest.mark.parametrize("url, expected", [
    ("/practices/x", "../practices/x.html"),
    ("/cities/paris", "paris.html"),
    ("/cities/", "index.html"),
    ("/", "../index.html"),
    ("/static/site.css", "../static/site.css"),
    ("/api/openapi.json", "../api/openapi.json"),
    ("/cities/paris?lang=fr", "../fr/cities/paris.html"),
    ("/cities/paris?lang=xx", "paris.html"),
    ("/graph#top", "../graph.html#top"),
    ("/search?q=abri&city=paris", "../search.html?q=abri"),  # the static search page reads q
    ("#main", "#main"),
    ("https://example.org/x", "https://example.org/x"),
    ("mailto:team@example.org", "mailto:team@example.org"),
    ("relative.html", "relative.html"),
])
def test_links_from_an_english_page_one_folder_down(url, expected):
    assert LinkRewriter(["en", "fr"]).rewrite_url(url, "cities/hamburg.html", "en") == expected


def test_links_from_a_french_page_stay_in_the_french_tree_unless_asked():
    rewriter = LinkRewriter(["en", "fr"])
    assert rewriter.rewrite_url("/practices/x", "fr/cities/hamburg.html", "fr") == "../practices/x.html"
    assert rewriter.rewrite_url("/practices/x?lang=en", "fr/cities/hamburg.html", "fr") == "../../practices/x.html"
    assert rewriter.rewrite_url("/static/site.css", "fr/index.html", "fr") == "../static/site.css"


def test_search_links_go_to_the_endpoint_with_their_query_but_not_the_language():
    rewriter = LinkRewriter(["en"], search_endpoint="https://live.example/search")
    assert rewriter.rewrite_url("/search", "index.html", "en") == "https://live.example/search"
    assert rewriter.rewrite_url("/search?q=abri+de+nuit&lang=fr", "a/b.html", "en") == \
        "https://live.example/search?q=abri+de+nuit"


def test_rewrite_html_escapes_and_records_links_to_missing_files():
    rewriter = LinkRewriter(["en"])
    html = '<a href="/practices/x?lang=en&amp;a=1">x</a> <img src="/static/a.png"> <form action="/search">'
    out = rewriter.rewrite_html(html, "index.html", "en", known_files={"practices/x.html", "search.html"})
    assert out == '<a href="practices/x.html">x</a> <img src="static/a.png"> <form action="search.html">'
    assert rewriter.unresolved == {"index.html": {"/static/a.png"}}


def test_entry_dates_without_git_use_the_review_date():
    when = dt.datetime(2026, 1, 15, tzinfo=UTC)
    assert entry_dates(dt.date(2026, 1, 15), None) == (when, when)


def test_entry_dates_take_the_later_of_review_and_last_commit():
    first, last = dt.datetime(2025, 3, 1, tzinfo=UTC), dt.datetime(2025, 6, 1, tzinfo=UTC)
    assert entry_dates(dt.date(2025, 1, 1), (first, last)) == (first, last)
    reviewed = dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert entry_dates(dt.date(2026, 1, 1), (first, last)) == (first, reviewed)


def test_an_empty_feed_is_still_a_valid_atom_document():
    root = ET.fromstring(atom_feed([], title="T", feed_id="urn:x", self_link="feed.xml", site_link="index.html"))
    assert root.tag == "{http://www.w3.org/2005/Atom}feed" and root.findall("{http://www.w3.org/2005/Atom}entry") == []


def test_the_feed_keeps_the_most_recently_updated_entries_first():
    def entry(n: int) -> FeedEntry:
        when = dt.datetime(2026, 1, n, tzinfo=UTC)
        return FeedEntry(f"urn:{n}", f"T{n}", "S", "fr", f"p{n}.html", when, when, ("housing",))

    root = ET.fromstring(atom_feed([entry(n) for n in (3, 1, 2)], title="T", feed_id="urn:x",
                                   self_link="feed.xml", site_link="index.html", size=2))
    ids = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}id")][1:]
    assert ids == ["urn:3", "urn:2"]
    first = root.find("{http://www.w3.org/2005/Atom}entry")
    assert first.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert first.find("{http://www.w3.org/2005/Atom}updated").text == "2026-01-03T00:00:00Z"


def test_sitemap_with_and_without_lastmod():
    root = ET.fromstring(sitemap([("https://x/a.html", dt.date(2026, 2, 1)), ("https://x/b.html", None)]))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert [u.find(f"{ns}loc").text for u in root] == ["https://x/a.html", "https://x/b.html"]
    assert [u.findtext(f"{ns}lastmod") for u in root] == ["2026-02-01", None]
