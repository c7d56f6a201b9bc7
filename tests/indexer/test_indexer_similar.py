import pytest


def test_similar_never_returns_the_same_city(index):
    for practice_id in index.practice_ids():
        city = index.practice(practice_id)["city"]
        results = index.similar(practice_id, limit=10, min_score=0.0)
        assert results
        assert all(r.city != city for r in results)
        assert practice_id not in {r.id for r in results}


def test_similar_finds_the_harm_reduction_practice_across_languages(index):
    best = index.similar("needle-exchange-fixture", limit=3)[0]
    assert best.id == "spritzentausch-fixture"
    assert best.shared_topics == ["harm-reduction"]
    assert best.shared_populations == ["people-who-use-drugs"]
    assert best.sections and set(best.sections) <= {"Ausgangslage", "Ansatz", "Übertragbarkeit"}


def test_similar_results_are_ordered_and_limited(index):
    results = index.similar("hebergement-urgence-fixture", limit=2, min_score=0.0)
    assert len(results) == 2
    assert results[0].score >= results[1].score
    assert results[0].id == "domestic-violence-shelter-fixture"


def test_similar_of_an_unknown_id_raises_key_error(index):
    with pytest.raises(KeyError):
        index.similar("no-such-practice")


def test_similar_suggests_only_practices_above_the_floor(index):
    from indexer.similar import MIN_SCORE

    for practice_id in index.practice_ids():
        assert all(r.score >= MIN_SCORE for r in index.similar(practice_id, limit=10))


def test_nothing_close_is_an_empty_list(index):
    # the only practice for isolated older people: nothing elsewhere is about them
    assert index.similar("custodi-sociali-fixture", limit=5) == []
    assert index.similar("custodi-sociali-fixture", limit=5, min_score=0.0)


def test_the_score_shown_is_the_score_that_ranks(index):
    results = index.similar("needle-exchange-fixture", limit=10, min_score=0.0)
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
