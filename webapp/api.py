"""JSON API under /api: search, practices, similar practices, facets, catalogue, OpenAPI.

Every error is ``{"error": {"status": <int>, "message": <str>}}`` with the matching HTTP
status; messages name the bad parameter and what would be accepted.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from indexer.facets import facet_counts, matches
from kb import vocab
from kb.suggest import did_you_mean
from webapp import display
from webapp.catalogue import FILTER_KEYS, FilterError, check_filters, practice_record, summary_record, to_csv
from webapp.content import abstracts_of, get_corpus, get_document, illustrative_of
from webapp.index import get_index

bp = Blueprint("api", __name__, url_prefix="/api")

#: Practice ids are slugs (kb.model.Slug); anything else is refused before any lookup.
PRACTICE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SEARCH_MODES = ("hybrid", "dense", "keyword")
SEARCH_LIMIT = (1, 50, 10)      # min, max, default
SIMILAR_LIMIT = (1, 20, 5)
LIST_LIMIT = (1, 500, 100)
CATALOGUE_LIMIT = (1, 500, 100)
MAX_OFFSET = 10_000
#: As documented in the OpenAPI document, whatever the limit; see ``search`` for deep pages.
MAX_PAGE = 10_000


class ApiError(Exception):
    """A request the API refuses: becomes ``{"error": {...}}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_body(status: int, message: str) -> Response:
    response = jsonify(error={"status": status, "message": message})
    response.status_code = status
    return response


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return error_body(exc.status, exc.message)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    from webapp.security import with_exception_headers

    return with_exception_headers(error_body(exc.code or 500, exc.description or exc.name), exc)


@bp.errorhandler(Exception)
def _unexpected(exc: Exception):
    # IndexProblem messages say what to run (`kb index`); anything else stays private
    try:
        from indexer.errors import IndexProblem
    except ImportError:  # pragma: no cover - the indexer is a dependency
        IndexProblem = ()  # noqa: N806
    if IndexProblem and isinstance(exc, IndexProblem):
        # the reason names server paths: it goes to the log, the caller gets what to do
        current_app.logger.error("index unavailable: %s", exc)
        return error_body(503, "the search index is not available; an administrator needs to run `kb index`")
    current_app.logger.exception("API error on %s", request.path)
    return error_body(500, "internal error; it has been logged")


@bp.after_app_request
def _cors(response: Response) -> Response:
    # a read-only public API: any site (e.g. a statically exported copy) may call it. An app
    # hook, by path: a 405 or a routing error under /api reaches no blueprint hook.
    if request.path == "/api" or request.path.startswith("/api/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# --- parameters ---------------------------------------------------------------------------

def single_param(name: str, default: str | None = None) -> str | None:
    """A query parameter that takes one value; given twice, a 400 (not a silent first pick)."""
    values = request.args.getlist(name)
    if len(values) > 1:
        raise ApiError(400, f"give {name} once, not {len(values)} times")
    return values[0] if values else default


def int_param(name: str, bounds: tuple[int, int, int]) -> int:
    """Integer query parameter within [low, high], default when absent; given empty, a 400."""
    low, high, default = bounds
    raw = single_param(name)
    if raw is None:
        return default
    if not raw.strip():
        raise ApiError(400, f"{name} is empty: give an integer between {low} and {high} or leave the parameter out")
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f'{name} must be an integer, got "{raw[:40]}"') from None
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low} and {high}, got {value}")
    return value


def paging(bounds: tuple[int, int, int]) -> tuple[int, int]:
    """(limit, offset) from limit plus offset or page (1-based); offset wins over page."""
    limit = int_param("limit", bounds)
    page = int_param("page", (1, MAX_PAGE, 1))  # checked even when offset wins: a bad value is a 400
    if single_param("offset") is not None:
        return limit, int_param("offset", (0, MAX_OFFSET, 0))
    return limit, (page - 1) * limit


