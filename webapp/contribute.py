"""/contribute: write a practice file in a form, check it as `kb validate --strict` does, then
download it, open it on the repository host, or send it for review.

- ``GET /contribute`` a new practice; ``GET /contribute/edit/<id>`` "Suggest an edit",
  prefilled with the practice's file.
- ``POST /contribute/check`` (the form without JavaScript) shows the problems next to their
  fields, the finished file and its preview; ``POST /contribute/download`` sends the file.
- ``POST /contribute/file`` and ``POST /contribute/preview`` serve the page's script: the
  file text for ``POST /api/validate``, and the body rendered by the site's own renderer.
- ``POST /contribute/send`` (only with ``PROPOSALS_GIT_DIR``) commits the file on a new
  branch of a clone of the content repository (webapp.proposals), behind a CSRF token.

The file is always made on the server (webapp.practice_form, webapp.practice_text), so the
page with and without script, the download and the proposal are one and the same text.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from pathlib import Path
from urllib.parse import quote, urlencode

from flask import Blueprint, Flask, abort, current_app, jsonify, render_template, request, session
from flask.wrappers import Response
from werkzeug.datastructures import MultiDict

from kb import vocab
from webapp.content import get_corpus, get_document
from webapp.i18n import current_language, gettext as _, ngettext
from webapp.practice_form import (Field, Submitted, choices, form_fields, form_state, row_count,
                                  values_from_form)
from webapp.practice_text import file_text
from webapp.ratelimit import TooManyRequests, limiter
from webapp.validation import MAX_JSON_BYTES, Checked, validate_text

log = logging.getLogger(__name__)

bp = Blueprint("contribute", __name__, url_prefix="/contribute")

#: GitHub answers 414 to URLs much past 8 KB; a longer "new file" link falls back to download.
MAX_LINK_CHARS = 8000
CSRF_KEY = "contribute_csrf"
#: The page's script has the status message for each problem count up to this many (past it:
#: "More than N problems"), since plural forms differ by language.
PROBLEM_COUNTS = 60


# --- what the form is about ---------------------------------------------------------------

def _editing(practice_id: str | None):
    """(document, its text) of the practice being edited, or (None, None) for a new one."""
    if not practice_id:
        return None, None
    doc = get_document(practice_id) if _is_slug(practice_id) else None
    if doc is None:
        abort(404, _("There is no practice with this identifier to edit; it may have been renamed or removed."))
    return doc, doc.path.read_bytes().decode("utf-8")


def _is_slug(text: str) -> bool:
    from webapp.validation import _SLUG

    return bool(_SLUG.match(text or "")) and len(text) <= 80


def relative_path(doc) -> str:
    return doc.path.resolve().relative_to(Path(current_app.config["CONTENT_DIR"]).resolve()).as_posix()


def submitted_file(form: MultiDict) -> tuple[Submitted, str, object]:
    """(values, file text, edited document or None) of a submitted form."""
    doc, original = _editing(form.get("edit"))
    submitted = values_from_form(form, form_fields(), new=doc is None)
    base = form.get("base") if doc is not None else None  # the file as the form was filled from it
    return submitted, file_text(submitted.values, submitted.body, original, base or None), doc


def _base(doc) -> str | None:
    """The base a submitted edit form carries on to the page it gets back."""
    return request.form.get("base") if doc is not None else None


def checked(text: str, doc) -> Checked:
    return validate_text(text, relative_path(doc) if doc is not None else None, strict=True)


# --- pages --------------------------------------------------------------------------------

@bp.get("")
def new():
    today = dt.date.today().isoformat()
    state = {"last_reviewed": today, "status": "active", "evidence_level": "not-evaluated",
             "illustrative": False}
    return _page(state, body="", doc=None)


@bp.get("/edit/<practice_id>")
def edit(practice_id: str):
    from kb.load import load_text

    doc, original = _editing(practice_id)
    # the form's values from the very text it carries as its base (the corpus may lag the disk)
    fresh = load_text(original.encode("utf-8"), doc.path, doc.display_path)
    return _page(form_state(fresh.meta), body=fresh.body, doc=doc, base=original)


@bp.post("/check")
def check():
    _limit("validate")
    _small_enough()
    submitted, text, doc = submitted_file(request.form)
    result = checked(text, doc)
    state = form_state(submitted.values)
    return _page(state, body=submitted.body, doc=doc, result=result, text=text, base=_base(doc))


@bp.post("/download")
def download():
    _small_enough()
    submitted, text, doc = submitted_file(request.form)
    name = Path(checked_path_or_default(submitted)).name
    return Response(text, mimetype="text/markdown", headers={
        "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})


def checked_path_or_default(submitted: Submitted) -> str:
    """``<city>/<id>.md`` from the values when both are slugs, else a neutral name."""
    city, practice_id = submitted.values.get("city"), submitted.values.get("id")
    if isinstance(city, str) and isinstance(practice_id, str) and _is_slug(city) and _is_slug(practice_id):
        return f"{city}/{practice_id}.md"
    return "practice.md"


@bp.post("/file")
def file():
    """The file text of a form, for the page's script (which sends it to /api/validate)."""
    _limit("validate")
    _small_enough()
    submitted, text, doc = submitted_file(request.form)
    path = checked_path_or_default(submitted)
    return jsonify(text=text, path=path, edit=relative_path(doc) if doc is not None else None,
                   rows=submitted.rows, host_link=host_link(path, text, doc is not None))


