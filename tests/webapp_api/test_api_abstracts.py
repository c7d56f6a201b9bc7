"""Translated abstracts in the API: every search result, similar result and practice carries
its written `abstracts` and the `display` chosen for the `lang` parameter, on
tests/data/abstracts-corpus (see its README)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from abstracts_shared import indexed_abstracts_corpus  # noqa: E402

HAMBURG, WARSAW, CHICAGO = "strassensozialarbeit-fixture", "streetworking-fixture", "street-outreach-fixture"
HAMBURG_FR = {"title": "Travail de rue auprès des personnes sans abri",
              "summary": "Une équipe de travail de rue va à la rencontre des personnes sans abri là où elles dorment "
                         "et leur propose des conseils, des sacs de couchage et un accompagnement vers les "
                         "administrations et les hébergements d'urgence.",
              "language": "fr", "translated": True,
              "translated_by": "Practice Exchange editors, awaiting committee review"}


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from webapp import create_app

    content, index = indexed_abstracts_corpus(tmp_path_factory)
    return create_app({"TESTING": True, "CONTENT_DIR": content, "INDEX_DIR": index}).test_client()


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def get(api, url: str):
    response = api.get(url)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_search_results_carry_the_display_for_lang(api):
    results = by_id(get(api, "/api/search?q=obdachlose%20Menschen&lang=fr")["results"])
    assert results[HAMBURG]["display"] == HAMBURG_FR


def test_search_results_carry_their_written_abstracts(api):
    results = by_id(get(api, "/api/search?q=obdachlose%20Menschen")["results"])
    assert set(results[HAMBURG]["abstracts"]) == {"fr", "en"}
    assert results[HAMBURG]["abstracts"]["fr"] == {k: HAMBURG_FR[k] for k in ("title", "summary", "translated_by")}


def test_without_lang_the_display_is_the_original_whatever_the_interface_language(api):
    response = api.get("/api/search?q=obdachlose%20Menschen", headers={"Accept-Language": "fr"},
                       environ_base={"HTTP_COOKIE": "lang=fr"})
    hamburg = by_id(response.get_json()["results"])[HAMBURG]
    assert hamburg["display"] == {"title": hamburg["title"], "summary": hamburg["summary"], "language": "de",
                                  "translated": False, "translated_by": None}


def test_lang_of_the_practice_itself_gives_the_original(api):
    display = get(api, f"/api/practices/{HAMBURG}?lang=de")["display"]
    assert (display["title"], display["translated"]) == ("Straßensozialarbeit für obdachlose Menschen", False)


def test_lang_without_an_abstract_gives_the_original(api):
    display = get(api, f"/api/practices/{HAMBURG}?lang=it")["display"]
    assert (display["language"], display["translated"]) == ("de", False)


def test_a_placeholder_abstract_is_neither_served_nor_displayed(api):
    practice = get(api, f"/api/practices/{CHICAGO}?lang=fr")
    assert set(practice["abstracts"]) == {"de"}
    assert practice["display"]["translated"] is False
    assert "TODO" not in api.get("/api/catalogue.json").get_data(as_text=True)


def test_practice_carries_abstracts_and_display(api):
    practice = get(api, f"/api/practices/{HAMBURG}?lang=fr")
    assert practice["display"] == HAMBURG_FR
    assert set(practice["abstracts"]) == {"fr", "en"}
    assert practice["title"] == "Straßensozialarbeit für obdachlose Menschen"  # the original stays


def test_practice_list_items_carry_abstracts_and_display(api):
    listed = by_id(get(api, "/api/practices?lang=fr")["practices"])
    assert listed[HAMBURG]["display"] == HAMBURG_FR


def test_similar_results_carry_abstracts_and_display(api):
    results = by_id(get(api, f"/api/practices/{HAMBURG}/similar?lang=fr")["results"])
    assert results[WARSAW]["display"]["title"] == "Travail de rue avec les personnes sans abri"
    assert results[WARSAW]["display"]["translated"] is True
    assert set(results[WARSAW]["abstracts"]) == {"fr", "en"}


@pytest.mark.parametrize("url", ["/api/search?q=x&lang=xx", "/api/practices?lang=fra",
                                 f"/api/practices/{HAMBURG}?lang=FR", f"/api/practices/{HAMBURG}/similar?lang=x"])
def test_an_unknown_lang_is_a_400_that_names_the_parameter(api, url):
    response = api.get(url)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("lang must be a language code such as fr")


def test_an_unknown_lang_suggests_the_code(api):
    message = api.get("/api/practices?lang=fra").get_json()["error"]["message"]
    assert message == 'lang must be a language code such as fr, got "fra" (did you mean "fr"?)'


def test_an_empty_lang_is_no_lang(api):
    assert get(api, f"/api/practices/{HAMBURG}?lang=")["display"]["translated"] is False


@pytest.mark.parametrize(("url", "path"), [
    ("/api/search?q=obdachlose%20Menschen&lang=fr", "/api/search"),
    ("/api/practices?lang=fr", "/api/practices"),
    (f"/api/practices/{HAMBURG}?lang=fr", "/api/practices/{practice_id}"),
    (f"/api/practices/{HAMBURG}/similar?lang=fr", "/api/practices/{practice_id}/similar"),
    ("/api/catalogue.json", "/api/catalogue.json"),
])
def test_responses_with_abstracts_validate_against_the_openapi_document(api, url, path):
    from test_api_openapi import validator

    doc = api.get("/api/openapi.json").get_json()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(doc, path).iter_errors(get(api, url))]
    assert errors == []


def test_the_openapi_document_says_the_api_ignores_the_interface_language(api):
    doc = api.get("/api/openapi.json").get_json()
    for path in ("/api/search", "/api/practices", "/api/practices/{practice_id}",
                 "/api/practices/{practice_id}/similar"):
        lang = next(p for p in doc["paths"][path]["get"]["parameters"] if p["name"] == "lang")
        assert "not used by the API" in lang["description"]
