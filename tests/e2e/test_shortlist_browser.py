"""The shortlist in a real headless Chromium: three practices from search results, the
comparison, the shared address in a fresh browser, and the visit plan printed to PDF."""
from __future__ import annotations

import io
import re
import unicodedata

import pytest

pytestmark = pytest.mark.browser

#: Three needs in one query: one practice of the fixture corpus is judged relevant to it and the
#: others are listed below it as loosely related, each card with its shortlist toggle.
QUERY = "support for women, drug users and older people living alone"


def pdf_text(data: bytes) -> str:
    """The text of a PDF, ligatures undone (ﬁ -> fi) and whitespace collapsed."""
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def test_three_results_shortlisted_compared_shared_and_printed(server, browser, page, artifacts):
    from playwright.sync_api import expect

    page.goto(server + "/search?q=" + QUERY)
    results = page.locator(".result")
    toggles = results.locator(".shortlist-toggle")
    expect(toggles.first).to_be_visible()  # shown by shortlist.js
    titles = []
    for i in range(3):
        toggle = toggles.nth(i)
        expect(toggle).to_have_attribute("aria-pressed", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        titles.append(results.nth(i).locator("h3").inner_text().strip())
        expect(page.locator("#shortlist-status")).to_have_text(f"Added to your shortlist: {titles[-1]}")
    expect(page.locator("[data-shortlist-count]")).to_have_text("(3)")

    page.get_by_role("link", name=re.compile("^Shortlist")).click()
    page.wait_for_url("**/shortlist?ids=*")
    expect(page.locator(".compare-item")).to_have_count(3)
    assert [t.strip() for t in page.locator(".compare-item h2").all_inner_texts()] == titles
    shared = page.url
    expect(page.locator("[data-share-address]")).to_have_value(shared)
    page.screenshot(path=str(artifacts / "shortlist.png"), full_page=True)
    assert not page.console_errors, page.console_errors

    fresh = browser.new_context(locale="en-GB")  # no shortlist in this browser's storage
    try:
        other = fresh.new_page()
        other.goto(shared)
        expect(other.locator(".compare-item")).to_have_count(3)
        assert [t.strip() for t in other.locator(".compare-item h2").all_inner_texts()] == titles
        expect(other.locator("[data-shortlist-save]")).to_be_visible()  # not saved here yet
        printed = pdf_text(other.pdf(format="A4", print_background=False))
        (artifacts / "shortlist.pdf").write_bytes(other.pdf(format="A4"))
    finally:
        fresh.close()
    for title in titles:
        assert re.sub(r"\s+", " ", unicodedata.normalize("NFKC", title)) in printed, title
    assert "Skip to content" not in printed and "Download as CSV" not in printed  # no navigation or buttons


def test_the_shared_address_renders_the_comparison_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "/shortlist?ids=spritzentausch-fixture,needle-exchange-fixture")
        assert page.locator(".compare-item").count() == 2
        assert page.locator(".shortlist-toggle:visible").count() == 0  # nothing that would need the script
    finally:
        context.close()


def test_toggling_again_removes_a_practice_and_says_so(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/practices/custodi-sociali-fixture")
    toggle = page.locator(".practice-header .shortlist-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#shortlist-status")).to_have_text("Removed from your shortlist: Custodi sociali per anziani soli")
    expect(page.locator("[data-shortlist-count]")).to_be_hidden()


def test_keeping_a_shared_shortlist_saves_it_in_this_browser(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/shortlist?ids=hebergement-urgence-fixture")
    page.locator("[data-shortlist-save]").click()
    expect(page.locator("[data-shortlist-save]")).to_be_hidden()
    page.goto(server + "/shortlist")  # the saved one comes back
    page.wait_for_url("**/shortlist?ids=hebergement-urgence-fixture")
    expect(page.locator(".compare-item")).to_have_count(1)
