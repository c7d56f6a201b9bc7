"""The contribution form in a real headless Chromium: a new Milan practice written with the
French interface, a live error for a misspelt topic, the downloaded file accepted by
`kb validate --strict`; "Suggest an edit" that gives the file back unchanged; axe-core."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
EDITED = "milan-custodi-sociali-anziani"


@pytest.fixture
def site(practices_server):
    return practices_server


def _problem_at(page, field: str) -> str:
    return page.locator(f'[data-field="{field}"] .field-errors').first.inner_text()


def test_a_new_milan_practice_in_french_with_a_live_error_fixed_then_downloaded(site, page, tmp_path):
    from click.testing import CliRunner

    from kb.cli import main

    page.goto(site + "/contribute?lang=fr")
    assert page.locator("h1").inner_text() == "Proposer une pratique"
    page.select_option("#f-city", "milan")
    assert page.input_value("#f-language") == "it"  # the city's language, chosen for the writer
    assert page.input_value("#f-body").startswith("## Contesto")  # headings of the chosen language
    page.fill("#f-title", "Portinerie sociali per gli anziani soli")
    page.fill("#f-topics-0", "eldery-care")
    page.fill("#f-summary", "Nei caseggiati popolari una portineria sociale conosce gli anziani che vivono soli, "
                            "passa a trovarli e segnala per tempo ai servizi sociali chi sta peggiorando.")
    page.check("#f-evidence-level-emerging")
    page.check("#f-illustrative")
    expect(page.locator('[data-field="topics.0"] .field-errors')).not_to_be_empty(timeout=15_000)
    assert 'unknown topic "eldery-care" (did you mean "elderly-care"?)' in _problem_at(page, "topics.0")
    assert page.get_attribute("#f-topics-0", "aria-invalid") == "true"
    assert page.locator("#error-summary a[href='#f-topics-0']").count() == 1

    page.fill("#f-topics-0", "elderly-care")
    page.fill("#f-body", "## Contesto\n\nNei caseggiati popolari molti anziani vivono soli e nessuno se ne accorge "
                         "quando stanno male o non escono più di casa per giorni.\n\n## Approccio\n\nUna portineria "
                         "sociale passa a trovarli, telefona nei giorni di caldo e avvisa i servizi sociali.\n")
    expect(page.locator("#contribute-status")).to_contain_text("Aucun problème", timeout=15_000)
    assert page.locator("#body-preview h2").first.inner_text() == "Contesto"
    assert page.locator("[data-field='topics.0'] .field-errors").inner_text() == ""

    with page.expect_download() as info:
        page.click("[data-download]")
    download = info.value
    assert download.suggested_filename == "milan-portinerie-sociali-per-gli-anziani-soli.md"
    saved = tmp_path / "practices" / "milan" / download.suggested_filename
    saved.parent.mkdir(parents=True)
    download.save_as(saved)
    run = CliRunner().invoke(main, ["validate", "--strict", str(saved)], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    assert page.console_errors == []


def test_suggest_an_edit_gives_back_the_file_unchanged(site, page, tmp_path):
    page.goto(site + f"/practices/{EDITED}")
    page.click(f"a[href='/contribute/edit/{EDITED}']")
    expect(page.locator("#contribute-status")).not_to_be_empty(timeout=15_000)
    with page.expect_download() as info:
        page.click("[data-download]")
    saved = tmp_path / "edited.md"
    info.value.save_as(saved)
    assert saved.read_bytes() == (REPO / "practices" / "milan" / f"{EDITED}.md").read_bytes()


def test_a_draft_survives_a_reload(site, page):
    page.goto(site + "/contribute")
    page.fill("#f-title", "A draft kept in the browser")
    page.click("[data-field='local_terms'] [data-add]")
    page.fill("#f-local-terms-1", "second term")
    page.wait_for_timeout(700)  # the draft is saved 0.4 s after the last keystroke
    page.reload()
    assert page.input_value("#f-title") == "A draft kept in the browser"
    assert page.input_value("#f-local-terms-1") == "second term"


def test_adding_a_row_focuses_it_and_removing_it_returns_to_the_add_button(site, page):
    page.goto(site + "/contribute")
    page.click("[data-field='outcomes'] > [data-add]")
    assert page.evaluate("document.activeElement.name") == "outcomes.1.outcome"
    page.click("[data-field='outcomes.1'] [data-remove]")
    assert page.evaluate("document.activeElement.hasAttribute('data-add')")


@pytest.mark.parametrize("path", ["/contribute?lang=fr", f"/contribute/edit/{EDITED}", "/contribute?lang=de"])
def test_the_form_has_no_accessibility_violations(site, page, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site + path)
    expect(page.locator("#contribute-status")).not_to_be_empty(timeout=15_000)
    violations = Axe().run(page, options=RULES).response["violations"]
    found = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['html'][:120]}" for v in violations]
    assert found == [], f"{path}: " + "; ".join(found)


def test_with_errors_shown_the_form_still_has_no_accessibility_violations(site, page):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site + "/contribute?lang=fr")
    page.fill("#f-topics-0", "eldery-care")
    expect(page.locator("#error-summary")).to_be_visible(timeout=15_000)
    violations = Axe().run(page, options=RULES).response["violations"]
    assert [v["id"] for v in violations] == []


@pytest.mark.parametrize("path", ["/contribute?lang=de", f"/contribute/edit/{EDITED}"])
def test_the_form_is_no_wider_than_a_phone_screen(site, browser, path, artifacts):
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="en-GB", is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(site + path)
        page.fill("#f-topics-0", "eldery-care")  # with a problem shown, too
        expect(page.locator("#error-summary")).to_be_visible(timeout=15_000)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            page.screenshot(path=str(artifacts / f"contribute-too-wide-{path.split('/')[-1][:30]}.png"), full_page=True)
        assert width <= 320
    finally:
        context.close()
