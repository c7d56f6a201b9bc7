"""`kb validate` on the text of one practice file sent by a form or a program: the same rules,
with links and ids resolved against the live corpus, and nothing written to disk.

Used by ``POST /api/validate`` (webapp.api) and by the contribution form (webapp.contribute).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from kb.corpus import check_text
from kb.load import Document
from kb.parse import MAX_FILE_BYTES
from kb.problems import Problem, strict as strictly
from webapp.content import get_corpus

#: ``<city>/<id>.md`` relative to the content folder: two slugs, nothing else.
RELATIVE_PATH = re.compile(r"^(?P<city>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The largest text accepted: a practice file's own limit (kb.parse.MAX_FILE_BYTES).
MAX_TEXT_BYTES = MAX_FILE_BYTES


class BadPath(ValueError):
    """A ``path`` that is not ``<city>/<id>.md``."""


@dataclass
class Checked:
    """One text checked: its document (``practice`` set when it is valid) and its problems."""

    document: Document
    problems: list[Problem]
    path: str  # relative to the content folder: where the file belongs

    @property
    def valid(self) -> bool:
        return not any(p.level == "error" for p in self.problems)

    def to_dict(self) -> dict:
        return {"valid": self.valid, "path": self.path,
                "problems": [{"line": p.line, "col": p.col, "level": p.level, "message": p.message,
                              "field": p.field} for p in self.problems]}


def checked_path(path: str) -> str:
    """``path`` when it is ``<city>/<id>.md`` (slugs only: no ``..``, no absolute path)."""
    if not RELATIVE_PATH.match(path or ""):
        raise BadPath(f'path must be "<city>/<id>.md" with lowercase letters, digits and hyphens, such as '
                      f'"milan/milan-housing-first.md", got "{str(path)[:80]}"')
    return path


def where_it_belongs(raw: bytes) -> str:
    """``<city>/<id>.md`` from the text's own front matter, where it can be read; else a
    placeholder path under which only the file's own problems are reported."""
    city = _field(raw, "city")
    practice_id = _field(raw, "id")
    if city and practice_id:
        return f"{city}/{practice_id}.md"
    return f"{city or 'unknown-city'}/{practice_id or 'new-practice'}.md"


def _field(raw: bytes, key: str) -> str | None:
    found = re.search(rb"^" + key.encode() + rb":[ \t]*['\"]?([a-z0-9-]+)['\"]?[ \t]*$", raw, re.MULTILINE)
    value = found.group(1).decode() if found else None
    return value if value and _SLUG.match(value) else None


def validate_text(text: str | bytes, path: str | None = None, *, strict: bool = False) -> Checked:
    """Every problem of ``text`` that `kb validate` (``--strict``) reports for a file at ``path``.

    Args:
        text: the whole file, front matter and body.
        path: ``<city>/<id>.md``, relative to the content folder, when the text is an edit of
            the file there (the file is then not its own duplicate); by default, where the
            front matter says the file belongs, as a new file.
        strict: every warning is an error, as `kb validate --strict` and the pull-request check.

    Raises:
        BadPath: ``path`` is not ``<city>/<id>.md``.
    """
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    content = Path(current_app.config["CONTENT_DIR"])
    replaces = None
    if path is not None:
        path = checked_path(path)
        replaces = content / path
    else:
        path = where_it_belongs(raw)
    corpus = get_corpus()
    doc = check_text(raw, content / path, corpus.documents, replaces=replaces, display_path=path, root=content)
    problems = sorted(doc.problems, key=lambda p: (p.line, p.col))
    return Checked(doc, strictly(problems) if strict else problems, path)


# --- POST /api/validate ---------------------------------------------------------------------

#: A JSON body may spend up to six bytes per character on escapes ("\\u00e9").
MAX_JSON_BYTES = 6 * MAX_TEXT_BYTES + 4096
JSON_KEYS = ("text", "path", "strict")


