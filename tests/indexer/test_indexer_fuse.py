import numpy as np
import pytest

from indexer.fuse import (RRF_K, FusionConfig, dense_gate, fuse, keyword_strength, minmax, ranks, rrf, scale_by_max,
                          weighted, zscore)


@pytest.mark.parametrize("norm", [minmax, zscore, scale_by_max])
def test_normalisers_keep_empty_empty(norm):
    assert norm(np.array([])).shape == (0,)


def test_minmax_scales_to_unit_interval():
    assert minmax(np.array([1.0, 3.0, 2.0])).tolist() == [0.0, 1.0, 0.5]


def test_minmax_of_ties_and_single_item():
    assert minmax(np.array([0.4, 0.4])).tolist() == [1.0, 1.0]
    assert minmax(np.array([0.7])).tolist() == [1.0]
    assert minmax(np.array([0.0, 0.0])).tolist() == [0.0, 0.0]


def test_zscore_of_constant_scores_is_zero():
    assert zscore(np.array([2.0, 2.0, 2.0])).tolist() == [0.0, 0.0, 0.0]
    z = zscore(np.array([1.0, 3.0]))
    assert z.tolist() == [-1.0, 1.0]


def test_ranks_share_the_best_rank_on_ties():
    assert ranks(np.array([0.5, 0.9, 0.5, 0.1])).tolist() == [2, 1, 2, 4]


def test_rrf_by_hand():
    fused = rrf([np.array([0.9, 0.1]), np.array([0.2, 0.8])], k=60)
    assert fused[0] == pytest.approx(1 / 61 + 1 / 62)
    assert fused[1] == pytest.approx(1 / 62 + 1 / 61)


def test_rrf_of_one_list_keeps_its_order():
    scores = np.array([0.3, 0.9, 0.5])
    assert np.argsort(-rrf([scores])).tolist() == [1, 2, 0]
    assert RRF_K == 60


def test_rrf_of_nothing_and_of_absent_documents():
    assert rrf([]).shape == (0,)
    fused = rrf([np.array([0.5, 0.0])], present=[np.array([True, False])])
    assert fused[1] == 0.0 and fused[0] == pytest.approx(1 / 61)


def test_weighted_sum():
    assert weighted([np.array([1.0, 0.0]), np.array([0.0, 1.0])], [0.25, 0.75]).tolist() == [0.25, 0.75]
    assert weighted([], []).shape == (0,)


def test_dense_gate_is_one_at_the_top_and_zero_beyond_the_margin():
    assert dense_gate(np.array([0.5, 0.45, 0.3]), 0.1).tolist() == pytest.approx([1.0, 0.5, 0.0])
    assert dense_gate(np.array([0.5, 0.1]), None).tolist() == [1.0, 1.0]
    assert dense_gate(np.array([]), 0.1).shape == (0,)


def test_keyword_strength_is_clipped_share_of_the_ideal():
    assert keyword_strength(np.array([0.0, 2.0, 8.0]), np.array([4.0, 4.0, 4.0])).tolist() == [0.0, 0.5, 1.0]
    assert keyword_strength(np.array([1.0, 4.0])).tolist() == [0.25, 1.0]


def test_keyword_match_in_the_query_language_cannot_lift_an_unrelated_document():
    # doc 0: the right answer in English (high dense); doc 1: a French document matching the
    # French query's words but not its meaning.
    dense = np.array([0.60, 0.20])
    fused = fuse(dense, np.array([0.0, 12.0]), ["en", "fr"], {"fr"}, FusionConfig(dense_margin=None))
    assert fused[0] > fused[1]


def test_a_full_match_in_the_query_language_does_not_overtake_a_better_dense_match_with_full_credit():
    dense = np.array([0.50, 0.49])
    config = FusionConfig(other_language_credit=1.0)
    fused = fuse(dense, np.array([0.0, 5.0]), ["en", "fr"], {"fr"}, config, keyword_scale=np.array([5.0, 5.0]))
    assert fused[0] > fused[1]


def test_keyword_reorders_close_documents_in_the_query_language():
    dense = np.array([0.50, 0.48])
    fused = fuse(dense, np.array([1.0, 9.0]), ["en", "en"], {"en"}, keyword_scale=np.array([10.0, 10.0]))
    assert fused[1] > fused[0]


def test_documents_in_other_languages_keep_their_dense_order():
    dense = np.array([0.50, 0.48, 0.47])
    fused = fuse(dense, np.array([0.0, 9.0, 3.0]), ["de", "it", "es"], {"en"})
    assert np.argsort(-fused).tolist() == [0, 1, 2]


def test_unknown_query_language_weighs_keywords_less():
    dense = np.array([0.5, 0.5])
    keyword = np.array([4.0, 0.0])
    known = fuse(dense, keyword, ["en", "en"], {"en"}, FusionConfig(dense_margin=None))
    unknown = fuse(dense, keyword, ["en", "en"], None, FusionConfig(dense_margin=None, unknown_language_weight=0.5))
    assert unknown[0] - unknown[1] == pytest.approx((known[0] - known[1]) / 2)


def test_fuse_edges():
    assert fuse(np.array([]), np.array([]), [], {"en"}).shape == (0,)
    one = fuse(np.array([0.3]), np.array([0.0]), ["en"], {"en"})
    assert one.tolist() == pytest.approx([0.3])
    ties = fuse(np.array([0.3, 0.3]), np.array([2.0, 2.0]), ["en", "en"], {"en"})
    assert ties[0] == ties[1]