@bp.post("/preview")
def preview():
    """The body rendered as the practice page renders it (the same sanitising renderer)."""
    from webapp.render import render_markdown

    _limit("validate")
    _small_enough()
    return jsonify(html=str(render_markdown(request.form.get("body", ""))))


@bp.post("/send")
def send():
    """Validate and commit the file on a new branch of PROPOSALS_GIT_DIR."""
    from webapp import proposals

    git_dir = current_app.config.get("PROPOSALS_GIT_DIR")
    if not git_dir:
        abort(404, _("Sending for review is not switched on for this site. Download the file instead and send it to the committee."))
    _small_enough()  # before request.form reads the body
    if not secrets.compare_digest(request.form.get("csrf_token", ""), session.get(CSRF_KEY) or "-"):
        abort(400, _("This form has expired or did not come from this site. Reload the page, then send it again; your draft is kept in this browser."))
    _limit("proposals")
    submitted, text, doc = submitted_file(request.form)
    result = checked(text, doc)
    if not result.valid:
        return _page(form_state(submitted.values), body=submitted.body, doc=doc, result=result, text=text, base=_base(doc),
                     refused=_("The file was not sent: correct the problems below first.")), 422
    practice = result.document.practice
    repo_path = f"{current_app.config['PROPOSALS_CONTENT_PATH'].strip('/')}/{practice.city}/{practice.id}.md"
    try:
        proposal = proposals.propose(
            Path(git_dir), repo_path.lstrip("/"), text, current_app.config["PROPOSALS_IDENTITY"],
            proposals.message(practice.title, repo_path, edit=doc is not None,
                              name=request.form.get("submitter_name", ""),
                              email=request.form.get("submitter_email", "")),
            practice.id, base=current_app.config["PROPOSALS_BASE"])
    except proposals.ProposalError as exc:
        log.error("proposal for %s failed: %s", practice.id, exc)
        abort(500, _("The proposal could not be saved. Nothing was changed; please download the file and send it to the committee."))
    log.info("proposal %s (%s) on branch %s", practice.id, proposal.commit, proposal.branch)
    return render_template("contribute_sent.html", branch=proposal.branch, path=repo_path, practice=practice,
                           draft_key=f"practice-exchange-draft:{doc.practice.id if doc else 'new'}")


def _limit(name: str) -> None:
    try:
        limiter(name).hit_request()
    except TooManyRequests as exc:
        response = _error_response(429, ngettext(
            "Too many requests from your connection. Please wait %(num)s second and try again.",
            "Too many requests from your connection. Please wait %(num)s seconds and try again.", exc.retry_after))
        response.headers["Retry-After"] = str(exc.retry_after)
        abort(response)


def _small_enough() -> None:
    """A form body over the limit is refused with 413 before it is read (a field over
    Flask's MAX_FORM_MEMORY_SIZE is refused by Flask itself, also with 413)."""
    if request.content_length is not None and request.content_length > MAX_JSON_BYTES:
        abort(_error_response(413, _("The form is too large to be read: a practice file may be at most 256 KiB. Shorten the text and try again.")))


def _error_response(status: int, message: str) -> Response:
    from webapp.security import error_response

    body, status = error_response(status, message)
    return current_app.make_response((body, status))


# --- output ---------------------------------------------------------------------------------

