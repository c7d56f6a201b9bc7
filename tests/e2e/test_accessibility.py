"""Every kind of page passes axe-core's WCAG 2.1 A/AA and best-practice rules in a real
headless Chromium (axe-core is bundled in axe-playwright-python; nothing is fetched)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
PAGES = [
    "/",
    "/search?q=h%C3%A9bergement+d%27urgence+pour+femmes&lang=fr",
    "/search?q=recette+de+cuisine+au+chocolat",  # the weak-results notice
    "/search?q=&language=xx",                      # the empty state
    "/practices/spritzentausch-fixture",
    "/cities/",
    "/cities/hamburg",
    "/topics/",
    "/topics/harm-reduction",
    "/graph",
    "/about?lang=de",
    "/no-such-page",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(server, page, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + path)
    violations = Axe().run(page, options=RULES).response["violations"]
    found = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['html'][:120]}" for v in violations]
    assert found == [], f"{path}: " + "; ".join(found)
