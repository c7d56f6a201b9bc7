"""A site for every reader and device (issue 13), in a real Chromium: on a phone the search
results come first and no kind of page is wider than the screen (320 and 390 px, long words and
addresses included); two values of one facet combine without losing the reader's place; an
evidence badge leads to its definition; the filters work without JavaScript."""
from __future__ import annotations

import shutil

import pytest

from tests.e2e.conftest import REPO, serve_corpus
from tests.e2e.test_accessibility import RULES as AXE_RULES

pytestmark = pytest.mark.browser

LONG_WORD = "Sozial" + "versicherungs" * 19  # 253 characters: the word that made a page 2,816 px wide
LONG_URL = "https://example.org/" + "/".join(["a-rather-long-path-segment"] * 12) + "?with=query&and=more"
WIDE = f"""---
id: lange-woerter-fixture
title: Beratung mit {LONG_WORD[:60]}
city: hamburg
country: DE
language: de
topics: [housing]
summary: Test fixture for narrow screens, with a {LONG_WORD} in it and a long address.
evidence_level: emerging
status: active
last_reviewed: 2026-02-01
illustrative: true
contact:
  role: Beratungsstelle
  url: {LONG_URL}
sources:
  - {{title: Bericht, url: "{LONG_URL}", date: 2024-05}}
---

## Ansatz

Ein {LONG_WORD} steht hier, und eine Adresse: {LONG_URL}

| Spalte eins | Spalte zwei | Spalte drei | Spalte vier | Spalte fünf | Spalte sechs | Spalte sieben |
|---|---|---|---|---|---|---|
| {LONG_WORD[:40]} | zwei | drei | vier | fünf | sechs | sieben |
"""
PAGES = ["/", "/search?q=Wohnung", "/search?q=&city=chicago&city=hamburg", "/search?q=&city=milan&topic=domestic-violence",
         "/practices/lange-woerter-fixture", "/practices/spritzentausch-fixture", "/cities/", "/cities/hamburg",
         "/topics/", "/topics/housing", "/graph", "/about", "/exchanges/", "/exchanges/2015-hamburg-chicago-fixture",
         "/shortlist?ids=spritzentausch-fixture,lange-woerter-fixture", "/no-such-page"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def wide_server(tmp_path_factory, chromium_path):
    corpus = tmp_path_factory.mktemp("phone-corpus")
    shutil.copytree(REPO / "tests" / "data" / "corpus", corpus, dirs_exist_ok=True)
    (corpus / "hamburg" / "lange-woerter-fixture.md").write_text(WIDE, encoding="utf-8")
    yield from serve_corpus(corpus, tmp_path_factory.mktemp("e2e-phone"), exchanges=REPO / "tests" / "data" / "exchanges")


def new_page(browser, viewport, javascript: bool = True):
    context = browser.new_context(viewport=viewport, locale="en-GB", java_script_enabled=javascript,
                                  is_mobile=viewport["width"] < 500, has_touch=viewport["width"] < 500)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    return context, page


@pytest.mark.parametrize("width", [320, 390])
def test_no_kind_of_page_is_wider_than_a_phone_screen(wide_server, browser, width, artifacts):
    context, page = new_page(browser, {"width": width, "height": 800})
    try:
        too_wide = {}
        for path in PAGES:
            page.goto(wide_server + path)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide[path] = scroll_width
                page.screenshot(path=str(artifacts / f"too-wide-{width}-{path.strip('/').replace('/', '_')[:40]}.png"))
        assert too_wide == {}, f"pages wider than {width} px: {too_wide}"
    finally:
        context.close()


def test_a_wide_table_scrolls_inside_its_own_box(wide_server, browser):
    context, page = new_page(browser, {"width": 320, "height": 800})
    try:
        page.goto(wide_server + "/practices/lange-woerter-fixture")
        table = page.locator(".prose table")
        assert table.evaluate("t => t.scrollWidth > t.clientWidth")  # its own scroll bar
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


def test_on_a_phone_the_first_result_is_in_the_first_screen(wide_server, browser, artifacts):
    from playwright.sync_api import expect

    context, page = new_page(browser, PHONE)
    try:
        page.goto(wide_server + "/search?q=emergency+shelter+for+women")
        first = page.locator(".result").first
        expect(first).to_be_visible()
        box = first.bounding_box()
        assert box["y"] < PHONE["height"] - 100, box  # its title and start are on the first screen
        expect(page.locator(".filters-toggle")).to_be_visible()
        expect(page.locator("form.facets")).to_be_hidden()   # behind "Filters"
        page.screenshot(path=str(artifacts / "search-phone.png"))
    finally:
        context.close()


def test_two_cities_combine_on_a_phone_without_a_reload_or_a_jump(wide_server, browser, artifacts):
    from playwright.sync_api import expect

    context, page = new_page(browser, PHONE)
    try:
        page.goto(wide_server + "/search?q=")
        page.evaluate("window.__samePage = true")
        page.locator(".filters-toggle").click()
        chicago = page.get_by_label("Chicago", exact=True)
        chicago.scroll_into_view_if_needed()
        chicago.check()
        page.wait_for_url("**city=chicago**")
        expect(page.locator(".result")).to_have_count(2)
        hamburg = page.get_by_label("Hamburg", exact=True)
        expect(hamburg).to_be_visible()             # the other cities stay, with their counts
        hamburg.scroll_into_view_if_needed()
        before = page.evaluate("window.scrollY")
        hamburg.check()
        page.wait_for_url("**city=hamburg**")
        expect(page.locator(".result")).to_have_count(4)  # 2 Chicago + 2 Hamburg write-ups
        assert page.evaluate("window.__samePage") is True   # applied in place: no reload
        assert abs(page.evaluate("window.scrollY") - before) < 50
        assert "city=chicago" in page.url and "city=hamburg" in page.url
        expect(page.locator(".filters-toggle")).to_have_text("Filters (2)")
        page.screenshot(path=str(artifacts / "search-phone-two-cities.png"), full_page=True)

        page.go_back()                               # Back returns to one city
        page.wait_for_url(lambda url: "city=hamburg" not in url)
        expect(page.locator(".result")).to_have_count(2)
        assert not page.console_errors, page.console_errors
    finally:
        context.close()


def test_two_cities_combine_on_a_wide_screen(wide_server, page):
    from playwright.sync_api import expect

    page.goto(wide_server + "/search?q=")
    expect(page.locator("form.facets")).to_be_visible()  # a column, no disclosure to open
    page.get_by_label("Chicago", exact=True).check()
    page.wait_for_url("**city=chicago**")
    page.get_by_label("Paris", exact=True).check()
    page.wait_for_url("**city=paris**")
    # three write-ups, two programmes: the Paris shelter is the French version of a Chicago one
    expect(page.locator(".result")).to_have_count(2)
    expect(page.locator(".active-filters")).to_contain_text("Chicago")
    expect(page.locator(".active-filters")).to_contain_text("Paris")


def test_filters_work_without_javascript(wide_server, browser):
    from playwright.sync_api import expect

    context, page = new_page(browser, PHONE, javascript=False)
    try:
        page.goto(wide_server + "/search?q=")
        expect(page.locator("form.facets")).to_be_hidden()
        page.locator(".filters-toggle").click()           # <details>: no script needed
        page.get_by_label("Milan", exact=True).check()
        page.get_by_label("Paris", exact=True).check()
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url("**city=milan**")
        expect(page.locator(".result")).to_have_count(2)
    finally:
        context.close()


def test_an_evidence_badge_leads_to_its_definition(wide_server, page):
    from playwright.sync_api import expect

    page.goto(wide_server + "/search?q=Spritzentausch")
    badge = page.locator(".result .badge-evidence-promising").first
    badge.click()
    page.wait_for_url("**/about#evidence-promising")
    definition = page.locator("#evidence-promising")
    expect(definition).to_be_in_viewport()
    expect(definition.locator("xpath=following-sibling::dd[1]")).to_contain_text("weaker designs")


def test_a_zero_result_combination_offers_to_remove_a_filter(wide_server, page):
    from playwright.sync_api import expect

    page.goto(wide_server + "/search?q=&city=milan&topic=domestic-violence")
    removal = page.locator(".removals a", has_text="Remove Milan")
    expect(removal).to_contain_text("(1 result)")  # the Chicago shelter and its Paris version: one programme
    removal.click()
    page.wait_for_url(lambda url: "city=milan" not in url)
    expect(page.locator(".result").first).to_be_visible()


@pytest.mark.parametrize("path", ["/search?q=&city=chicago&city=hamburg",                # two values combined
                                  "/search?q=&city=milan&topic=domestic-violence",        # the zero-result hints
                                  "/practices/lange-woerter-fixture"])
def test_on_a_phone_with_the_filters_open_axe_finds_no_violation(wide_server, browser, path):
    from axe_playwright_python.sync_playwright import Axe

    context, page = new_page(browser, PHONE)
    try:
        page.goto(wide_server + path)
        toggle = page.locator(".filters-toggle")
        if toggle.count():
            toggle.click()                     # the disclosure open, its filters on the screen
        violations = Axe().run(page, options=AXE_RULES).response["violations"]
        found = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['html'][:120]}" for v in violations]
        assert found == [], f"{path}: " + "; ".join(found)
    finally:
        context.close()
