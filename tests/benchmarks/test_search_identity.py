"""The before/after check of search answers (benchmarks/search_identity.py) at its edges."""
from __future__ import annotations

from benchmarks.search_identity import TOLERANCE, differences

ANSWER = {"query": "needle exchange", "relevant": {"total": 2, "results": [
    {"id": "a", "score": 0.9, "score_parts": {"dense": 0.5, "fused": 0.9}},
    {"id": "b", "score": 0.4, "score_parts": {"dense": 0.3, "fused": 0.4}}]}, "fused": [0.9, 0.4]}


def test_the_same_answers_have_no_difference():
    assert differences(ANSWER, ANSWER) == []


def test_scores_within_the_tolerance_count_as_the_same():
    after = {**ANSWER, "fused": [0.9 + TOLERANCE / 2, 0.4]}
    assert differences(ANSWER, after) == []


def test_a_score_moved_beyond_the_tolerance_is_reported_where_it_is():
    after = {**ANSWER, "fused": [0.9, 0.4 + 1e-6]}
    assert differences(ANSWER, after) == [".fused[1]: 0.4 != 0.400001"]


def test_two_results_swapped_are_reported():
    results = ANSWER["relevant"]["results"]
    after = {**ANSWER, "relevant": {"total": 2, "results": [results[1], results[0]]}}
    assert ".relevant.results[0].id: 'a' != 'b'" in differences(ANSWER, after)


def test_a_missing_result_is_reported():
    after = {**ANSWER, "relevant": {"total": 2, "results": ANSWER["relevant"]["results"][:1]}}
    assert differences(ANSWER, after) == [".relevant.results: 2 items != 1"]


def test_a_flag_is_not_compared_as_a_number():
    assert differences({"weak": True}, {"weak": 1}) == [".weak: True != 1"]
