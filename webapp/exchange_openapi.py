"""The exchange part of the OpenAPI document (webapp/openapi.py adds it to the whole).

The record schema is the committed exchange front-matter schema of :mod:`kb.exchange_schema`,
so a new field shows up here without an edit, like practices.
"""
from __future__ import annotations

import json

from kb import vocab
from kb.exchange import EXCHANGE_ID_PATTERN
from kb.exchange_schema import exchange_schema

REF = "#/components/schemas/"


def _ref(name: str) -> dict:
    return {"$ref": REF + name}


def _json(name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


def _error(description: str) -> dict:
    return _json("Error", description)


def schemas() -> dict[str, dict]:
    """ExchangeRecord (front matter plus ``cities``, ``body``, ``links``), its list and its summary."""
    schema = json.loads(json.dumps(exchange_schema()).replace('"#/$defs/', f'"{REF}'))
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)
    schema["title"] = "ExchangeRecord"
    string_list = {"type": "array", "items": {"type": "string"}}
    links = {"type": "object", "required": ["html", "api"],
             "properties": {"html": {"type": "string"}, "api": {"type": "string"}}}
    schema["properties"].update({
        "cities": {**string_list, "description": "The host city, then the visiting cities."},
        "body": {"type": "string", "description": "The record, Markdown, in its language."},
        "links": _ref("ExchangeLinks"),
    })
    summary = {"type": "object", "required": ["id", "name", "year", "host_city", "visiting_cities", "summary"],
               "properties": {key: schema["properties"][key] for key in (
                   "id", "name", "year", "start", "end", "host_city", "visiting_cities", "themes", "summary",
                   "stub", "illustrative")}}
    summary["properties"]["links"] = _ref("ExchangeLinks")
    return {**defs, "ExchangeRecord": schema, "ExchangeSummary": summary, "ExchangeLinks": links,
            "ExchangeList": {"type": "object", "required": ["total", "exchanges"], "properties": {
                "total": {"type": "integer", "minimum": 0},
                "exchanges": {"type": "array", "items": _ref("ExchangeSummary")}}}}


def search_exchange_schema() -> dict:
    """One exchange of a search response (``SearchExchange``)."""
    return {"type": "object", "required": ["id", "name", "year", "host_city", "url"], "properties": {
        "id": {"type": "string", "pattern": EXCHANGE_ID_PATTERN}, "name": {"type": "string"},
        "year": {"type": "integer"},
        "host_city": {"type": "string", "description": "City slug."},
        "visiting_cities": {"type": "array", "items": {"type": "string"}, "description": "City slugs."},
        "illustrative": {"type": "boolean", "description": "true: an illustrative record, not a real visit."},
        "match": {"type": "string", "enum": ["keyword", "meaning"],
                  "description": "keyword: every word of the query is in the record; meaning: close in meaning."},
        "url": {"type": "string", "description": "The exchange's page (absolute when the site has a public URL)."}}}


def paths() -> dict[str, dict]:
    return {
        "/api/exchanges": {"get": {
            "operationId": "listExchanges", "summary": "List exchange visits, oldest first, filtered by city and theme",
            "parameters": [
                {"name": "city", "in": "query", "required": False,
                 "description": "A city that hosted or visited (city slug); an unknown value is a 400.",
                 "schema": {"type": "string", "enum": sorted(vocab.cities())}},
                {"name": "theme", "in": "query", "required": False,
                 "description": "A theme of the exchange (topic slug); an unknown value is a 400.",
                 "schema": {"type": "string", "enum": sorted(vocab.topics())}},
            ],
            "responses": {"200": _json("ExchangeList", "Exchanges with who hosted, who visited and the themes."),
                          "400": _error("Unknown city or theme (the message names it).")}}},
        "/api/exchanges/{exchange_id}": {"get": {
            "operationId": "getExchange", "summary": "One exchange: front matter (visits, what was taken home, "
                                                     "series) and Markdown body",
            "parameters": [{"name": "exchange_id", "in": "path", "required": True,
                            "description": "Exchange id: the year, a hyphen and a slug.",
                            "schema": {"type": "string", "pattern": EXCHANGE_ID_PATTERN, "maxLength": 80}}],
            "responses": {"200": _json("ExchangeRecord", "The exchange record."),
                          "404": _error("Unknown exchange id.")}}},
    }


def add_exchanges(doc: dict) -> dict:
    """``doc`` with the exchange paths and schemas, and the catalogue's ``exchanges``."""
    doc["paths"].update(paths())
    components = doc["components"]["schemas"]
    components.update(schemas())
    catalogue = components.get("Catalogue")
    if catalogue is not None:
        catalogue["properties"]["exchanges"] = {"type": "array", "items": _ref("ExchangeRecord")}
    search = components.get("SearchResponse")
    if search is not None:
        from webapp.exchange_search import BLOCK_SIZE

        components["SearchExchange"] = search_exchange_schema()
        search["required"] = [*search.get("required", []), "exchanges"]  # in every response, often empty
        search["properties"]["exchanges"] = {
            "type": "array", "items": _ref("SearchExchange"), "maxItems": BLOCK_SIZE,
            "description": "Exchange visits matching the query, as the site's search page lists them above "
                           "the practices: every word of the query in the record (keyword), else close in "
                           "meaning. The query alone decides: filters, mode and paging apply to the "
                           "practices, so every page of a search has the same list; often empty."}
    return doc
