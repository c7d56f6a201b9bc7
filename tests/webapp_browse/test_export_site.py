"""`kb export-site` on the indexed fixture corpus: a static site whose every link resolves."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from kb import vocab
from webapp import LANGUAGES
from webapp.export import MARKER, export_site_command

BASE = "https://px.example.org/exchange"
ENDPOINT = "https://live.example.org/search"
URL_ATTRIBUTE = re.compile(r'\s(?:href|src|action)="([^"]*)"')
ATOM = "{http://www.w3.org/2005/Atom}"


def run_export(*args: str):
    return CliRunner().invoke(export_site_command, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def site(site_dirs, tmp_path_factory) -> Path:
    content, index = site_dirs
    out = tmp_path_factory.mktemp("export") / "site"
    result = run_export(out, "--content", content, "--index", index, "--base-url", BASE)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    return out


@pytest.fixture(scope="module")
def site_with_endpoint(site_dirs, tmp_path_factory) -> Path:
    content, index = site_dirs
    out = tmp_path_factory.mktemp("export-endpoint") / "site"
    result = run_export(out, "--content", content, "--index", index, "--search-endpoint", ENDPOINT,
                        "--languages", "fr,en")
    assert result.exit_code == 0, result.output
    return out


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def links(page: Path) -> list[str]:
    return [link.replace("&amp;", "&") for link in URL_ATTRIBUTE.findall(page.read_text(encoding="utf-8"))]


def test_every_page_but_search_is_written_in_every_language(site):
    pages = {p.relative_to(site).as_posix() for p in html_files(site)}
    expected = {"index.html", "about.html", "graph.html", "cities/index.html", "topics/index.html", "search.html",
                "exchanges/index.html",
                "practices/spritzentausch-fixture.html", "practices/custodi-sociali-fixture.html",
                *(f"cities/{slug}.html" for slug in vocab.cities()), *(f"topics/{slug}.html" for slug in vocab.topics())}
    assert expected <= pages
    for lang in LANGUAGES[1:]:
        assert {f"{lang}/{name}" for name in expected} <= pages
    assert len(pages) == len(LANGUAGES) * (len(expected) + 3)  # 5 practices in all
    assert '<html lang="de">' in (site / "de" / "graph.html").read_text(encoding="utf-8")


def test_every_relative_link_resolves_to_a_file_of_the_export(site):
    checked = 0
    for page in html_files(site):
        for link in links(page):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            assert not link.startswith("/"), f"{page}: absolute link {link}"
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file() and site.resolve() in target.parents, f"{page}: broken link {link}"
            checked += 1
    assert checked > 1000


def test_fixture_pages_link_nowhere_outside_the_export(site):
    external = {link for page in html_files(site) for link in links(page) if urlsplit(link).scheme}
    assert external == set()


def test_static_assets_and_api_documents_are_copied(site):
    assert (site / "static" / "site.css").is_file() and (site / "static" / "browse.css").is_file()
    assert (site / "api" / "catalogue.csv").read_text(encoding="utf-8-sig").startswith('"id","title"')
    assert '"openapi":"3.1.0"' in (site / "api" / "openapi.json").read_text(encoding="utf-8").replace(" ", "")


def test_practice_pages_keep_their_similar_programmes(site):
    html = (site / "practices" / "domestic-violence-shelter-fixture.html").read_text(encoding="utf-8")
    assert 'href="hebergement-urgence-fixture.html"' in html


def test_language_switcher_links_to_the_same_page_in_the_other_trees(site):
    page = site / "fr" / "cities" / "hamburg.html"
    found = links(page)
    assert "../../cities/hamburg.html" in found and "../../de/cities/hamburg.html" in found
    assert "hamburg.html" in found  # fr itself


def test_without_an_endpoint_search_leads_to_the_static_search_page(site):
    forms = re.findall(r'<form[^>]*action="([^"]*)"', (site / "cities" / "index.html").read_text(encoding="utf-8"))
    assert forms == ["../search.html"]
    assert "pagefind-ui.js" in (site / "search.html").read_text(encoding="utf-8")
    assert "live.example.org" not in (site / "search.html").read_text(encoding="utf-8")


def test_with_an_endpoint_the_static_search_page_offers_the_live_search(site_with_endpoint):
    out = site_with_endpoint
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'action="search.html"' in home
    assert 'href="search.html?q=' in home  # the example queries keep their q
    search = (out / "search.html").read_text(encoding="utf-8")
    assert f'action="{ENDPOINT}"' in search and "pagefind-ui.js" in search


def test_sitemap_lists_every_page_under_the_base_url(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == len(html_files(site))
    for loc in locs:
        assert loc.startswith(BASE + "/") and (site / loc[len(BASE) + 1:]).is_file()


def test_atom_feed_has_every_practice_with_dates_and_links(site):
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(BASE) and (site / link[len(BASE) + 1:]).is_file()
        assert entry.find(f"{ATOM}published").text <= entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}summary").text
    stamps = [e.find(f"{ATOM}updated").text for e in entries]
    assert stamps == sorted(stamps, reverse=True)


def test_without_a_base_url_the_feed_links_are_relative_and_no_sitemap(site_with_endpoint):
    assert not (site_with_endpoint / "sitemap.xml").exists()
    feed = ET.parse(site_with_endpoint / "feed.xml").getroot()
    for entry in feed.findall(f"{ATOM}entry"):
        assert (site_with_endpoint / entry.find(f"{ATOM}link").get("href")).is_file()
        assert entry.find(f"{ATOM}id").text.startswith("urn:practice-exchange:practice:")


def test_a_folder_not_written_by_the_export_is_refused(site_dirs, tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    result = run_export(tmp_path, "--content", site_dirs[0], "--index", site_dirs[1], "--languages", "en")
    assert result.exit_code != 0 and "not empty" in result.output
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_a_previous_export_is_replaced(site_dirs, tmp_path):
    out = tmp_path / "site"
    args = ["--content", site_dirs[0], "--index", site_dirs[1], "--languages", "en"]
    assert run_export(out, *args).exit_code == 0
    (out / "stale.html").write_text("old")
    assert run_export(out, *args).exit_code == 0
    assert not (out / "stale.html").exists() and (out / MARKER).exists()


@pytest.mark.parametrize("args, message", [
    (["--languages", "en,xx"], "--languages"),
    (["--base-url", "px.example.org"], "not an absolute http(s) URL"),
    (["--search-endpoint", "/search"], "not an absolute http(s) URL"),
])
def test_bad_options_are_refused(site_dirs, tmp_path, args, message):
    result = run_export(tmp_path / "out", "--content", site_dirs[0], "--index", site_dirs[1], *args)
    assert result.exit_code == 2 and message in result.output
