"""The exchange and shortlist pages pass axe-core's WCAG 2.1 A/AA and best-practice rules in a
real headless Chromium, after static/shortlist.js has shown its buttons."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
PAGES = [
    "/exchanges/",
    "/exchanges/?city=hamburg",
    "/exchanges/?city=paris&theme=harm-reduction",   # the empty state
    "/exchanges/2015-hamburg-chicago-fixture",
    "/exchanges/2018-hamburg-chicago-fixture",       # a stub
    "/exchanges/2017-milan-paris-fixture?lang=fr",
    "/shortlist",
    "/shortlist?ids=spritzentausch-fixture,custodi-sociali-fixture,needle-exchange-fixture,gone-practice",
    "/shortlist/plan?city=chicago",
    "/search?q=Harm+reduction+study+visit",          # the exchange block above the results
    "/practices/needle-exchange-fixture",            # shortlist toggle, "taken home from"
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(server, page, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page, options=RULES).response["violations"]
    found = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['html'][:120]}" for v in violations]
    assert found == [], f"{path}: " + "; ".join(found)
