"""Right-to-left in a real headless Chromium: the Arabic interface mirrors the layout (the
brand moves to the right, the facts panel to the left), Arabic content reads right to left
inside a French interface, and the Arabic and Chinese pages pass axe-core's checks.

Fonts for Arabic and CJK may be missing on the test machine; layout and axe do not need them.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
ARABIC = "/practices/ziyarat-kibar-alsin-fixture"
GERMAN = "/practices/spritzentausch-fixture"


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_the_arabic_interface_puts_the_brand_on_the_right_of_the_menu(rtl_server, page, artifacts):
    page.goto(rtl_server + "/?lang=en")
    assert box(page, ".brand")["x"] < box(page, ".site-nav")["x"]
    page.goto(rtl_server + "/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    brand, nav = box(page, ".brand"), box(page, ".site-nav")
    assert brand["x"] > nav["x"], (brand, nav)
    assert brand["x"] + brand["width"] > page.viewport_size["width"] / 2   # it starts on the right
    page.screenshot(path=str(artifacts / "home-ar.png"), full_page=True)
    assert not page.console_errors, page.console_errors


def test_the_arabic_practice_page_puts_the_facts_panel_on_the_left(rtl_server, page, artifacts):
    page.goto(rtl_server + GERMAN + "?lang=ar")
    body, panel = box(page, ".practice-body"), box(page, ".panel")
    assert panel["x"] < body["x"], (panel, body)
    # the German write-up itself still reads left to right
    assert page.locator(".practice-body").evaluate("e => getComputedStyle(e).direction") == "ltr"
    page.screenshot(path=str(artifacts / "practice-de-in-ar.png"), full_page=True)


def test_arabic_content_reads_right_to_left_in_a_french_interface(rtl_server, page):
    page.goto(rtl_server + ARABIC + "?lang=fr")
    assert page.locator("html").evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert page.locator(".practice-body").evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("h1").evaluate("e => getComputedStyle(e).direction") == "rtl"
    # the facts panel is French: left to right, on the right of the write-up
    assert box(page, ".panel")["x"] > box(page, ".practice-body")["x"]


@pytest.mark.parametrize("path", [
    "/?lang=ar", "/search?q=%D9%83%D8%A8%D8%A7%D8%B1+%D8%A7%D9%84%D8%B3%D9%86&lang=ar", ARABIC + "?lang=ar",
    GERMAN + "?lang=ar", "/cities/amman?lang=ar",
    "/?lang=zh", "/search?q=%E8%80%81%E5%B9%B4%E4%BA%BA&lang=zh", GERMAN + "?lang=zh", ARABIC + "?lang=zh",
])
def test_arabic_and_chinese_pages_have_no_accessibility_violations(rtl_server, page, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(rtl_server + path)
    violations = Axe().run(page, options=RULES).response["violations"]
    found = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['html'][:120]}" for v in violations]
    assert found == [], f"{path}: " + "; ".join(found)
