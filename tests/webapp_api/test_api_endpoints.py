"""The JSON API on the indexed fixture corpus: status codes, shapes, filters and errors.

Fixture facts: 5 practices; domestic-violence-shelter-fixture (en, Chicago) and
hebergement-urgence-fixture (fr, Paris) describe the same kind of shelter.
"""
from __future__ import annotations

import csv
import io

import pytest

FIXTURE_IDS = {"custodi-sociali-fixture", "domestic-violence-shelter-fixture", "hebergement-urgence-fixture",
               "needle-exchange-fixture", "spritzentausch-fixture"}


def error_of(response, status: int) -> str:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    return body["error"]["message"]


# --- search -------------------------------------------------------------------------------

def test_a_french_query_finds_the_shelter_once_in_french_with_its_english_version(client):
    body = client.get("/api/search", query_string={"q": "hébergement d'urgence pour femmes victimes de violences"}).get_json()
    assert body["detected_language"] == "fr"
    first = body["results"][0]
    assert first["id"] == "hebergement-urgence-fixture"
    assert [v["id"] for v in first["also_in"]] == ["domestic-violence-shelter-fixture"]
    assert "domestic-violence-shelter-fixture" not in {r["id"] for r in body["results"]}
    assert set(first["score_parts"]) >= {"dense", "keyword", "fused"}
    assert first["passage"]["text"]


def test_search_facets_count_every_matching_practice(client):
    body = client.get("/api/search?q=shelter&limit=1").get_json()
    assert len(body["results"]) == 1
    assert sum(body["facets"]["language"].values()) == body["total"]


def test_search_filters_are_repeatable_and_combine(client):
    body = client.get("/api/search?q=drug use&language=en&language=de").get_json()
    assert body["results"] and {r["language"] for r in body["results"]} <= {"en", "de"}
    assert body["filters"] == {"language": ["en", "de"]}
    body = client.get("/api/search?q=drug use&language=en&topic=harm-reduction").get_json()
    assert [r["id"] for r in body["results"]] == ["needle-exchange-fixture"]


def test_search_pages_with_offset_or_page(client):
    everything = [r["id"] for r in client.get("/api/search?q=drogues&more=true&limit=50").get_json()["results"]]
    assert len(everything) >= 2
    second = client.get("/api/search?q=drogues&more=true&limit=1&page=2").get_json()
    assert second["offset"] == 1 and [r["id"] for r in second["results"]] == everything[1:2]
    third = client.get("/api/search?q=drogues&more=true&limit=1&offset=1").get_json()
    assert [r["id"] for r in third["results"]] == everything[1:2]


def test_search_exclude_city_is_repeatable_and_echoed(client):
    body = client.get("/api/search?q=Spritzentausch needle exchange&exclude_city=chicago&exclude_city=paris").get_json()
    assert body["exclude_city"] == ["chicago", "paris"]
    assert body["results"] and not {r["city"] for r in body["results"]} & {"chicago", "paris"}
    assert not set(body["facets"]["city"]) & {"chicago", "paris"}


def test_an_off_topic_query_has_no_relevant_result_and_counts_the_loosely_related(client):
    body = client.get("/api/search?q=how to repair a bicycle tyre").get_json()
    assert body["total"] == 0 and body["results"] == [] and body["weak"] is True
    assert body["facets"]["language"] == {}
    loose = client.get("/api/search?q=how to repair a bicycle tyre&more=true").get_json()
    assert loose["listing_more"] is True and len(loose["results"]) == body["more"] > 0


def test_more_must_be_true_or_false(client):
    assert "more must be true or false" in error_of(client.get("/api/search?q=x&more=perhaps"), 400)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_search_modes(client, mode):
    body = client.get(f"/api/search?q=Spritzentausch&mode={mode}").get_json()
    assert body["mode"] == mode and body["results"][0]["id"] == "spritzentausch-fixture"


@pytest.mark.parametrize("query, fragment", [
    ({}, "q is required"),
    ({"q": "   "}, "q is required"),
    ({"q": "x" * 501}, "the limit is 500"),
    ({"q": "x", "limit": "0"}, "limit must be between 1 and 50"),
    ({"q": "x", "limit": "51"}, "limit must be between 1 and 50"),
    ({"q": "x", "limit": "ten"}, "limit must be an integer"),
    ({"q": "x", "offset": "-1"}, "offset must be between"),
    ({"q": "x", "page": "0"}, "page must be between"),
    ({"q": "x", "page": "-99", "offset": "5"}, "page must be between"),
    ({"q": "x", "mode": "fuzzy"}, "mode must be one of hybrid, dense, keyword"),
    ({"q": "x", "topic": "harm-reducton"}, 'unknown topic "harm-reducton" (did you mean "harm-reduction"?)'),
    ({"q": "x", "city": "Hamburg"}, 'unknown city "Hamburg" (did you mean "hamburg"?)'),
    ({"q": "x", "evidence_level": "proven"}, 'unknown evidence_level "proven"'),
    ({"q": "x", "status": "done"}, 'unknown status "done"'),
    ({"q": "x", "country": "XX"}, 'unknown country "XX"'),
    ({"q": "x", "language": "english"}, 'unknown language "english"'),
    ({"q": "x", "target_population": "elderly"}, 'unknown target_population "elderly"'),
    ({"q": "x", "exclude_city": "Paris"}, 'unknown exclude_city "Paris" (did you mean "paris"?)'),
    ({"q": "x", "exclude_city": ""}, "exclude_city is empty"),
])
def test_bad_search_parameters_are_400_with_a_message_naming_them(client, query, fragment):
    assert fragment in error_of(client.get("/api/search", query_string=query), 400)


