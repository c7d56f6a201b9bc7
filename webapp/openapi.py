"""The OpenAPI 3.1 document of /api, written by hand next to the code it describes.

The practice schema reuses the front-matter JSON Schema of :mod:`kb.jsonschema`, so a new
front-matter field shows up here without an edit. ``tests/webapp_api`` checks that every
API route is described and that real responses validate against these schemas.
"""
from __future__ import annotations

import copy
import json

from kb import vocab
from kb.jsonschema import practice_schema
from webapp.catalogue import CSV_COLUMNS, FILTER_KEYS, known_values

REF = "#/components/schemas/"

_FILTER_HELP = {
    "city": "City slug of the registry (e.g. hamburg).",
    "country": "ISO 3166-1 alpha-2 country code (e.g. DE).",
    "language": "ISO 639-1 code of the language the practice is written in.",
    "topic": "Topic slug (e.g. harm-reduction).",
    "target_population": "Target-population slug (e.g. older-people).",
    "evidence_level": "Evidence level.",
    "status": "Status of the practice.",
}


def _ref(name: str) -> dict:
    return {"$ref": REF + name}


_LANG_PARAM = {
    "name": "lang", "in": "query", "required": False,
    "description": "The reader's language (ISO 639-1). Each practice's `display` then holds its title and "
                   "summary in that language when it has an abstract in it (`translated: true`), else the "
                   "original. Without `lang`, `display` is the original: the site's interface language "
                   "(its cookie, Accept-Language) is not used by the API. A programme written in several "
                   "languages is shown in this one when it has a version in it (the others in `also_in`). "
                   "An empty `lang` is the same as none; an unknown code is a 400.",
}


_ALSO_IN = {"type": "array", "description": "the other versions (translations) of this programme",
            "items": {"type": "object", "required": ["id", "language", "title"], "properties": {
                "id": {"type": "string"}, "language": {"type": "string"}, "title": {"type": "string"}}}}


def _lang_parameter() -> dict:
    return {**_LANG_PARAM, "schema": {"type": "string", "enum": ["", *sorted(vocab.languages())]}}


def _filter_parameters() -> list[dict]:
    """One repeatable query parameter per filter; values within a filter are OR-ed."""
    return [{
        "name": key, "in": "query", "required": False, "style": "form", "explode": True,
        "description": _FILTER_HELP[key] + " Repeat to accept several values; an unknown value is a 400.",
        "schema": {"type": "array", "items": {"type": "string", "enum": sorted(known_values(key))}},
    } for key in FILTER_KEYS]


def _int_param(name: str, low: int, high: int, default: int, text: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": text,
            "schema": {"type": "integer", "minimum": low, "maximum": high, "default": default}}


_ID_PARAM = {"name": "practice_id", "in": "path", "required": True, "description": "Practice id (a slug).",
             "schema": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 80}}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


def _errors(*codes: int) -> dict:
    text = {400: "Bad parameter (the message names it).", 404: "Unknown practice id.",
            413: "The body is over the size limit (a practice file is at most 256 KiB).",
            415: "The body is neither text/markdown nor application/json.",
            429: "Too many requests from this client; the Retry-After header says in how many seconds to retry.",
            503: "The search index is not built or cannot be opened (run `kb index`)."}
    errors = {str(code): _json("Error", text[code]) for code in codes}
    if "429" in errors:
        errors["429"]["headers"] = {"Retry-After": {"description": "Seconds to wait before trying again.",
                                                    "schema": {"type": "integer", "minimum": 1}}}
    return errors