def host_link(path: str, text: str, edit: bool) -> dict | None:
    """Where the repository host (GitHub) opens this file for a pull request, or None.

    A new file goes to ``<repo>/new/<branch>?filename=…&value=…``, with the text filled in,
    unless the link would be longer than :data:`MAX_LINK_CHARS` (``too_long``: copy or
    download instead). An edit goes to ``<repo>/edit/<branch>/<path>``, where the host does
    not take the text: the page says to paste it.
    """
    repo = (current_app.config.get("CONTRIBUTE_REPO") or "").rstrip("/")
    if not repo or path == "practice.md":
        return None
    branch = current_app.config.get("CONTRIBUTE_BRANCH") or "main"
    in_repo = f"{current_app.config['CONTRIBUTE_CONTENT_PATH'].strip('/')}/{path}".lstrip("/")
    if edit:
        return {"url": f"{repo}/edit/{quote(branch)}/{quote(in_repo)}", "edit": True, "too_long": False}
    url = f"{repo}/new/{quote(branch)}?" + urlencode({"filename": in_repo, "value": text}, quote_via=quote)
    if len(url) > MAX_LINK_CHARS:
        return {"url": f"{repo}/new/{quote(branch)}?" + urlencode({"filename": in_repo}, quote_via=quote),
                "edit": False, "too_long": True}
    return {"url": url, "edit": False, "too_long": False}


def csrf_token() -> str:
    token = session.get(CSRF_KEY)
    if not token:
        token = session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


def problems_by_field(result: Checked | None, rows: dict | None = None) -> dict[str, list[str]]:
    """The messages of each form field (dotted form names), from the problems' fields."""
    found: dict[str, list[str]] = {}
    if result is None:
        return found
    for problem in result.problems:
        found.setdefault(form_name(problem.field, rows or {}), []).append(problem.message)
    return found


def form_name(field: str, rows: dict) -> str:
    """The form field a problem's front-matter field is shown at ("" for the whole file)."""
    parts = field.split(".") if field else []
    for cut in range(len(parts) - 1, 0, -1):
        where = rows.get(".".join(parts[:cut]))
        if where is None:
            continue
        if isinstance(where, dict):  # abstracts: by language
            if parts[cut] in where:
                parts[cut] = str(where[parts[cut]])
        elif parts[cut].isdigit() and int(parts[cut]) < len(where):
            parts[cut] = str(where[int(parts[cut])])
        break
    return ".".join(parts)


def _page(state: dict, *, body: str, doc, result: Checked | None = None, text: str | None = None,
          refused: str | None = None, base: str | None = None):
    lang = current_language()
    ids = sorted(get_corpus().by_id())
    fields = form_fields()
    path = relative_path(doc) if doc is not None else None
    # the page shows the values' own rows, so only abstracts need mapping (language -> row)
    rows = {"abstracts": {code: i for i, (code, _) in enumerate(state.get("abstracts") or [])}}
    by_field = problems_by_field(result, rows)
    file_path = None
    if result is not None:
        file_path = result.path if result.document.practice is not None or "/" in result.path else None
    data = {
        "headings": {code: vocab.section_headings(code) for code in vocab.languages()},
        "city_languages": {slug: city.default_language for slug, city in vocab.cities().items()},
        "edit": path,
        "messages": {
            "checking": _("Checking…"),
            "no_problems": _("No problems found: the file is ready."),
            # each count in words: plural forms differ by language (Polish, Czech, Arabic)
            "problems": {n: ngettext("%(num)s problem to correct.", "%(num)s problems to correct.", n)
                         for n in range(1, PROBLEM_COUNTS + 1)},
            "problems_more": ngettext("More than %(num)s problem to correct.", "More than %(num)s problems to correct.",
                                      PROBLEM_COUNTS),
            "offline": _("The file could not be checked just now; it will be checked again as you type."),
            "copied": _("Copied."),
            "draft_restored": _("Your draft from this browser has been restored."),
        },
    }
    return render_template(
        "contribute.html", fields=fields, state=state, body=body, doc=doc, edit_path=path, result=result,
        text=text, by_field=by_field, refused=refused, file_path=file_path, base=base,
        link=host_link(result.path, text, doc is not None) if result is not None and text is not None else None,
        choices=lambda f: choices(f, lang, ids), row_count=row_count, data=data,
        proposals=bool(current_app.config.get("PROPOSALS_GIT_DIR")),
        csrf_token=csrf_token() if current_app.config.get("PROPOSALS_GIT_DIR") else "",
        submitter=_submitter(),
        evidence_meaning=evidence_meanings(), choice_meanings={"cost.band": _cost_meanings()}, headings=vocab.section_headings(state.get("language") or lang),
        field_id=field_id, summary_items=_summary_items(result, rows),
        datalists={kind: choices(Field(kind, kind, "vocab", vocabulary=kind), lang, ids)
                   for kind in ("topic", "population", "city", "practice")},
    )


