"""The OpenAPI document describes every API route, and real responses match its schemas."""
from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from webapp.openapi import openapi_document

DOC_URI = "urn:practice-exchange:openapi"


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def api_rules(app) -> set[str]:
    """Every /api route except the catch-all that answers unknown paths with a JSON 404."""
    return {openapi_path(r.rule) for r in app.url_map.iter_rules()
            if r.rule.startswith("/api/") and r.endpoint != "api.unknown"}


def validator(doc: dict, path: str, status: str = "200") -> Draft202012Validator:
    """A validator for the JSON response schema of GET ``path`` with ``status``."""
    registry = Registry().with_resource(DOC_URI, Resource.from_contents(doc, default_specification=DRAFT202012))
    pointer = path.replace("~", "~0").replace("/", "~1")
    ref = f"{DOC_URI}#/paths/{pointer}/get/responses/{status}/content/application~1json/schema"
    return Draft202012Validator({"$ref": ref}, registry=registry)


@pytest.fixture(scope="module")
def doc(app) -> dict:
    with app.test_client() as client:
        return client.get("/api/openapi.json").get_json()


def test_the_document_is_openapi_3_1_with_a_server(doc):
    assert doc["openapi"] == "3.1.0" and doc["info"]["title"] and doc["servers"][0]["url"] == "/"


def test_every_api_route_is_described_and_nothing_else(app, doc):
    assert set(doc["paths"]) == api_rules(app)


def test_every_operation_has_an_id_a_summary_and_a_success_response(doc):
    ids = []
    for path, item in doc["paths"].items():
        for operation in item.values():  # GET, and POST for /api/validate
            ids.append(operation["operationId"])
            assert operation["summary"] and "200" in operation["responses"], path
            placeholders = set(re.findall(r"{(\w+)}", path))
            assert {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"} == placeholders, path
    assert len(ids) == len(set(ids))


def test_query_parameters_match_what_the_views_read(doc):
    search = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert search == {"q", "limit", "offset", "page", "mode", "exclude_city", "city", "country", "language", "topic",
                      "target_population", "evidence_level", "status", "lang", "more"}


def test_every_schema_is_valid_json_schema(doc):
    for name, schema in doc["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)


def test_every_reference_resolves(doc):
    text = str(doc)
    for name in set(re.findall(r"#/components/schemas/(\w+)", text)):
        assert name in doc["components"]["schemas"], name


@pytest.mark.parametrize("url, path, status", [
    ("/api/search?q=logement%20pour%20femmes&limit=3", "/api/search", "200"),
    ("/api/search?q=Spritzentausch&mode=keyword&language=de", "/api/search", "200"),
    ("/api/search?q=x&limit=99", "/api/search", "400"),
    ("/api/practices", "/api/practices", "200"),
    ("/api/practices?status=pilot", "/api/practices", "200"),
    ("/api/practices?status=paused", "/api/practices", "400"),
    ("/api/practices/spritzentausch-fixture", "/api/practices/{practice_id}", "200"),
    ("/api/practices/needle-exchange-fixture", "/api/practices/{practice_id}", "200"),
    ("/api/practices/nope", "/api/practices/{practice_id}", "404"),
    ("/api/practices/spritzentausch-fixture/similar", "/api/practices/{practice_id}/similar", "200"),
    ("/api/practices/nope/similar", "/api/practices/{practice_id}/similar", "404"),
    ("/api/facets", "/api/facets", "200"),
    ("/api/facets?topic=housing", "/api/facets", "200"),
    ("/api/catalogue.json", "/api/catalogue.json", "200"),
])
def test_responses_validate_against_their_schema(client, doc, url, path, status):
    response = client.get(url)
    assert str(response.status_code) == status
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(doc, path, status).iter_errors(response.get_json())]
    assert errors == []


def test_a_response_that_breaks_the_schema_is_caught(doc):
    assert list(validator(doc, "/api/practices").iter_errors({"total": "five", "practices": []}))


def test_the_document_builds_without_a_request():
    assert "servers" not in openapi_document() and openapi_document("https://px.example")["servers"]


def test_the_lang_parameter_documents_the_empty_value_the_api_accepts(client, doc):
    # schemathesis sent lang= as schema-violating data and the API (rightly: no lang) answered 200
    assert client.get("/api/practices?lang=").status_code == 200
    schema = next(p["schema"] for p in doc["paths"]["/api/practices"]["get"]["parameters"] if p["name"] == "lang")
    Draft202012Validator(schema).validate("")
