"""Send for review: with PROPOSALS_GIT_DIR, a validated file is committed with real git on a new
branch proposal/<id>-<timestamp> of the content repository; the checked-out branch, the index
and the working tree are never touched, and every bad request is refused creating nothing."""
from __future__ import annotations

import re

import pytest

from contribute_shared import git, make_app
from form_values import submitted

AUTHOR = "Practice Exchange form <form@example.org>"


@pytest.fixture(scope="module")
def sending_app(content_repo, corpus_dir, tmp_path_factory):
    return make_app(corpus_dir, tmp_path_factory.mktemp("index"), PROPOSALS_GIT_DIR=str(content_repo),
                    PROPOSALS_AUTHOR=AUTHOR, SECRET_KEY="test-secret", PROPOSALS_RATE_LIMIT=(100, 600.0))


@pytest.fixture
def sending(sending_app):
    return sending_app.test_client()


def _refs(repo) -> list[str]:
    return git(repo, "for-each-ref", "--format=%(refname) %(objectname)").splitlines()


@pytest.fixture
def new_branches(content_repo):
    """``new_branches()``: the proposal branches made since the test began."""
    before = {ref.split()[0] for ref in _refs(content_repo)}
    return lambda: sorted(ref.split()[0].removeprefix("refs/heads/") for ref in _refs(content_repo)
                          if ref.split()[0] not in before)


def _state(repo) -> tuple:
    """Everything a send must leave as it was, but for new proposal branches."""
    return (git(repo, "rev-parse", "HEAD"), git(repo, "symbolic-ref", "HEAD"), git(repo, "status", "--porcelain"),
            git(repo, "ls-files", "--stage"))


def _new_practice_form(client) -> dict:
    form = submitted(client.get("/contribute?lang=en").get_data(as_text=True))
    form["city"], form["language"] = "milan", "it"
    form["title"] = "Portinerie di quartiere per gli anziani soli"
    form.setlist("topics", ["elderly-care", "social-isolation"])
    form["summary"] = ("Nei caseggiati popolari una portineria sociale conosce gli anziani che vivono soli, passa "
                       "a trovarli e segnala per tempo ai servizi sociali chi sta peggiorando.")
    form["illustrative"] = "true"
    form["body"] = ("## Contesto\r\n\r\nNei caseggiati popolari molti anziani vivono soli e nessuno se ne accorge "
                    "quando stanno male o non escono più di casa per giorni.\r\n\r\n## Approccio\r\n\r\nUna "
                    "portineria sociale passa a trovarli, telefona nei giorni di caldo e avvisa i servizi sociali.\r\n")
    return form


def test_sending_a_valid_file_creates_exactly_one_branch_holding_it_and_touches_nothing_else(
        sending, content_repo, new_branches):
    before = _state(content_repo)
    response = sending.post("/contribute/send", data=_new_practice_form(sending))
    assert response.status_code == 200, response.get_data(as_text=True)
    new = new_branches()
    assert len(new) == 1
    branch = new[0]
    assert re.fullmatch(r"proposal/milan-portinerie-di-quartiere-per-gli-anziani-soli-\d{8}T\d{6}Z", branch)
    assert branch in response.get_data(as_text=True)
    assert _state(content_repo) == before  # checked-out branch, index and working tree untouched
    changed = git(content_repo, "diff", "--name-status", "HEAD", branch).splitlines()
    assert changed == ["A\tpractices/milan/milan-portinerie-di-quartiere-per-gli-anziani-soli.md"]


def test_the_proposed_file_passes_kb_validate_strict(sending, content_repo, tmp_path, validate, new_branches):
    sending.post("/contribute/send", data=_new_practice_form(sending))
    branch, = new_branches()
    path = "practices/milan/milan-portinerie-di-quartiere-per-gli-anziani-soli.md"
    target = tmp_path / "checkout" / path
    target.parent.mkdir(parents=True)
    target.write_text(git(content_repo, "show", f"{branch}:{path}"), encoding="utf-8")
    run = validate(str(target), "--strict")
    assert run.exit_code == 0, run.output


