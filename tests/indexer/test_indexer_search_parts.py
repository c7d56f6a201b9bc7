"""Pure pieces of search: per-practice maxima over grouped chunk scores, script-decided languages."""
from __future__ import annotations

import numpy as np

from indexer.dense import group_argmax, group_max
from indexer.search import top_ranked


def practice_max(scores, ptr):
    return group_max(scores, ptr), group_argmax(scores, ptr, range(len(ptr) - 1))


def test_group_max_takes_each_groups_best_row():
    scores = np.array([0.1, 0.5, 0.3, 0.9, 0.2], dtype=np.float32)
    best, row = practice_max(scores, np.array([0, 3, 5]))
    assert best.tolist() == [np.float32(0.5), np.float32(0.9)]
    assert row.tolist() == [1, 3]


def test_group_max_leaves_empty_groups_at_minus_infinity_wherever_they_are():
    # groups: empty, [0.4], empty, empty, [0.2, 0.7], empty
    scores = np.array([0.4, 0.2, 0.7], dtype=np.float32)
    best, row = practice_max(scores, np.array([0, 0, 1, 1, 1, 3, 3]))
    assert best[[1, 4]].tolist() == [np.float32(0.4), np.float32(0.7)]
    assert np.isneginf(best[[0, 2, 3, 5]]).all()
    assert row.tolist() == [-1, 0, -1, -1, 2, -1]


def test_group_argmax_ties_go_to_the_first_row_and_only_asked_groups_are_computed():
    scores = np.array([0.3, 0.3, 0.3, 0.1, 0.1], dtype=np.float32)
    _, row = practice_max(scores, np.array([0, 3, 5]))
    assert row.tolist() == [0, 3]
    assert group_argmax(scores, np.array([0, 3, 5]), [1]).tolist() == [3]
    assert group_argmax(scores, np.array([0, 3, 5]), []).tolist() == []


def test_group_max_one_row_and_no_rows():
    best, row = practice_max(np.array([-0.2], dtype=np.float32), np.array([0, 1]))
    assert best.tolist() == [np.float32(-0.2)] and row.tolist() == [0]
    best, row = practice_max(np.zeros(0, dtype=np.float32), np.array([0, 0, 0]))
    assert np.isneginf(best).all() and row.tolist() == [-1, -1]
    best, row = practice_max(np.zeros(0, dtype=np.float32), np.array([0]))
    assert best.size == 0 and row.size == 0


def test_group_max_matches_a_python_loop_on_random_groups():
    rng = np.random.default_rng(3)
    sizes = rng.integers(0, 4, size=200)
    ptr = np.concatenate([[0], np.cumsum(sizes)])
    scores = rng.choice(np.linspace(-1, 1, 9), size=int(ptr[-1])).astype(np.float32)  # many ties
    best, row = practice_max(scores, ptr)
    for p in range(len(sizes)):
        lo, hi = ptr[p], ptr[p + 1]
        if hi == lo:
            assert np.isneginf(best[p]) and row[p] == -1
        else:
            assert best[p] == scores[lo:hi].max() and row[p] == lo + int(scores[lo:hi].argmax())
    # the index passes its non-empty groups, computed once: the same maxima
    filled = np.flatnonzero(sizes > 0)
    assert group_max(scores, ptr, filled).tolist() == best.tolist()


def test_script_alone_names_the_language_only_when_every_letter_is_in_that_script():
    from indexer.query_language import script_only_language

    assert script_only_language("ホームレスの住宅支援") == "ja"
    assert script_only_language("노숙인 주거 지원") == "ko"
    assert script_only_language("Στέγαση αστέγων") == "el"
    assert script_only_language("דיור לחסרי בית") == "he"
    # several languages share these scripts, or the query mixes scripts: langdetect decides
    for text in ("住房援助", "жильё для бездомных", "سكن للمشردين", "Housing ホーム", "", "123 !"):
        assert script_only_language(text) is None, text


def test_detected_language_is_the_same_from_the_cache():
    from indexer.query_language import detect_language

    text = "hébergement d'urgence pour les femmes victimes de violences"
    detect_language.cache_clear()
    first = detect_language(text)
    assert first == "fr"
    assert detect_language(text) == first and detect_language.cache_info().hits == 1
    assert detect_language("ホームレスの住宅支援") == "ja"


def _full_sort(rows, scores, tiebreak, k):
    return rows[np.lexsort((tiebreak[rows], -scores[rows]))][:k].tolist()


def test_top_ranked_of_nothing_and_of_one_row():
    scores, tiebreak = np.array([0.5, 0.2]), np.array([1, 0])
    assert top_ranked(np.array([], dtype=np.int64), scores, tiebreak, 10).tolist() == []
    assert top_ranked(np.array([1]), scores, tiebreak, 10).tolist() == [1]
    assert top_ranked(np.array([0, 1]), scores, tiebreak, 0).tolist() == []


def test_top_ranked_breaks_ties_at_the_cut_by_the_tiebreak_not_by_position():
    # rows 1, 2 and 3 tie at the cut; the tie-break ranks 3 first, then 1
    scores = np.array([0.9, 0.5, 0.5, 0.5, 0.1])
    tiebreak = np.array([4, 2, 3, 0, 1])
    assert top_ranked(np.arange(5), scores, tiebreak, 3).tolist() == [0, 3, 1]


def test_top_ranked_is_the_head_of_a_full_sort_on_random_scores_with_ties():
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 40))
        scores = rng.integers(0, 5, n).astype(np.float32)  # few distinct values: many ties
        tiebreak = rng.permutation(n)
        rows = np.flatnonzero(rng.random(n) < 0.7)
        k = int(rng.integers(1, n + 2))
        assert top_ranked(rows, scores, tiebreak, k).tolist() == _full_sort(rows, scores, tiebreak, k)


def test_strongest_keeps_the_k_highest_scores():
    from indexer.search import strongest

    scores = np.array([0.1, 0.9, 0.5, 0.7, 0.0])
    assert sorted(strongest(np.array([0, 1, 2, 3]), scores, 2).tolist()) == [1, 3]
    assert strongest(np.array([4, 2]), scores, 5).tolist() == [4, 2]
    assert strongest(np.array([], dtype=np.int64), scores, 3).tolist() == []