def filter_params() -> dict[str, list[str]]:
    raw = {key: request.args.getlist(key) for key in FILTER_KEYS}
    # the site's forms may send empty fields; the API documents vocabulary values only
    empty = next((key for key, values in raw.items() if any(not v.strip() for v in values)), None)
    if empty is not None:
        raise ApiError(400, f"{empty} is empty: give one of its values or leave the parameter out")
    try:
        return check_filters(raw)
    except FilterError as exc:
        raise ApiError(400, str(exc)) from None


def lang_param() -> str | None:
    """The reader's language for ``display`` (``lang``): a known language code, or None.

    Only the parameter counts: the site's interface language (cookie, Accept-Language)
    is not used, so one URL always answers the same.
    """
    lang = single_param("lang")
    if lang is None or lang == "":
        return None
    if lang not in vocab.languages():
        raise ApiError(400, f'lang must be a language code such as fr, got "{lang[:40]}"'
                       f"{did_you_mean(lang.lower(), vocab.languages())}")
    return lang


def with_display(item: dict, abstracts: dict[str, dict], lang: str | None) -> dict:
    """``item`` with its written ``abstracts`` and the ``display`` chosen for ``lang``."""
    item["abstracts"] = abstracts
    item["display"] = display.choose(item, lang).to_dict()
    return item