def test_the_commit_is_by_the_configured_identity_and_names_the_submitter_only_in_its_message(
        sending, content_repo, new_branches):
    form = _new_practice_form(sending)
    form["submitter_name"], form["submitter_email"] = "Giulia Rossi", "giulia@example.org"
    sending.post("/contribute/send", data=form)
    branch, = new_branches()
    author = git(content_repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>", branch).strip()
    assert author == f"{AUTHOR}|{AUTHOR}"
    body = git(content_repo, "log", "-1", "--format=%B", branch)
    assert "Sent by: Giulia Rossi <giulia@example.org> (as given in the form, not verified)" in body


def test_a_second_send_with_the_same_id_makes_another_branch(sending, new_branches):
    form = _new_practice_form(sending)
    sending.post("/contribute/send", data=form)
    sending.post("/contribute/send", data=form)
    assert len(new_branches()) == 2


def test_an_edit_of_a_practice_changes_that_file_only(sending, content_repo, new_branches):
    html = sending.get("/contribute/edit/milan-custodi-sociali-anziani?lang=en").get_data(as_text=True)
    form = submitted(html)
    form["status"] = "pilot"
    assert sending.post("/contribute/send", data=form).status_code == 200
    branch, = new_branches()
    diff = git(content_repo, "diff", "--unified=0", "HEAD", branch)
    assert "-status: active\n+status: pilot" in diff
    assert git(content_repo, "diff", "--name-only", "HEAD", branch).split() == [
        "practices/milan/milan-custodi-sociali-anziani.md"]


# --- refusals: a clear message, nothing created ---------------------------------------------


def _refused(client, repo, data, status, words, **kwargs):
    before_refs, before, objects = _refs(repo), _state(repo), git(repo, "count-objects")
    response = client.post("/contribute/send", data=data, **kwargs)
    assert response.status_code == status
    assert words in response.get_data(as_text=True)
    assert _refs(repo) == before_refs and _state(repo) == before
    assert git(repo, "count-objects") == objects  # not even a loose blob


def test_an_invalid_file_is_refused_with_its_problems_and_creates_nothing(sending, content_repo):
    form = _new_practice_form(sending)
    form.setlist("topics", ["eldery-care"])
    _refused(sending, content_repo, form, 422, "The file was not sent")
    assert "unknown topic &#34;eldery-care&#34;" in sending.post("/contribute/send", data=form).get_data(as_text=True)


def test_a_file_still_holding_placeholders_is_refused(sending, content_repo):
    form = _new_practice_form(sending)
    form["summary"] = "TODO: two or three sentences on what the practice does, for whom, and to what end."
    _refused(sending, content_repo, form, 422, "placeholder TODO")


def test_a_huge_body_is_refused_before_it_is_read(sending, content_repo):
    form = _new_practice_form(sending)
    form["body"] = "x" * (3 * 1024 * 1024)
    _refused(sending, content_repo, form, 413, "too large")


def test_a_file_over_the_size_limit_of_a_practice_is_refused(sending, content_repo):
    form = _new_practice_form(sending)
    form["body"] = ("Una riga di testo per la scheda, ripetuta. " * 7000)[:300_000]
    _refused(sending, content_repo, form, 422, "over the 256 KiB limit")


@pytest.mark.parametrize("trick", ["../../evil", "milan/../../evil", "/etc/passwd", "evil.md", "Milan-Evil"])
def test_an_id_that_is_not_a_slug_is_refused_and_no_path_is_taken_from_it(sending, content_repo, trick):
    form = _new_practice_form(sending)
    form["id"] = trick
    _refused(sending, content_repo, form, 422, "The file was not sent")


def test_a_path_sent_by_the_client_is_ignored_city_and_id_come_from_the_file(sending, content_repo, new_branches):
    form = _new_practice_form(sending)
    form["path"] = "../../../outside.md"
    form["edit_path"] = "/etc/passwd"
    assert sending.post("/contribute/send", data=form).status_code == 200
    branch, = new_branches()
    assert git(content_repo, "diff", "--name-only", "HEAD", branch).split() == [
        "practices/milan/milan-portinerie-di-quartiere-per-gli-anziani-soli.md"]


def test_a_city_that_is_not_in_the_registry_is_refused(sending, content_repo):
    form = _new_practice_form(sending)
    form["city"] = "../x"
    _refused(sending, content_repo, form, 422, "The file was not sent")


def test_a_send_without_the_csrf_token_is_refused(sending, content_repo):
    form = _new_practice_form(sending)
    del form["csrf_token"]
    _refused(sending, content_repo, form, 400, "This form has expired or did not come from this site")


def test_a_send_with_a_token_of_another_session_is_refused(sending, sending_app, content_repo):
    form = _new_practice_form(sending)
    other = sending_app.test_client()  # another browser: a session of its own
    _refused(other, content_repo, form, 400, "This form has expired")


def test_sends_past_the_rate_limit_are_refused_with_retry_after(sending_app, content_repo):
    from webapp.ratelimit import AppLimiter, EXTENSION_KEY

    client = sending_app.test_client()
    limits = sending_app.extensions[EXTENSION_KEY]
    kept, limits["proposals"] = limits["proposals"], AppLimiter(1, 600.0)
    try:
        form = _new_practice_form(client)
        assert client.post("/contribute/send", data=form).status_code == 200
        before = _refs(content_repo)
        response = client.post("/contribute/send", data=form)
    finally:
        limits["proposals"] = kept
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "Too many requests" in response.get_data(as_text=True)
    assert _refs(content_repo) == before


def test_an_existing_branch_is_never_overwritten(content_repo):
    import datetime as dt

    from webapp import proposals

    now = dt.datetime(2026, 5, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
    who = proposals.identity(AUTHOR)
    first = proposals.propose(content_repo, "practices/milan/x-y.md", "a\n", who, "one\n", "x-y", now=now)
    second = proposals.propose(content_repo, "practices/milan/x-y.md", "b\n", who, "two\n", "x-y", now=now)
    assert first.branch == "proposal/x-y-20260501T120000Z" and second.branch == first.branch + "-2"
    assert git(content_repo, "rev-parse", f"refs/heads/{first.branch}").strip() == first.commit


def test_without_proposals_dir_sending_is_off_and_the_form_has_no_send_button(client):
    assert "Send for review" not in client.get("/contribute").get_data(as_text=True)
    response = client.post("/contribute/send", data={"title": "x"})
    assert response.status_code == 404
    assert "Sending for review is not switched on" in response.get_data(as_text=True)


def test_a_proposals_dir_that_is_not_a_repository_stops_the_app_with_what_to_do(corpus_dir, tmp_path):
    with pytest.raises(Exception, match="is not a clone of the content repository"):
        make_app(corpus_dir, tmp_path, PROPOSALS_GIT_DIR=str(tmp_path))


def test_a_generated_secret_key_is_kept_in_the_instance_folder(content_repo, corpus_dir, tmp_path):
    key_file = tmp_path / "instance" / "secret_key"
    app = make_app(corpus_dir, tmp_path, PROPOSALS_GIT_DIR=str(content_repo), SECRET_KEY_FILE=str(key_file))
    assert len(app.config["SECRET_KEY"]) == 64 and key_file.read_text() == app.config["SECRET_KEY"]
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    again = make_app(corpus_dir, tmp_path, PROPOSALS_GIT_DIR=str(content_repo), SECRET_KEY_FILE=str(key_file))
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]  # another worker, a restart: the same key
