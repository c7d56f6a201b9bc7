"""Translated abstracts in a real headless Chromium: with the interface in French, a German
query's result written in German, and the Polish and Japanese write-ups in the list of all
practices, show French titles and summaries, marked as translated, with their original titles; the practice page keeps the full
text in German under the French abstract; switching those results to Arabic gives a
right-to-left page in which each write-up keeps its own direction; and these pages pass
axe-core's checks.

Corpus: tests/data/abstracts-corpus (see its README).
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

GERMAN_QUERY = "Straßensozialarbeit für obdachlose Menschen"
FRENCH = {
    "strassensozialarbeit-fixture": ("Travail de rue auprès des personnes sans abri", "Une équipe de travail de rue",
                                     "Straßensozialarbeit für obdachlose Menschen"),
    "streetworking-fixture": ("Travail de rue avec les personnes sans abri", "Des travailleurs de rue",
                              "Streetworking z osobami w kryzysie bezdomności"),
    "autorichi-fixture": ("Permanences de rue auprès des personnes sans abri", "La nuit, des conseillers",
                          "路上生活者へのアウトリーチ相談"),
}
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


def _french_search(page, server, query=GERMAN_QUERY):
    if not query:  # every practice, by title: what is listed does not hang on the relevance cut-off
        page.goto(server + "/search?lang=fr")
        return
    page.goto(server + "/?lang=fr")
    box = page.get_by_role("searchbox")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**/search?q=*")


def _result(page, practice_id):
    return page.locator(".result").filter(has=page.locator(f'h3 a[href="/practices/{practice_id}"]'))


#: How each is reached: the German write-up by the German query; the Polish and Japanese ones in
#: the list of every practice, as whether a German query finds them in a corpus of five
#: (without German text for them) is the fitted model's call, not the display's.
FOUND_BY = {"strassensozialarbeit-fixture": GERMAN_QUERY, "streetworking-fixture": "", "autorichi-fixture": ""}


@pytest.mark.parametrize("practice_id", list(FRENCH))
def test_french_interface_shows_french_title_and_summary_of_a_write_up_in_another_language(abstracts_server, page,
                                                                                            practice_id):
    from playwright.sync_api import expect

    _french_search(page, abstracts_server, FOUND_BY[practice_id])
    title, summary_start, original = FRENCH[practice_id]
    result = _result(page, practice_id)
    expect(result.locator("h3")).to_have_text(title)
    assert result.locator(".summary").inner_text().startswith(summary_start)
    expect(result.locator(".badge-translated")).to_have_text("Résumé traduit")
    expect(result.locator(".original-title")).to_contain_text(original)
    expect(result.locator("article")).to_have_attribute("lang", "fr")


def test_a_translated_result_opens_the_practice_with_the_abstract_above_the_german_text(abstracts_server, page,
                                                                                         artifacts):
    from playwright.sync_api import expect

    _french_search(page, abstracts_server)
    _result(page, "strassensozialarbeit-fixture").locator("h3 a").click()
    page.wait_for_url("**/practices/strassensozialarbeit-fixture")
    expect(page.get_by_role("heading", level=1)).to_have_text("Travail de rue auprès des personnes sans abri")
    expect(page.locator(".abstract .full-text-note")).to_have_text("Le texte complet ci-dessous est en allemand.")
    body = page.locator("article.practice-body")
    expect(body).to_have_attribute("lang", "de")
    expect(body.get_by_role("heading", name="Ansatz")).to_be_visible()
    # the abstract is above the full text
    assert page.locator(".abstract").bounding_box()["y"] < body.bounding_box()["y"]
    page.screenshot(path=str(artifacts / "practice-abstract-fr.png"), full_page=True)
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("path", [
    f"/search?q={GERMAN_QUERY}&lang=fr",
    "/practices/strassensozialarbeit-fixture?lang=fr",
    "/practices/tawasul-maydani-fixture?lang=fr",   # Arabic full text, right to left, in a French page
    "/topics/homelessness?lang=fr",
])
def test_pages_with_translated_abstracts_have_no_accessibility_violations(abstracts_server, page, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(abstracts_server + path)
    violations = Axe().run(page, options=AXE_RULES).response["violations"]
    found = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['html'][:120]}" for v in violations]
    assert found == [], f"{path}: " + "; ".join(found)


def test_switching_the_french_results_to_arabic_gives_a_right_to_left_page_that_passes_axe(abstracts_server, page,
                                                                                           artifacts):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    _french_search(page, abstracts_server)
    page.locator('.lang-switch a[hreflang="ar"]').click()
    page.wait_for_url("**lang=ar**")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    # no Arabic abstract in the fixtures: each write-up keeps its own language and direction
    german = _result(page, "strassensozialarbeit-fixture").locator("article")
    expect(german).to_have_attribute("lang", "de")
    assert german.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert german.locator(".meta-line").evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.screenshot(path=str(artifacts / "search-abstracts-ar.png"), full_page=True)
    violations = Axe().run(page, options=AXE_RULES).response["violations"]
    found = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['html'][:120]}" for v in violations]
    assert found == [], "; ".join(found)