def bool_param(name: str) -> bool:
    """A yes/no query parameter: true or 1, false or 0 (absent: false)."""
    raw = single_param(name)
    if raw in (None, "", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise ApiError(400, f'{name} must be true or false, got "{raw[:40]}"')


def excluded_cities() -> list[str]:
    """The ``exclude_city`` values (repeatable): city slugs whose practices a search leaves out."""
    values = request.args.getlist("exclude_city")
    if any(not v.strip() for v in values):
        raise ApiError(400, "exclude_city is empty: give a city slug or leave the parameter out")
    try:
        return check_filters({"city": values}).get("city", [])
    except FilterError as exc:
        raise ApiError(400, str(exc).replace("unknown city", "unknown exclude_city", 1)) from None


def checked_id(practice_id: str) -> str:
    if not PRACTICE_ID.match(practice_id) or len(practice_id) > 80:
        raise ApiError(404, "not a practice id: ids are lowercase letters, digits and hyphens")
    return practice_id


def records(filters: Mapping[str, list[str]] | None = None, *, body: bool = False) -> list[dict]:
    """Servable practices as records (by id), optionally filtered, with the Markdown body if asked."""
    found = []
    for doc in sorted(get_corpus().good, key=lambda d: d.practice.id):
        record = practice_record(doc, current_app.config["CONTENT_DIR"])
        record["abstracts"] = display.written_abstracts(doc.practice)  # kb new's placeholders left out
        if not filters or matches(record, filters):
            if body:
                record["body"] = doc.body
            found.append(record)
    return found


def page_url(practice_id: str) -> str:
    """The practice's page on the site: absolute on PUBLIC_URL when it is set, else a path
    (never built from the request's Host header)."""
    return site_url(url_for("pages.practice", practice_id=practice_id))


def site_url(path: str) -> str:
    """``path`` (from ``url_for``) absolute on PUBLIC_URL when it is set, else the path itself."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return public + path[len(request.script_root):]
    return path


def with_page(item: dict) -> dict:
    """A search or similar result with ``url`` (its page) and ``illustrative`` (from its file)."""
    item["url"] = page_url(item["id"])
    item["illustrative"] = illustrative_of(item["id"])
    return item


def practice_links(practice_id: str) -> dict[str, str]:
    return {
        "html": url_for("pages.practice", practice_id=practice_id, _external=False),
        "api": url_for("api.practice", practice_id=practice_id),
        "similar": url_for("api.similar", practice_id=practice_id),
    }


# --- endpoints ----------------------------------------------------------------------------

@bp.get("/search")
def search():
    query = single_param("q", "").strip()
    max_chars = int(current_app.config.get("MAX_QUERY_CHARS", 500))
    if not query:
        raise ApiError(400, "q is required: the text to search for, in any language")
    if len(query) > max_chars:
        raise ApiError(400, f"q is too long ({len(query)} characters); the limit is {max_chars}")
    limit, offset = paging(SEARCH_LIMIT)
    filters = filter_params()
    lang = lang_param()
    exclude_city = excluded_cities()
    mode = single_param("mode", "hybrid")
    if mode not in SEARCH_MODES:
        raise ApiError(400, f'mode must be one of {", ".join(SEARCH_MODES)}, got "{mode[:40]}"')
    more = bool_param("more")
    # ranking cost grows with the offset: the index never ranks past MAX_OFFSET, and a page
    # beyond it is empty as long as there are not that many matches
    deep = offset > MAX_OFFSET
    response = get_index().search(query, limit=limit, offset=MAX_OFFSET if deep else offset,
                                  filters=filters, mode=mode, exclude_city=exclude_city, language=lang, more=more)
    if deep and (response.more if more else response.total) > MAX_OFFSET:
        raise ApiError(400, f"results past number {MAX_OFFSET} are not served; narrow the query with filters")
    body = response.to_dict()
    if deep:
        body["results"] = []
    for result in body["results"]:
        with_page(with_display(result, abstracts_of(result["id"]), lang))
    body.update(limit=limit, offset=offset, mode=mode, filters=filters, exclude_city=exclude_city)
    body["exchanges"] = search_exchanges(query)
    return jsonify(body)


@bp.get("/practices")
def practices():
    limit, offset = paging(LIST_LIMIT)
    found = records(filter_params())
    lang = lang_param()
    return jsonify(total=len(found), limit=limit, offset=offset,
                   practices=[with_display(summary_record(r), r["abstracts"], lang)
                              for r in found[offset:offset + limit]])


@bp.get("/practices/<practice_id>")
def practice(practice_id: str):
    doc = get_document(checked_id(practice_id))
    lang = lang_param()
    if doc is None:
        raise ApiError(404, f'no practice with id "{practice_id}"; list them at /api/practices')
    record = with_display(practice_record(doc, current_app.config["CONTENT_DIR"]),
                          display.written_abstracts(doc.practice), lang)
    record["body"] = doc.body
    record["links"] = practice_links(practice_id)
    return jsonify(record)


@bp.get("/practices/<practice_id>/similar")
def similar(practice_id: str):
    checked_id(practice_id)
    limit = int_param("limit", SIMILAR_LIMIT)
    lang = lang_param()
    index = get_index()
    try:
        results = index.similar(practice_id, limit=limit, language=lang)
    except KeyError:
        raise ApiError(404, f'no practice with id "{practice_id}" in the search index') from None
    from indexer.similar import MIN_SCORE

    return jsonify(id=practice_id, limit=limit, lang=lang, min_score=MIN_SCORE,
                   results=[with_page(with_display(r.to_dict(), abstracts_of(r.id), lang)) for r in results])


@bp.get("/facets")
def facets():
    found = records(filter_params())
    return jsonify(total=len(found), facets=facet_counts(found))


def catalogue_body(limit: int | None = None, offset: int = 0) -> dict:
    """The catalogue document: practices ``offset`` to ``offset + limit`` (all with ``None``,
    as the static export writes it) in full, with the total and the URL of the next page."""
    found = records(body=True)
    page = found[offset:] if limit is None else found[offset:offset + limit]
    for record in page:
        record["links"] = practice_links(record["id"])
    following = None
    if limit is not None and offset + limit < len(found):
        following = url_for("api.catalogue_json", limit=limit, offset=offset + limit)
    return {"generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "total": len(found), "count": len(page), "limit": limit if limit is not None else len(found),
            "offset": offset, "next": following, "practices": page,
            "exchanges": exchange_records()}  # a handful: on every page


@bp.get("/catalogue.json")
def catalogue_json():
    # paged: at 5,000 practices the whole catalogue with bodies was 6.5 MB per request
    limit, offset = paging(CATALOGUE_LIMIT)
    return jsonify(catalogue_body(limit, offset))


def exchange_records() -> list[dict]:
    """Every servable exchange, as /api/exchanges/<id> gives it (the catalogue's ``exchanges``)."""
    from webapp.exchange_content import get_exchange_documents, sort_exchanges
    from webapp.exchange_view import record

    documents = get_exchange_documents()
    return [dict(record(e), body=documents[e.id].body, links=exchange_links(e.id))
            for e in sort_exchanges(doc.exchange for doc in documents.values())]


@bp.get("/catalogue.csv")
def catalogue_csv():
    return Response(to_csv(records()), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="practice-exchange-catalogue.csv"'})


@bp.get("/exchanges")
def exchanges():
    from webapp.exchange_content import get_exchanges
    from webapp.exchange_view import filter_exchanges, summary_record

    city, theme = single_param("city"), single_param("theme")
    for name, value, known in (("city", city, vocab.cities()), ("theme", theme, vocab.topics())):
        if value is not None and value not in known:
            raise ApiError(400, f'unknown {name} "{value[:80]}"{did_you_mean(value, known)}')
    found = filter_exchanges(get_exchanges(), city, theme)
    return jsonify(total=len(found), exchanges=[dict(summary_record(e), links=exchange_links(e.id)) for e in found])


@bp.get("/exchanges/<exchange_id>")
def exchange(exchange_id: str):
    from webapp.exchange_content import get_exchange_document
    from webapp.exchange_view import record
    from webapp.exchanges import valid_exchange_id

    doc = get_exchange_document(exchange_id) if valid_exchange_id(exchange_id) else None
    if doc is None:
        raise ApiError(404, f'no exchange with id "{exchange_id[:80]}"; list them at /api/exchanges')
    return jsonify(dict(record(doc.exchange), body=doc.body, links=exchange_links(exchange_id)))


def search_exchanges(query: str) -> list[dict]:
    """The exchange records matching ``query``, as the site search page lists them above its
    results (webapp.exchange_search: every word in the record, or close in meaning; at most
    ``BLOCK_SIZE``). The query alone decides: filters, mode and paging are the practices'."""
    from webapp.exchanges import exchanges_for_search

    return [{"id": m.exchange.id, "name": m.exchange.name, "year": m.exchange.year,
             "host_city": m.exchange.host_city, "visiting_cities": list(m.exchange.visiting_cities),
             "illustrative": m.exchange.illustrative, "match": m.how,
             "url": site_url(url_for("exchanges.exchange", exchange_id=m.exchange.id))}
            for m in exchanges_for_search(query)]


def exchange_links(exchange_id: str) -> dict[str, str]:
    return {"html": url_for("exchanges.exchange", exchange_id=exchange_id),
            "api": url_for("api.exchange", exchange_id=exchange_id)}


@bp.post("/validate")
def validate():
    """`kb validate` on one practice file: the rules, the live corpus, no file written."""
    from webapp.ratelimit import TooManyRequests, limiter
    from webapp.validation import RequestProblem, validate_text, validation_request

    try:
        limiter("validate").hit_request()
        raw, path, strict = validation_request()
    except TooManyRequests as exc:
        response = error_body(429, f"too many validations: at most {exc.limit} in {exc.window:g} seconds; "
                                   f"try again in {exc.retry_after} seconds")
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except RequestProblem as exc:
        raise ApiError(exc.status, exc.message) from None
    return jsonify(validate_text(raw, path, strict=strict).to_dict())


@bp.get("/openapi.json")
def openapi():
    from webapp.openapi import openapi_document

    # never the Host header of the request: anyone can set it (issue 14 item 14)
    server = current_app.config.get("PUBLIC_URL") or request.script_root or "/"
    return jsonify(openapi_document(server=server))


@bp.route("/<path:unknown>")
def unknown(unknown: str):
    raise ApiError(404, f'no API endpoint at /api/{unknown[:80]}; see /api/openapi.json')