def test_a_query_of_exactly_500_characters_is_accepted(client):
    assert client.get("/api/search", query_string={"q": "abri " * 100}).status_code == 200


# --- practices ----------------------------------------------------------------------------

def test_practices_lists_every_servable_practice_by_id(client):
    body = client.get("/api/practices").get_json()
    assert body["total"] == 5 and [p["id"] for p in body["practices"]] == sorted(FIXTURE_IDS)
    assert body["practices"][0]["country"] == "IT"


def test_practices_filter_and_page(client):
    body = client.get("/api/practices?topic=housing").get_json()
    assert body["total"] == 2
    assert {p["id"] for p in body["practices"]} == {"domestic-violence-shelter-fixture", "hebergement-urgence-fixture"}
    body = client.get("/api/practices?limit=2&offset=4").get_json()
    assert body["total"] == 5 and [p["id"] for p in body["practices"]] == ["spritzentausch-fixture"]
    assert "unknown city" in error_of(client.get("/api/practices?city=gotham"), 400)


def test_one_practice_has_front_matter_body_and_links(client):
    body = client.get("/api/practices/spritzentausch-fixture").get_json()
    assert body["title"].startswith("Spritzentausch") and body["language"] == "de"
    assert body["adopted_by"] == [{"practice": "needle-exchange-fixture", "year": 2015}]
    assert "## Ausgangslage" in body["body"]
    assert body["links"] == {"html": "/practices/spritzentausch-fixture",
                             "api": "/api/practices/spritzentausch-fixture",
                             "similar": "/api/practices/spritzentausch-fixture/similar"}


@pytest.mark.parametrize("url", ["/api/practices/no-such-practice", "/api/practices/Spritzentausch-Fixture",
                                 "/api/practices/..%2F..%2Fetc%2Fpasswd", "/api/practices/a_b",
                                 "/api/practices/" + "a" * 81, "/api/practices/no-such-practice/similar",
                                 "/api/practices/..%2Fx/similar"])
def test_unknown_or_malformed_ids_are_404(client, url):
    error_of(client.get(url), 404)


def test_similar_practices_are_in_other_cities_and_say_why(client):
    body = client.get("/api/practices/domestic-violence-shelter-fixture/similar?limit=2").get_json()
    assert body["id"] == "domestic-violence-shelter-fixture" and 1 <= len(body["results"]) <= 2
    assert all(r["city"] != "chicago" and r["score"] >= body["min_score"] for r in body["results"])
    best = body["results"][0]
    assert best["id"] == "hebergement-urgence-fixture"
    assert "domestic-violence" in best["shared_topics"]


def test_similar_limit_is_checked(client):
    assert "limit must be between 1 and 20" in error_of(
        client.get("/api/practices/spritzentausch-fixture/similar?limit=21"), 400)


# --- facets and catalogue -----------------------------------------------------------------

def test_facets_count_all_practices_or_the_filtered_ones(client):
    body = client.get("/api/facets").get_json()
    assert body["total"] == 5
    assert body["facets"]["city"] == {"chicago": 2, "hamburg": 1, "milan": 1, "paris": 1}
    assert body["facets"]["topic"]["harm-reduction"] == 2
    body = client.get("/api/facets?language=en").get_json()
    assert body["total"] == 2 and body["facets"]["language"] == {"en": 2}


def test_catalogue_json_has_every_practice_in_full(client):
    body = client.get("/api/catalogue.json").get_json()
    assert body["count"] == 5 and {p["id"] for p in body["practices"]} == FIXTURE_IDS
    assert all(p["body"].strip() for p in body["practices"])


def test_catalogue_csv_has_a_header_and_a_row_per_practice(client):
    response = client.get("/api/catalogue.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert {row["id"] for row in rows} == FIXTURE_IDS
    shelter = next(row for row in rows if row["id"] == "domestic-violence-shelter-fixture")
    assert shelter["topics"] == "domestic-violence; housing" and shelter["illustrative"] == "true"


# --- errors and headers -------------------------------------------------------------------

def test_unknown_api_paths_are_json_404(client):
    assert "see /api/openapi.json" in error_of(client.get("/api/nothing/here"), 404)


@pytest.mark.parametrize("url", ["/api/search?q=shelter", "/api/practices", "/api/facets", "/api/openapi.json"])
def test_api_responses_carry_security_and_cors_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_search_without_an_index_is_503_saying_to_run_kb_index(tmp_path, site_dirs):
    from webapp_shared import make_app

    client = make_app(site_dirs[0], tmp_path / "no-index").test_client()
    message = error_of(client.get("/api/search?q=shelter"), 503)
    assert "kb index" in message and str(tmp_path) not in message  # no server paths to callers
    assert client.get("/api/practices").status_code == 200  # the files still answer


def test_search_says_when_nothing_is_close_to_the_query(client):
    assert client.get("/api/search?q=recette de cuisine au chocolat").get_json()["weak"] is True
    assert client.get("/api/search?q=emergency shelter for women").get_json()["weak"] is False


def test_similar_says_nothing_is_close_with_no_results(client):
    body = client.get("/api/practices/custodi-sociali-fixture/similar").get_json()
    assert body["results"] == [] and body["min_score"] > 0


def test_similar_results_list_their_other_versions_and_take_a_reader_language(client):
    body = client.get("/api/practices/needle-exchange-fixture/similar?lang=de").get_json()
    assert body["lang"] == "de" and body["results"]
    assert all(result["also_in"] == [] for result in body["results"])  # no translations in the fixture corpus
    assert "lang must be a language code" in error_of(client.get("/api/practices/needle-exchange-fixture/similar?lang=xx"), 400)
