"""Security headers on every response, error pages that never show a stack trace, and no
trust in the request's Host header (redirects are relative, or on the configured PUBLIC_URL).

Errors under ``/api/`` are JSON (``{"error": {"status": …, "message": …}}``, as in webapp.api); elsewhere
they are HTML pages in the interface language.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, current_app, jsonify, render_template, request
from flask.wrappers import Response
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.i18n import gettext as _

log = logging.getLogger(__name__)

#: No inline script or style anywhere: CSS and JS are files under /static.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def checked_public_url(value: str | None) -> str | None:
    """PUBLIC_URL without its trailing slash; ``None`` when not set.

    Raises:
        ValueError: not an absolute http(s) URL without query or fragment.
    """
    if value in (None, ""):
        return None
    parts = urlsplit(str(value))
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f'PUBLIC_URL (KB_PUBLIC_URL, kb serve --public-url) "{value}" is not the '
                         "site's public address; give an absolute http(s) URL without query, "
                         "e.g. https://practices.example.org")
    return str(value).rstrip("/")


def public_location(response: Response) -> Response:
    """A redirect to this site names it by path (or by PUBLIC_URL), never by the Host header.

    Werkzeug builds the redirects of its routing (``/cities`` -> ``/cities/``) as absolute
    URLs on the request's host, which anyone can set.
    """
    location = response.headers.get("Location")
    if not location:
        return response
    parts = urlsplit(location)
    if parts.netloc and parts.netloc.lower() != request.host.lower():
        return response  # a redirect to another site is meant
    path = parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    public = current_app.config.get("PUBLIC_URL")
    if public:
        root = request.script_root
        inside = path[len(root):] if root and path.startswith(root) else path
        response.headers["Location"] = public + inside
    else:
        response.headers["Location"] = path
    return response


def wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


#: What a visitor reads for each status (the HTTP reason phrase is the English fallback).
def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Check the address or the search and try again.")),
        404: (_("Page not found"), _("There is no page at this address. It may have moved, or the link may be mistyped.")),
        405: (_("Method not allowed"), _("This address does not accept that kind of request.")),
        500: (_("Something went wrong"), _("An unexpected error occurred on our side. It has been logged; please try again later.")),
        503: (_("Search index unavailable"), _("The search index is not ready. An administrator needs to run `kb index`.")),
    }


def error_response(status: int, message: str | None = None) -> tuple[Response | str, int]:
    """A JSON (under /api) or HTML error response; ``message`` overrides the generic text."""
    title, generic = _messages().get(status, (_("Error"), _("The request failed.")))
    text = message or generic
    if wants_json():
        return jsonify(error={"status": status, "message": text}), status
    try:
        return render_template("error.html", status=status, title=title, message=text), status
    except Exception:  # the error page itself failed: still no stack trace
        log.exception("error page failed to render")
        return Response(f"{status} {title}\n{text}\n", mimetype="text/plain"), status


def with_exception_headers(response: Response, exc: HTTPException) -> Response:
    """The headers the HTTP error itself defines, e.g. ``Allow`` on a 405 (RFC 9110 §15.5.6)."""
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_http_error(exc: HTTPException):
    status = exc.code or 500
    # only messages we wrote ourselves (abort(400, "…")) reach the visitor
    default = type(exc).description
    message = exc.description if exc.description and exc.description != default else None
    body, status = error_response(status, message)
    response = current_app.make_response((body, status))
    return with_exception_headers(response, exc)


def handle_internal_error(exc: InternalServerError):
    original = getattr(exc, "original_exception", None)
    log.error("unhandled error on %s %s", request.method, request.path, exc_info=original or exc)
    return error_response(500)


def handle_index_problem(exc: Exception):
    # the reason names server paths: it goes to the log, the visitor gets the generic text
    log.error("index unavailable: %s", exc)
    return error_response(503)


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.after_request(public_location)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_internal_error)
    try:
        from indexer.errors import IndexProblem
    except ImportError:  # the indexer is not installed yet: nothing of it can be raised
        return
    app.register_error_handler(IndexProblem, handle_index_problem)