class RequestProblem(Exception):
    """A request to refuse: ``status`` (400, 413, 415) and a message that says what to send."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def read_body(limit: int) -> bytes:
    """The request body, refused with 413 past ``limit`` bytes (before reading it when the
    client says its length, after ``limit + 1`` bytes otherwise)."""
    from flask import request

    if request.content_length is not None and request.content_length > limit:
        raise RequestProblem(413, too_big(request.content_length, limit))
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise RequestProblem(413, too_big(len(data), limit))
    return data


def too_big(size: int, limit: int) -> str:
    return (f"the request is {_kib(size)} KiB, over the limit of {_kib(limit)} KiB; a practice file may be at "
            f"most {MAX_TEXT_BYTES // 1024} KiB")


def _kib(size: int) -> str:
    return f"{size / 1024:.0f}" if size >= 10 * 1024 else f"{size / 1024:.1f}"


def validation_request() -> tuple[bytes, str | None, bool]:
    """(file bytes, path, strict) from a ``text/markdown`` body or a JSON one.

    Raises:
        RequestProblem: the body is too large, of another type, or not what the API takes.
    """
    from flask import request

    kind = (request.mimetype or "").lower()
    strict = _strict_param(request.args.get("strict"))
    path = request.args.get("path") or None
    if kind in ("text/markdown", "text/plain", "text/x-markdown"):
        raw = read_body(MAX_TEXT_BYTES)
    elif kind == "application/json":
        raw, json_path, json_strict = _from_json(read_body(MAX_JSON_BYTES))
        path = json_path if json_path is not None else path
        strict = json_strict if json_strict is not None else strict
    else:
        raise RequestProblem(415, f'send the practice file as "text/markdown", or JSON {{"text": "…", "path": '
                             f'"city/id.md"}} as "application/json"; got "{(request.mimetype or "no type")[:60]}"')
    if path is not None:
        try:
            checked_path(path)
        except BadPath as exc:
            raise RequestProblem(400, str(exc)) from None
    if len(raw) > MAX_TEXT_BYTES:
        raise RequestProblem(413, f"the file is {_kib(len(raw))} KiB, over the {MAX_TEXT_BYTES // 1024} KiB "
                             "limit of a practice file; shorten it or split it")
    return raw, path, strict


def _strict_param(value: str | None) -> bool:
    if value in (None, "", "0", "false"):
        return False
    if value in ("1", "true"):
        return True
    raise RequestProblem(400, f'strict must be true or false, got "{value[:20]}"')


def _from_json(data: bytes) -> tuple[bytes, str | None, bool | None]:
    import json

    from kb.suggest import did_you_mean

    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise RequestProblem(400, 'the body is not valid JSON; send {"text": "<the whole practice file>"}') from None
    if not isinstance(body, dict):
        raise RequestProblem(400, 'the JSON body must be an object: {"text": "<the whole practice file>"}')
    unknown = [key for key in body if key not in JSON_KEYS]
    if unknown:
        raise RequestProblem(400, f'unknown key "{str(unknown[0])[:40]}"{did_you_mean(str(unknown[0]), JSON_KEYS)}; '
                             f"the body takes {', '.join(JSON_KEYS)}")
    text = body.get("text")
    if not isinstance(text, str):
        raise RequestProblem(400, '"text" is required: the whole practice file, front matter and body, as a string')
    path = body.get("path")
    if path is not None and not isinstance(path, str):
        raise RequestProblem(400, '"path" must be a string such as "milan/milan-housing-first.md", or left out')
    strict = body.get("strict")
    if strict is not None and not isinstance(strict, bool):
        raise RequestProblem(400, '"strict" must be true or false')
    try:
        return text.encode("utf-8"), path, strict
    except UnicodeEncodeError:
        raise RequestProblem(400, '"text" holds a lone surrogate (\\ud800-\\udfff), which is not text; '
                             "send the file as UTF-8") from None