def _submitter() -> dict[str, str]:
    """The name and e-mail a posted form carried in its send box, for the page it gets back
    (a refused send, a check): nobody types them twice."""
    from webapp.proposals import SUBMITTER_MAX

    if request.method != "POST":
        return {"name": "", "email": ""}
    return {key: request.form.get(f"submitter_{key}", "")[:SUBMITTER_MAX] for key in ("name", "email")}


def field_id(name: str) -> str:
    """The HTML id of a form field: ``f-`` and its dotted name with hyphens."""
    return "f-" + name.replace(".", "-").replace("_", "-")


def _summary_items(result: Checked | None, rows: dict) -> list[tuple[str, str, str]]:
    """(anchor, where, message) of each problem, for the error summary at the top."""
    if result is None:
        return []
    items = []
    for problem in result.problems:
        name = form_name(problem.field, rows)
        target = _closest_field(name)
        items.append((field_id(target) if target else "f-body", name, problem.message))
    return items


def _closest_field(name: str) -> str:
    """The form field a name points at, or its nearest enclosing group that the form has."""
    known = set(_all_names(form_fields()))
    parts = name.split(".") if name else []
    while parts:
        generic = ".".join(p for p in parts if not p.isdigit())
        if ".".join(parts) in known or generic in known:
            return ".".join(parts)
        parts = parts[:-1]
    return ""


def _all_names(fields: list[Field], prefix: str = ""):
    for f in fields:
        yield prefix + f.name
        yield from _all_names(f.children, prefix + f.name + ".")
    if not prefix:
        yield "body"


def _cost_meanings() -> dict[str, str]:
    from webapp.definitions import cost_meanings

    return cost_meanings()


def evidence_meanings() -> dict[str, str]:
    """What each evidence level means (the definitions of /about)."""
    from webapp.definitions import evidence_meanings as meanings

    return meanings()


#: Settings of the form and of proposals, with their defaults; each may also come from the
#: environment variable of the same name (or instance/config.py).
SETTINGS = {
    "CONTRIBUTE_REPO": None,             # https://github.com/owner/repo: links to the host's editor
    "CONTRIBUTE_BRANCH": "main",
    "CONTRIBUTE_CONTENT_PATH": "practices",  # the practices' folder inside that repository
    "PROPOSALS_GIT_DIR": None,           # a clone of the content repository: "Send for review" is on
    "PROPOSALS_CONTENT_PATH": "practices",
    "PROPOSALS_BASE": "HEAD",            # the commit proposals start from
    "PROPOSALS_AUTHOR": "Practice Exchange contribution form <contribute@localhost>",
}


def init_app(app: Flask) -> None:
    """Settings of the form and of proposals; a SECRET_KEY for the CSRF token when sending is on."""
    from webapp import proposals

    for key, default in SETTINGS.items():
        if key not in app.config:
            app.config[key] = os.environ.get(key) or default
    if not app.config.get("SECRET_KEY") and os.environ.get("KB_SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["KB_SECRET_KEY"]
    if app.config["PROPOSALS_GIT_DIR"]:
        app.config["PROPOSALS_GIT_DIR"] = str(Path(app.config["PROPOSALS_GIT_DIR"]).resolve())
        proposals.check_repository(Path(app.config["PROPOSALS_GIT_DIR"]))
        app.config["PROPOSALS_IDENTITY"] = proposals.identity(app.config["PROPOSALS_AUTHOR"])
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = instance_secret(app)
        # the CSRF token's session cookie: not sent with other sites' cross-site posts
        if not app.config.get("SESSION_COOKIE_SAMESITE"):
            app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.register_blueprint(bp)


def instance_secret(app: Flask) -> str:
    """The instance's SECRET_KEY: read from ``SECRET_KEY_FILE`` (``instance/secret_key``), made
    there once when it is missing (so every worker and restart signs sessions alike), else
    one for this process."""
    path = Path(app.config.get("SECRET_KEY_FILE") or Path(app.instance_path) / "secret_key")
    try:
        if path.exists():
            return path.read_text(encoding="ascii").strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        with open(path, "x", encoding="ascii") as handle:  # never replace a key another worker wrote
            handle.write(key)
        path.chmod(0o600)
        log.warning("SECRET_KEY was not set: generated one in %s", path)
        return key
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    except OSError as exc:
        log.warning("SECRET_KEY is not set and %s cannot be written (%s): using one for this process only; "
                    "set SECRET_KEY (or KB_SECRET_KEY) so that every worker accepts the same forms", path, exc)
        return secrets.token_hex(32)
