"""The pure parts of 'similar programs': overlap, blended score, spreading over cities."""
from __future__ import annotations

import pytest

from indexer.similar import POPULATION_WEIGHT, TOPIC_WEIGHT, blend, jaccard, spread, translation_groups


def test_jaccard_at_the_edges():
    assert jaccard([], []) == 0.0
    assert jaccard(["a"], []) == 0.0
    assert jaccard(["a", "b"], ["b", "a"]) == 1.0
    assert jaccard(["a", "b"], ["b", "c"]) == pytest.approx(1 / 3)


def test_blend_adds_weighted_overlaps_to_the_cosine():
    assert blend(0.5, 0.0, 0.0) == 0.5
    assert blend(0.5, 1.0, 1.0) == pytest.approx(0.5 + TOPIC_WEIGHT + POPULATION_WEIGHT)


def test_spread_keeps_rank_order_and_caps_each_city():
    cities = ["a", "a", "a", "b", "c"]
    assert spread([0, 1, 2, 3, 4], cities, ["0", "1", "2", "3", "4"], limit=4) == [0, 1, 3, 4]


def test_spread_fills_from_the_rest_when_too_few_cities_remain():
    assert spread([0, 1, 2], ["a", "a", "a"], ["0", "1", "2"], limit=3) == [0, 1, 2]


def test_spread_shows_one_of_a_practice_and_its_translation():
    assert spread([0, 1, 2], ["a", "b", "c"], ["x", "x", "2"], limit=3) == [0, 2]


def test_spread_of_nothing_is_nothing():
    assert spread([], [], [], limit=5) == []


def test_translation_groups_join_linked_practices_and_ignore_unknown_ids():
    records = [
        {"id": "b-fr", "translations": [{"language": "en", "practice": "a-en"}]},
        {"id": "a-en", "translations": [{"language": "fr", "practice": "b-fr"}]},
        {"id": "c", "translations": [{"language": "de", "practice": "missing"}]},
    ]
    assert translation_groups(records) == ["a-en", "a-en", "c"]


def test_similar_reports_its_score_parts(index):
    result = index.similar("needle-exchange-fixture", limit=1)[0]
    parts = result.score_parts
    assert set(parts) == {"meaning", "topics", "populations"}
    assert result.score == pytest.approx(blend(parts["meaning"], parts["topics"], parts["populations"]), abs=1e-5)