def _practice_schemas() -> dict[str, dict]:
    """Front matter (from kb) as PracticeFrontMatter, plus its nested definitions."""
    schema = json.loads(json.dumps(practice_schema()).replace('"#/$defs/', f'"{REF}'))
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)
    record = copy.deepcopy(schema)
    record["title"] = "Practice"
    record["properties"].update({
        "abstracts": _ref("Abstracts"),
        "display": _ref("Display"),
        "country": {"type": "string", "pattern": "^[A-Z]{2}$",
                    "description": "From the front matter, else the city registry."},
        "path": {"type": "string", "description": "The Markdown file, relative to the content folder (e.g. hamburg/x.md)."},
        "body": {"type": "string", "description": "The write-up, Markdown, in its original language."},
        "links": _ref("PracticeLinks"),
    })
    return {**defs, "Practice": record}


def _schemas() -> dict[str, dict]:
    string_list = {"type": "array", "items": {"type": "string"}}
    counts = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    facets = {"type": "object", "required": list(FILTER_KEYS),
              "properties": {key: counts for key in FILTER_KEYS}, "additionalProperties": False}
    summary = {
        "type": "object",
        "required": ["id", "title", "city", "language", "topics", "summary", "evidence_level", "status",
                     "abstracts", "display"],
        "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "city": {"type": "string"},
            "country": {"type": "string"}, "language": {"type": "string"}, "topics": string_list,
            "target_population": string_list, "evidence_level": {"type": "string"},
            "status": {"type": "string"}, "summary": {"type": "string"},
            "last_reviewed": {"type": "string", "format": "date"}, "illustrative": {"type": "boolean"},
            "abstracts": _ref("Abstracts"), "display": _ref("Display"),
        },
    }
    passage = {
        "type": "object", "required": ["text", "highlights"],
        "properties": {
            "text": {"type": "string"}, "section": {"type": ["string", "null"]},
            "field": {"type": "string", "enum": ["summary", "body", "abstract"],
                      "description": "where the text comes from: the summary, the write-up, or an abstract "
                                     "(a summary translated by people, in `language`)"},
            "language": {"type": "string", "description": "the language of the text"},
            "start": {"type": ["integer", "null"]}, "end": {"type": ["integer", "null"]},
            "highlights": {"type": "array", "items": {
                "type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}},
        },
    }
    result = copy.deepcopy(summary)
    page = {"url": {"type": "string", "description": "the practice's page on the site (absolute when the "
                                                     "server has a public URL, else a path)"},
            "illustrative": {"type": "boolean", "description": "an illustrative write-up, not a report of "
                                                               "a real programme"}}
    result["required"] = ["id", "title", "city", "language", "score", "score_parts", "abstracts", "display",
                          "url", "illustrative"]
    result["properties"].update(page)
    result["properties"].update({
        "country": {"type": ["string", "null"]},
        "score": {"type": "number", "description": "the score that ranks: in hybrid mode the probability "
                  "(0-1) that the practice is relevant to the query"},
        "score_parts": {"type": "object", "required": ["fused"], "properties": {
            "dense": {"type": ["number", "null"], "description": "best cosine of the query to one of its passages"},
            "keyword": {"type": ["number", "null"], "description": "BM25 score of its text in the query's language"},
            "thesaurus": {"type": ["number", "null"], "description": "share of the query's thesaurus concepts "
                          "its text names, in any language"},
            "fused": {"type": "number"}}},
        "passage": {"anyOf": [passage, {"type": "null"}]},
        "also_in": _ALSO_IN,
    })
    similar = {
        "type": "object", "required": ["id", "title", "city", "score", "abstracts", "display", "url", "illustrative"],
        "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "city": {"type": "string"},
            "country": {"type": ["string", "null"]}, "language": {"type": "string"}, "score": {"type": "number"},
            "score_parts": {"type": "object", "properties": {
                "meaning": {"type": "number"}, "topics": {"type": "number"}, "populations": {"type": "number"}}},
            "shared_topics": string_list, "shared_populations": string_list, "sections": string_list,
            "abstracts": _ref("Abstracts"), "display": _ref("Display"), **page,
            "also_in": _ALSO_IN,
        },
    }
    abstracts = {
        "type": "object", "propertyNames": {"pattern": "^[a-z]{2}$"},
        "description": "Title and summary in other languages than the practice's, by language code, written "
                       "and labelled as translations by people (placeholders of `kb new` left out).",
        "additionalProperties": {"type": "object", "required": ["title", "summary"], "properties": {
            "title": {"type": "string"}, "summary": {"type": "string"},
            "translated_by": {"type": ["string", "null"], "description": "Who translated: a role."}}},
    }
    shown = {
        "type": "object", "required": ["title", "summary", "language", "translated", "translated_by"],
        "description": "What to show a reader of `lang`: the abstract in it, else the original. A similar "
                       "result carries no summary of its own: its original `summary` is empty.",
        "properties": {
            "title": {"type": "string"}, "summary": {"type": "string"},
            "language": {"type": "string", "description": "The language of this title and summary."},
            "translated": {"type": "boolean", "description": "true: an abstract, not the original words."},
            "translated_by": {"type": ["string", "null"]}},
    }
    return {
        "Abstracts": abstracts,
        "Display": shown,
        "Error": {"type": "object", "required": ["error"], "additionalProperties": False, "properties": {
            "error": {"type": "object", "required": ["status", "message"], "properties": {
                "status": {"type": "integer"}, "message": {"type": "string"}}}}},
        "Facets": facets,
        "PracticeSummary": summary,
        "PracticeLinks": {"type": "object", "required": ["html", "api", "similar"], "properties": {
            "html": {"type": "string"}, "api": {"type": "string"}, "similar": {"type": "string"}}},
        "SearchResult": result,
        "SearchResponse": {
            "type": "object",
            "required": ["query", "total", "results", "facets", "limit", "offset", "mode", "filters"],
            "properties": {
                "query": {"type": "string"}, "detected_language": {"type": ["string", "null"]},
                "total": {"type": "integer", "minimum": 0},
                "results": {"type": "array", "items": _ref("SearchResult")},
                "facets": _ref("Facets"), "took_ms": {"type": "number"},
                "limit": {"type": "integer"}, "offset": {"type": "integer"},
                "mode": {"type": "string", "enum": ["hybrid", "dense", "keyword"]},
                "filters": {"type": "object", "additionalProperties": string_list},
                "exclude_city": {**string_list, "description": "the cities whose practices were left out"},
                "weak": {"type": "boolean", "description": "true when no practice is relevant to the query "
                         "(total is 0): an off-topic query"},
                "more": {"type": "integer", "minimum": 0, "description": "how many practices are loosely "
                         "related to the query without being judged relevant; list them with more=true"},
                "listing_more": {"type": "boolean", "description": "true when results are the loosely related "
                                 "practices (more=true)"},
            },
        },
        "PracticeList": {"type": "object", "required": ["total", "limit", "offset", "practices"], "properties": {
            "total": {"type": "integer", "minimum": 0}, "limit": {"type": "integer"},
            "offset": {"type": "integer"}, "practices": {"type": "array", "items": _ref("PracticeSummary")}}},
        "SimilarResult": similar,
        "SimilarResponse": {"type": "object", "required": ["id", "limit", "results"], "properties": {
            "id": {"type": "string"}, "limit": {"type": "integer"}, "lang": {"type": ["string", "null"]},
            "min_score": {"type": "number", "description": "practices scoring less are not suggested; "
                          "no results means nothing in other cities is close"},
            "results": {"type": "array", "items": _ref("SimilarResult")}}},
        "ValidateRequest": {
            "type": "object", "required": ["text"], "additionalProperties": False,
            "properties": {
                "text": {"type": "string", "description": "The whole practice file: front matter and body."},
                "path": {"type": ["string", "null"], "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*\\.md$",
                         "description": "`<city>/<id>.md` when the text is an edit of that file (it is then "
                                        "not its own duplicate); by default the city and id of the front matter, "
                                        "as a new file."},
                "strict": {"type": "boolean", "description": "Warnings as errors, as `kb validate --strict`."},
            },
        },
        "ValidateResponse": {
            "type": "object", "required": ["valid", "path", "problems"], "properties": {
                "valid": {"type": "boolean", "description": "true when no problem is an error."},
                "path": {"type": "string", "description": "Where the file belongs: `<city>/<id>.md`."},
                "problems": {"type": "array", "items": {
                    "type": "object", "required": ["line", "col", "level", "message", "field"], "properties": {
                        "line": {"type": "integer", "minimum": 0, "description": "1-based; 0: the whole file."},
                        "col": {"type": "integer", "minimum": 0},
                        "level": {"type": "string", "enum": ["error", "warning"]},
                        "message": {"type": "string", "description": "What is wrong and what to do."},
                        "field": {"type": "string", "description": "The front-matter field, dotted "
                                  "(`topics.1`, `abstracts.fr.title`); `body`; empty for the whole file."}}}},
            },
        },
        "FacetsResponse": {"type": "object", "required": ["total", "facets"], "properties": {
            "total": {"type": "integer", "minimum": 0}, "facets": _ref("Facets")}},
        "Catalogue": {"type": "object",
                      "required": ["generated", "total", "count", "limit", "offset", "next", "practices"],
                      "properties": {
            "generated": {"type": "string", "format": "date-time"},
            "total": {"type": "integer", "minimum": 0, "description": "Practices in the whole catalogue."},
            "count": {"type": "integer", "minimum": 0, "description": "Practices in this page."},
            "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "next": {"type": ["string", "null"], "description": "The next page, or null on the last one."},
            "practices": {"type": "array", "items": _ref("Practice")}}},
        **_practice_schemas(),
    }


def _paths() -> dict[str, dict]:
    filters = _filter_parameters()
    paging = [
        _int_param("offset", 0, 10_000, 0, "Results to skip (wins over page)."),
        _int_param("page", 1, 10_000, 1, "1-based page number of `limit` results."),
    ]
    return {
        "/api/search": {"get": {
            "operationId": "search", "summary": "Search practices by meaning, in any language",
            "parameters": [
                {"name": "q", "in": "query", "required": True, "description": "The query, up to 500 characters.",
                 "schema": {"type": "string", "minLength": 1, "maxLength": 500}},
                _int_param("limit", 1, 50, 10, "Results per page."), *paging, *filters, _lang_parameter(),
                {"name": "exclude_city", "in": "query", "required": False, "style": "form", "explode": True,
                 "description": "Leave out the practices of this city (e.g. the reader's own: \"other cities "
                                "only\"). Repeat for several; an unknown city is a 400.",
                 "schema": {"type": "array", "items": {"type": "string", "enum": sorted(known_values("city"))}}},
                {"name": "more", "in": "query", "required": False,
                 "description": "true: list the loosely related practices (counted by `more`) instead of the "
                                "relevant ones (counted by `total`).",
                 "schema": {"type": "string", "enum": ["true", "false", "1", "0"], "default": "false"}},
                {"name": "mode", "in": "query", "required": False, "description": "Ranking: hybrid (the calibrated fusion of meaning, keywords and the thesaurus), dense or keyword.",
                 "schema": {"type": "string", "enum": ["hybrid", "dense", "keyword"], "default": "hybrid"}},
            ],
            "responses": {"200": _json("SearchResponse", "Ranked results with facet counts over all matches."),
                          **_errors(400, 503)}}},
        "/api/practices": {"get": {
            "operationId": "listPractices", "summary": "List practices, filtered",
            "parameters": [_int_param("limit", 1, 500, 100, "Practices per page."), *paging, *filters, _lang_parameter()],
            "responses": {"200": _json("PracticeList", "Practices by id."), **_errors(400)}}},
        "/api/practices/{practice_id}": {"get": {
            "operationId": "getPractice", "summary": "One practice: front matter and Markdown body",
            "parameters": [_ID_PARAM, _lang_parameter()],
            "responses": {"200": _json("Practice", "The practice."), **_errors(400, 404)}}},
        "/api/practices/{practice_id}/similar": {"get": {
            "operationId": "similarPractices", "summary": "Similar practices in other cities, with why they match",
            "parameters": [_ID_PARAM, _int_param("limit", 1, 20, 5, "How many."), _lang_parameter()],
            "responses": {"200": _json("SimilarResponse", "Nearest practices in other cities."),
                          **_errors(400, 404, 503)}}},
        "/api/facets": {"get": {
            "operationId": "facets", "summary": "Practice counts by city, country, language, topic, population, evidence, status",
            "parameters": filters,
            "responses": {"200": _json("FacetsResponse", "Counts over the (filtered) practices."), **_errors(400)}}},
        "/api/catalogue.json": {"get": {
            "operationId": "catalogueJson",
            "summary": "Every practice with its full front matter and body, a page at a time (follow `next`)",
            "parameters": [_int_param("limit", 1, 500, 100, "Practices per page."), *paging],
            "responses": {"200": _json("Catalogue", "One page of the catalogue, by id."), **_errors(400)}}},
        "/api/catalogue.csv": {"get": {
            "operationId": "catalogueCsv", "summary": "Every practice as a CSV row (lists joined with '; ')",
            "responses": {"200": {"description": "Columns: " + ", ".join(CSV_COLUMNS) + ".",
                                  "content": {"text/csv": {"schema": {"type": "string"}}}}}}},
        "/api/validate": {"post": {
            "operationId": "validate", "summary": "Check one practice file with the rules of `kb validate`",
            "description": "Nothing is written: the text is checked in memory, its links and id against the "
                           "live corpus. Limits: a file of at most 256 KiB, and per client "
                           "a number of requests per minute (in the memory of each server process).",
            "parameters": [
                {"name": "strict", "in": "query", "required": False,
                 "description": "Warnings as errors (`kb validate --strict`); a JSON body's `strict` wins. "
                                "Empty is the same as none (false).",
                 "schema": {"type": "string", "enum": ["", "true", "false", "1", "0"]}},
                {"name": "path", "in": "query", "required": False,
                 "description": "As `path` in the JSON body, for a text/markdown body. Empty is the same as none.",
                 "schema": {"type": "string", "pattern": "^$|^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*\\.md$"}},
            ],
            "requestBody": {"required": True, "content": {
                # no "type": any bytes are a file to check (not UTF-8 is a located problem of the
                # file), so there is no schema-violating text/markdown body to refuse
                "text/markdown": {"schema": {"description": "The whole practice file, at most 262144 bytes "
                                                            "(413 past that)."}},
                "application/json": {"schema": _ref("ValidateRequest")}}},
            "responses": {"200": _json("ValidateResponse", "The problems, located and in plain words."),
                          **_errors(400, 413, 415, 429)}}},
        "/api/openapi.json": {"get": {
            "operationId": "openapi", "summary": "This document",
            "responses": {"200": {"description": "OpenAPI 3.1 document.",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    }


def openapi_document(server: str | None = None) -> dict:
    """The OpenAPI 3.1 document; ``server`` is the base URL to list under ``servers``."""
    doc = {
        "openapi": "3.1.0",
        "info": {
            "title": "Practice Exchange API",
            "version": "1.0.0",
            "description": "Read-only access to the Practice Exchange knowledge base: social-service "
                           "practices from sister cities, searchable by meaning across languages, and a "
                           "checker for practice files (`POST /api/validate`). "
                           'Errors are {"error": {"status", "message"}}.',
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": _paths(),
        "components": {"schemas": _schemas()},
    }
    if server:
        doc["servers"] = [{"url": server}]
    from webapp.exchange_openapi import add_exchanges

    return add_exchanges(doc)
