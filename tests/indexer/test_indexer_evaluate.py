import math

import pytest

from indexer.evaluate import metrics, ndcg_at, percentile, recall_at, reciprocal_rank


RANKED = ["a", "x", "b", "y", "z", "c"]
RELEVANT = {"a", "b", "c"}


def test_recall_by_hand():
    assert recall_at(RANKED, RELEVANT, 1) == pytest.approx(1 / 3)
    assert recall_at(RANKED, RELEVANT, 5) == pytest.approx(2 / 3)
    assert recall_at(RANKED, RELEVANT, 10) == pytest.approx(1.0)


def test_reciprocal_rank_by_hand():
    assert reciprocal_rank(["x", "y", "b"], RELEVANT) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"] * 10 + ["a"], RELEVANT, k=10) == 0.0


def test_ndcg_by_hand():
    dcg = 1 / math.log2(2) + 1 / math.log2(4) + 1 / math.log2(7)
    ideal = 1 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at(RANKED, RELEVANT, 10) == pytest.approx(dcg / ideal)


def test_perfect_and_empty_rankings():
    assert ndcg_at(["a", "b", "c"], RELEVANT) == pytest.approx(1.0)
    assert ndcg_at([], RELEVANT) == 0.0
    assert recall_at([], RELEVANT, 10) == 0.0
    assert recall_at(["a"], set(), 10) == 0.0
    assert ndcg_at(["a"], set()) == 0.0


def test_metrics_average_over_queries():
    report = metrics([(["a"], {"a"}), (["x", "b"], {"b"})])
    assert report["n"] == 2
    assert report["recall@1"] == pytest.approx(0.5)
    assert report["mrr@10"] == pytest.approx(0.75)
    assert metrics([]) == {"n": 0, "recall@1": 0.0, "recall@5": 0.0, "recall@10": 0.0, "mrr@10": 0.0, "ndcg@10": 0.0}


def test_percentile_interpolates():
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)
    assert percentile([5.0], 95) == 5.0
    assert percentile([], 50) == 0.0
