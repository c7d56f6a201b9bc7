"""End to end in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
a French query finds practices in other languages, a facet narrows them, a practice page
shows similar programmes in other cities. The server is `kb serve` in a subprocess.

Install the browser with `make browser`; set KB_SKIP_BROWSER=1 to skip these tests.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FRENCH_QUERY = "seringues stériles pour les usagers de drogues"


def test_french_query_facet_practice_and_similar_programmes(server, page, artifacts):
    from playwright.sync_api import expect

    page.goto(server + "/")
    box = page.get_by_role("searchbox")
    box.fill(FRENCH_QUERY)
    box.press("Enter")
    page.wait_for_url("**/search?q=*")

    # results in other languages than the query's
    expect(page.locator(".detected-language")).to_contain_text("French")
    badges = page.locator(".result .badge-lang").all_inner_texts()
    languages = {badge.strip().lower() for badge in badges}
    assert {"en", "de"} <= languages, languages
    titles = page.locator(".result h3").all_inner_texts()
    assert "Needle exchange and drop-in centre for people who use drugs" in titles[:2]

    # a facet: German only (the checkbox submits the form through site.js)
    page.get_by_label("German", exact=True).check()
    page.wait_for_url("**language=de**")
    badges = page.locator(".result .badge-lang").all_inner_texts()
    assert badges and {b.strip().lower() for b in badges} == {"de"}
    expect(page.locator(".active-filters")).to_contain_text("German")

    # open the practice, then its similar programmes in other cities
    page.locator(".result h3 a").first.click()
    page.wait_for_url("**/practices/spritzentausch-fixture")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spritzentausch und Kontaktladen für Drogengebrauchende")
    similar = page.locator(".similar-card")
    expect(similar.first).to_be_visible()
    cities = [text.split(",")[0].strip() for text in page.locator(".similar-card .meta-line span:first-child").all_inner_texts()]
    assert cities and "Hamburg" not in cities, cities
    expect(page.locator(".similar")).to_contain_text("Chicago")
    expect(page.locator(".similar-card .why").first).to_contain_text("shared topics")

    page.screenshot(path=str(artifacts / "practice-similar.png"), full_page=True)
    assert not page.console_errors, page.console_errors  # CSP violations show up here


def test_language_switcher_and_keyboard_skip_link(server, page, artifacts):
    from playwright.sync_api import expect

    page.goto(server + "/search?q=" + FRENCH_QUERY)
    page.get_by_role("link", name="Français", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Résultats pour")
    page.screenshot(path=str(artifacts / "search-fr.png"), full_page=True)
    page.goto(server + "/about")  # the choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert not page.console_errors, page.console_errors
