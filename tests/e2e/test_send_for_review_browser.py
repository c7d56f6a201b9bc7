""""Send for review" in a real headless Chromium against `kb serve` with ``PROPOSALS_GIT_DIR``
set to a temporary git repository: a new Hamburg practice written with the German interface
and sent from the keyboard lands on the "Sent" page, which names the proposal, and real git
finds the proposal branch holding the file while the checked-out branch is left as it was;
axe-core on the form with the send box and on the "Sent" page; a refused send that says so where
the focus lands and keeps the sender's name and e-mail."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import REPO, serve_corpus
from tests.e2e.test_accessibility import RULES


pytestmark = pytest.mark.browser
PRACTICE_ID = "hamburg-mittagstisch-fuer-alleinlebende-aeltere"  # German spells umlauts out in ids
PATH_IN_REPO = f"practices/hamburg/{PRACTICE_ID}.md"
BRANCH = re.compile(rf"proposal/{PRACTICE_ID}-\d{{8}}T\d{{6}}Z")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def content_repo(tmp_path_factory) -> Path:
    """A temporary git repository holding practices/ on ``main`` (a clone of the content repository)."""
    repo = tmp_path_factory.mktemp("git") / "content-repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(REPO / "practices", repo / "practices")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Committee", "-c", "user.email=committee@example.org", "commit", "-q", "-m", "corpus")
    return repo


@pytest.fixture(scope="module")
def site(tmp_path_factory, chromium_path, content_repo):
    """`kb serve` on the real corpus with "Send for review" switched on, into ``content_repo``."""
    yield from serve_corpus(REPO / "practices", tmp_path_factory.mktemp("e2e-proposals"), env={
        "PROPOSALS_GIT_DIR": str(content_repo),
        "PROPOSALS_AUTHOR": "Practice Exchange form <form@example.org>",
        "KB_SECRET_KEY": "e2e-secret"})  # else the server writes one under instance/


def _state(repo: Path) -> tuple:
    """Everything a send must leave as it was: the checked-out branch and its commit, the
    index and the working tree."""
    return (git(repo, "symbolic-ref", "HEAD"), git(repo, "rev-parse", "HEAD"), git(repo, "ls-files", "--stage"),
            git(repo, "status", "--porcelain", "--untracked-files=all"))


def _proposal_branches(repo: Path) -> set[str]:
    return set(git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads/proposal/").split())


def _write_a_hamburg_practice_in_german(page) -> None:
    """The form filled in with the German interface, as a writer would, until it says the file is ready."""
    page.goto(page.site + "/contribute?lang=de")
    assert page.locator("h1").inner_text() == "Eine Praktik beitragen"
    page.select_option("#f-city", "hamburg")
    assert page.input_value("#f-language") == "de"
    page.fill("#f-title", "Mittagstisch für alleinlebende Ältere")
    page.fill("#f-topics-0", "elderly-care")
    page.fill("#f-summary", "Ein Nachbarschaftstreff lädt alleinlebende ältere Menschen zweimal in der Woche zum "
                            "Mittagessen ein und vermittelt bei Bedarf Beratung durch den Sozialdienst.")
    page.check("#f-evidence-level-emerging")
    page.check("#f-illustrative")
    page.fill("#f-body", "## Ausgangslage\n\nViele ältere Menschen im Quartier leben allein und verlassen die "
                         "Wohnung kaum noch.\n\n## Ansatz\n\nZweimal in der Woche gibt es ein gemeinsames "
                         "Mittagessen; eine Sozialarbeiterin ist dabei und hört zu.\n")
    expect(page.locator("#contribute-status")).to_contain_text("Keine Probleme gefunden", timeout=15_000)


def _send_from_the_keyboard(page) -> None:
    """Name and e-mail typed into the send box, then Tab to "Zur Prüfung senden" and Enter."""
    box = page.locator(".send-box")
    expect(box.locator("legend")).to_have_text("Zur Prüfung senden")
    page.focus("#f-submitter-name")
    page.keyboard.type("Erika Beispiel")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-submitter-email"
    page.keyboard.type("erika@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Zur Prüfung senden"
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def german_page(page, site):
    page.site = site
    return page


def test_a_practice_sent_for_review_lands_on_the_sent_page_and_on_its_own_branch(german_page, content_repo):
    page = german_page
    before, branches_before = _state(content_repo), _proposal_branches(content_repo)
    _write_a_hamburg_practice_in_german(page)
    _send_from_the_keyboard(page)

    # what the writer is told: sent, who reviews it, the proposal's name to quote
    assert page.locator("h1").inner_text() == "Zur Prüfung gesendet"
    assert page.title().startswith("Zur Prüfung gesendet")
    assert page.locator("p.lead[role=status]").inner_text() == (
        "Vielen Dank. Ihre Datei liegt beim Komitee, das sie vor der Veröffentlichung prüft.")
    facts = dict(zip(page.locator("dl.facts dt").all_inner_texts(), page.locator("dl.facts dd").all_inner_texts()))
    assert facts["Praktik"] == "Mittagstisch für alleinlebende Ältere"
    assert facts["Datei"] == PATH_IN_REPO
    branch = facts["Vorschlag"]
    assert BRANCH.fullmatch(branch), branch
    expect(page.get_by_text("Nennen Sie den Namen des Vorschlags, wenn Sie dem Komitee dazu schreiben.")).to_be_visible()
    assert page.evaluate("localStorage.getItem('practice-exchange-draft:new')") is None  # the draft is done

    # what real git finds: one new branch, adding the file and nothing else; the rest untouched
    assert _proposal_branches(content_repo) - branches_before == {branch}
    assert git(content_repo, "diff", "--name-status", "main", branch).splitlines() == [f"A\t{PATH_IN_REPO}"]
    proposed = git(content_repo, "show", f"{branch}:{PATH_IN_REPO}")
    assert "title: Mittagstisch für alleinlebende Ältere" in proposed
    assert "Zweimal in der Woche gibt es ein gemeinsames Mittagessen" in proposed
    assert "Sent by: Erika Beispiel <erika@example.org>" in git(content_repo, "log", "-1", "--format=%B", branch)
    assert _state(content_repo) == before
    assert page.console_errors == []


def test_the_send_box_and_the_sent_page_have_no_accessibility_violations(german_page):
    from axe_playwright_python.sync_playwright import Axe

    page = german_page
    _write_a_hamburg_practice_in_german(page)
    page.locator(".send-box").scroll_into_view_if_needed()
    page.fill("#f-submitter-email", "erika@example.org")
    found = {}
    found["form"] = Axe().run(page, options=RULES).response["violations"]
    page.click(".send-box button[type=submit]")
    expect(page.locator("h1")).to_have_text("Zur Prüfung gesendet")
    found["sent"] = Axe().run(page, options=RULES).response["violations"]
    described = {where: [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['html'][:120]}" for v in violations]
                 for where, violations in found.items()}
    assert described == {"form": [], "sent": []}


def _send_with_a_misspelt_topic(page) -> None:
    _write_a_hamburg_practice_in_german(page)
    page.fill("#f-topics-0", "eldery-care")
    page.fill("#f-submitter-name", "Erika Beispiel")
    page.fill("#f-submitter-email", "erika@example.org")
    with page.expect_navigation():
        page.click(".send-box button[type=submit]")
    # the page's own check runs on arrival and rewrites the status line
    expect(page.locator("#contribute-status")).to_contain_text("zu beheben", timeout=15_000)


def test_a_refused_send_says_it_was_not_sent_where_the_focus_lands(german_page, content_repo):
    page = german_page
    branches_before = _proposal_branches(content_repo)
    _send_with_a_misspelt_topic(page)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Die Datei wurde nicht gesendet" in page.locator("#error-summary").inner_text()
    assert 'unknown topic "eldery-care"' in page.locator("#error-summary").inner_text()
    assert _proposal_branches(content_repo) == branches_before


def test_a_refused_send_keeps_the_name_and_e_mail_typed_in_the_send_box(german_page):
    page = german_page
    _send_with_a_misspelt_topic(page)
    assert (page.input_value("#f-submitter-name"), page.input_value("#f-submitter-email")) == (
        "Erika Beispiel", "erika@example.org")


def test_enter_in_the_send_box_sends_for_review_rather_than_checking(german_page, content_repo):
    page = german_page
    branches_before = _proposal_branches(content_repo)
    _write_a_hamburg_practice_in_german(page)
    page.fill("#f-submitter-name", "Erika Beispiel")
    page.focus("#f-submitter-email")
    page.keyboard.type("erika@example.org")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Zur Prüfung gesendet"
    assert len(_proposal_branches(content_repo) - branches_before) == 1
