"""Exchanges in the JSON API (/api/exchanges, /api/exchanges/<id>, the catalogue) and in its OpenAPI document."""
from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOC_URI = "urn:practice-exchange:openapi"


@pytest.fixture(scope="module")
def doc(app) -> dict:
    return app.test_client().get("/api/openapi.json").get_json()


def response_schema(doc: dict, path: str, status: str = "200") -> Draft202012Validator:
    registry = Registry().with_resource(DOC_URI, Resource.from_contents(doc, default_specification=DRAFT202012))
    pointer = path.replace("~", "~0").replace("/", "~1")
    ref = f"{DOC_URI}#/paths/{pointer}/get/responses/{status}/content/application~1json/schema"
    return Draft202012Validator({"$ref": ref}, registry=registry)


def test_the_list_gives_every_exchange_oldest_first_with_links(client):
    body = client.get("/api/exchanges").get_json()
    assert body["total"] == 3
    assert [e["id"] for e in body["exchanges"]] == [
        "2015-hamburg-chicago-fixture", "2017-milan-paris-fixture", "2018-hamburg-chicago-fixture"]
    assert body["exchanges"][0]["links"] == {"html": "/exchanges/2015-hamburg-chicago-fixture",
                                             "api": "/api/exchanges/2015-hamburg-chicago-fixture"}


def test_the_list_filters_by_city_and_theme(client):
    assert [e["id"] for e in client.get("/api/exchanges?city=paris").get_json()["exchanges"]] == ["2017-milan-paris-fixture"]
    assert client.get("/api/exchanges?city=hamburg&theme=harm-reduction").get_json()["total"] == 1


def test_an_unknown_city_is_a_400_with_a_suggestion(client):
    response = client.get("/api/exchanges?city=hamburgg")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == 'unknown city "hamburgg" (did you mean "hamburg"?)'


def test_one_exchange_has_its_front_matter_body_cities_and_links(client):
    body = client.get("/api/exchanges/2017-milan-paris-fixture").get_json()
    assert body["cities"] == ["milan", "paris", "chicago"]
    assert body["visited"] == [{"practice": "custodi-sociali-fixture", "note": "A morning with the social caretakers of one neighbourhood."}]
    assert body["body"].startswith("\n## Programme")
    assert body["links"]["html"] == "/exchanges/2017-milan-paris-fixture"


@pytest.mark.parametrize("path", ["/api/exchanges/2017-none", "/api/exchanges/milan"])
def test_an_unknown_exchange_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "list them at /api/exchanges" in response.get_json()["error"]["message"]


def test_the_catalogue_carries_the_exchanges(client):
    catalogue = client.get("/api/catalogue.json").get_json()
    assert [e["id"] for e in catalogue["exchanges"]][0] == "2015-hamburg-chicago-fixture"
    assert "body" in catalogue["exchanges"][0]


@pytest.mark.parametrize("url, path, status", [
    ("/api/exchanges", "/api/exchanges", "200"),
    ("/api/exchanges?city=atlantis", "/api/exchanges", "400"),
    ("/api/exchanges/2015-hamburg-chicago-fixture", "/api/exchanges/{exchange_id}", "200"),
    ("/api/exchanges/2018-hamburg-chicago-fixture", "/api/exchanges/{exchange_id}", "200"),
    ("/api/exchanges/2099-none", "/api/exchanges/{exchange_id}", "404"),
    ("/api/catalogue.json", "/api/catalogue.json", "200"),
])
def test_responses_match_the_openapi_document(client, doc, url, path, status):
    response = client.get(url)
    assert str(response.status_code) == status
    errors = [e.message for e in response_schema(doc, path, status).iter_errors(response.get_json())]
    assert errors == []


def test_the_openapi_document_describes_the_exchange_endpoints(doc):
    assert doc["paths"]["/api/exchanges"]["get"]["operationId"] == "listExchanges"
    assert {p["name"] for p in doc["paths"]["/api/exchanges"]["get"]["parameters"]} == {"city", "theme"}
    assert "visited" in doc["components"]["schemas"]["ExchangeRecord"]["properties"]
