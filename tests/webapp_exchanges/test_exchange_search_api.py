"""Exchange records in /api/search: the ``exchanges`` list beside the practice results, found
as the site search page finds its "Exchanges" block (webapp/exchange_search.py)."""
from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HARM_REDUCTION_VISIT = "Harm reduction study visit"


@pytest.fixture(scope="module")
def indexed_client(indexed_app):
    return indexed_app.test_client()


def exchanges(client, query: str, **args) -> list[dict]:
    response = client.get("/api/search", query_string={"q": query, **args})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["exchanges"]


def test_a_search_lists_the_matching_exchange_records_beside_the_practices(indexed_client):
    body = indexed_client.get("/api/search", query_string={"q": "harm reduction"}).get_json()
    assert "needle-exchange-fixture" in [r["id"] for r in body["results"]]  # the practices are still there
    assert body["exchanges"] == [{
        "id": "2015-hamburg-chicago-fixture", "name": "Harm reduction study visit to Hamburg (fixture)",
        "year": 2015, "host_city": "hamburg", "visiting_cities": ["chicago"], "illustrative": True,
        "match": "keyword", "url": "/exchanges/2015-hamburg-chicago-fixture"}]


def test_a_query_in_another_language_finds_an_exchange_by_meaning(indexed_client):
    found = exchanges(indexed_client, "delegazione di Parigi in visita a Milano")
    assert [(e["id"], e["match"]) for e in found] == [("2017-milan-paris-fixture", "meaning")]


def test_the_list_is_the_site_search_pages_block(indexed_client):
    from webapp.exchange_search import BLOCK_SIZE

    html = indexed_client.get("/search", query_string={"q": "Mailand"}).get_data(as_text=True)
    found = exchanges(indexed_client, "Mailand")
    assert found and len(found) <= BLOCK_SIZE
    block = html.split('id="search-exchanges-title"')[1].split("</section>")[0]
    assert [f'href="{e["url"]}"' in block for e in found] == [True] * len(found)


def test_a_search_about_a_practice_lists_no_exchange(indexed_client):
    assert exchanges(indexed_client, "emergency shelter for women") == []


def test_filters_and_paging_leave_the_exchanges_alone(indexed_client):
    first = exchanges(indexed_client, HARM_REDUCTION_VISIT)
    assert exchanges(indexed_client, HARM_REDUCTION_VISIT, city="paris", page="2", mode="keyword") == first


def test_the_exchange_url_is_absolute_on_the_public_url(indexed_app, indexed_client, monkeypatch):
    monkeypatch.setitem(indexed_app.config, "PUBLIC_URL", "https://px.example.org")
    assert exchanges(indexed_client, HARM_REDUCTION_VISIT)[0]["url"] == \
        "https://px.example.org/exchanges/2015-hamburg-chicago-fixture"


def test_the_response_matches_the_openapi_document(indexed_client):
    doc = indexed_client.get("/api/openapi.json").get_json()
    registry = Registry().with_resource("urn:doc", Resource.from_contents(doc, default_specification=DRAFT202012))
    schema = {"$ref": "urn:doc#/paths/~1api~1search/get/responses/200/content/application~1json/schema"}
    body = indexed_client.get("/api/search", query_string={"q": HARM_REDUCTION_VISIT}).get_json()
    assert [e.message for e in Draft202012Validator(schema, registry=registry).iter_errors(body)] == []
    assert doc["components"]["schemas"]["SearchResponse"]["properties"]["exchanges"]["items"] == \
        {"$ref": "#/components/schemas/SearchExchange"}


def test_the_openapi_document_promises_the_list_in_every_search_response(indexed_client):
    search = indexed_client.get("/api/openapi.json").get_json()["components"]["schemas"]["SearchResponse"]
    assert "exchanges" in search["required"]
