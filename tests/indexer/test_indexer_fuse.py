"""The calibrated fusion at its edges: every signal as evidence on one scale (indexer.evidence)."""
from __future__ import annotations

import numpy as np
import pytest

from indexer.evidence import FEATURES, Model, fit, reciprocal_rank, sigmoid
from indexer.fuse import keyword_strength
from indexer.fusion_model import MODEL


def rows(*practices: dict) -> np.ndarray:
    """Feature rows of the shipped model's features; unnamed features are those of a practice
    with no evidence at all (no keyword hit, no concept, not named), ``dense`` 0.2 at the top."""
    base = {name: 0.0 for name in MODEL.features}
    base.update(dense=0.2)
    out = []
    for practice in practices:
        values = dict(base, **practice)
        out.append([values[name] for name in MODEL.features])
    return np.array(out)


def test_keyword_strength_is_clipped_share_of_the_ideal():
    assert keyword_strength(np.array([0.0, 2.0, 8.0]), np.array([4.0, 4.0, 4.0])).tolist() == [0.0, 0.5, 1.0]
    assert keyword_strength(np.array([1.0, 4.0])).tolist() == [0.25, 1.0]


def test_reciprocal_rank_of_positive_scores_shares_ties_and_leaves_zeros_out():
    assert reciprocal_rank(np.array([0.2, 0.9, 0.0, 0.2])).tolist() == [0.5, 1.0, 0.0, 0.5]
    assert reciprocal_rank(np.array([])).tolist() == []


def test_the_shipped_model_uses_the_features_it_was_fitted_on():
    assert MODEL.features == FEATURES
    assert 0.0 < MODEL.loose <= MODEL.threshold < 1.0


def test_sigmoid_is_a_probability_even_far_out():
    p = sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    assert p.tolist() == [pytest.approx(0.0), 0.5, pytest.approx(1.0)] and np.isfinite(p).all()


def test_without_a_keyword_hit_meaning_decides():
    x = rows(dict(dense=0.45, dense_gap=0.0, doc=0.4), dict(dense=0.35, dense_gap=-0.1, doc=0.4),
             dict(dense=0.25, dense_gap=-0.2, doc=0.4))
    p = MODEL.probability(x)
    assert p[0] > p[1] > p[2]


def test_with_only_keyword_hits_the_keyword_strength_decides():
    x = rows(dict(keyword=0.3, keyword_gap=-0.7, keyword_rank=1 / 3, has_text=1.0),
             dict(keyword=1.0, keyword_gap=0.0, keyword_rank=1.0, has_text=1.0),
             dict(keyword=0.6, keyword_gap=-0.4, keyword_rank=0.5, has_text=1.0))
    assert np.argsort(-MODEL.probability(x)).tolist() == [1, 2, 0]


def test_equal_evidence_is_an_equal_probability():
    x = rows(dict(dense=0.4, keyword=0.5), dict(dense=0.4, keyword=0.5))
    p = MODEL.probability(x)
    assert p[0] == p[1]


def test_no_practices_is_no_probabilities():
    assert MODEL.probability(np.zeros((0, len(MODEL.features)))).shape == (0,)


def test_a_whole_query_keyword_match_lifts_a_practice_the_model_ranks_low_by_meaning():
    closest = dict(dense=0.45, dense_gap=0.0, has_text=1.0)
    named_by_its_words = dict(dense=0.35, dense_gap=-0.1, has_text=1.0, keyword=1.0, keyword_gap=0.0,
                              keyword_rank=1.0)
    p = MODEL.probability(rows(closest, named_by_its_words))
    assert p[1] > p[0]


def test_keywords_in_the_query_language_do_not_push_aside_a_better_answer_in_another_language():
    # the best answer by meaning is written in another language (no text in the query's);
    # a practice in the query's language holds a third of the query, far lower in meaning
    other_language = dict(dense=0.5, dense_gap=0.0, doc=0.45)
    same_language_words = dict(dense=0.3, dense_gap=-0.2, doc=0.25, has_text=1.0, keyword=0.33,
                               keyword_gap=0.0, keyword_rank=1.0)
    p = MODEL.probability(rows(other_language, same_language_words))
    assert p[0] > p[1]


def test_a_concept_named_in_another_language_is_evidence():
    p = MODEL.probability(rows(dict(dense=0.35, dense_gap=-0.05), dict(dense=0.35, dense_gap=-0.05, thesaurus=1.0)))
    assert p[1] > p[0]


def test_every_evidence_the_model_counts_for_raises_the_probability():
    for name in ("dense", "dense_gap", "keyword", "keyword_rank", "named", "thesaurus"):
        assert MODEL.weights[MODEL.features.index(name)] > 0, name


def test_contributions_add_up_to_the_log_odds():
    x = rows(dict(dense=0.4, keyword=0.5, thesaurus=1.0))
    assert MODEL.contributions(x).sum() + MODEL.bias == pytest.approx(float(MODEL.log_odds(x)[0]))


def test_fit_finds_the_direction_and_size_of_the_evidence():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4000, 2))
    truth = 2.0 * x[:, 0] - 1.0 * x[:, 1] - 0.5
    y = (rng.random(4000) < sigmoid(truth)).astype(float)
    model = fit(x, y, ("good", "bad"), l2=0.0)
    assert model.weights[0] * 1 / model.scale[0] == pytest.approx(2.0, abs=0.25)
    assert model.weights[1] * 1 / model.scale[1] == pytest.approx(-1.0, abs=0.2)


def test_fit_of_a_constant_feature_keeps_it_out():
    x = np.column_stack([np.linspace(-1, 1, 50), np.ones(50)])
    y = (x[:, 0] > 0).astype(float)
    model = fit(x, y, ("signal", "constant"))
    assert model.weights[1] == pytest.approx(0.0, abs=1e-9) and np.isfinite(model.probability(x)).all()


def test_a_model_round_trips_through_a_dict():
    assert Model.from_dict(MODEL.to_dict()) == MODEL


def test_log_odds_on_raw_features_equal_the_standardised_form():
    x = np.array([[0.0] * len(MODEL.features), [1.0] * len(MODEL.features),
                  [0.3, -0.2, 0.1, 0.5, -0.4, 0.25, 1.0, 0.0, 0.0, 0.5][:len(MODEL.features)]])
    standardised = (x - np.array(MODEL.mean)) / np.array(MODEL.scale) @ np.array(MODEL.weights) + MODEL.bias
    assert MODEL.log_odds(x) == pytest.approx(standardised, abs=1e-12)


def test_features_are_one_contiguous_row_per_practice_with_each_signal_in_its_column(index):
    from indexer.evidence import features
    from indexer.query import parse_query
    from indexer.search import allowed_practices, retrieve, score

    parsed = parse_query(index, "needle exchange")
    signals = score(index, parsed, "hybrid", retrieve(index, parsed, "hybrid", allowed_practices(index, {}), 10))
    x = features(index, parsed, signals, FEATURES)
    assert x.shape == (len(index.records), len(FEATURES)) and x.flags["C_CONTIGUOUS"]
    assert x[:, FEATURES.index("dense")].tolist() == signals.dense.astype(np.float64).tolist()
    assert x[:, FEATURES.index("keyword_rank")].tolist() == reciprocal_rank(signals.strength.astype(np.float64)).tolist()
    assert features(index, parsed, signals, ()).shape == (len(index.records), 0)
