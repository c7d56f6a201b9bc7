import pytest


def test_similar_never_returns_the_same_city(index):
    for practice_id in index.practice_ids():
        city = index.practice(practice_id)["city"]
        results = index.similar(practice_id, limit=10)
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
    results = index.similar("hebergement-urgence-fixture", limit=2)
    assert len(results) == 2
    assert results[0].score >= results[1].score
    assert results[0].id == "domestic-violence-shelter-fixture"


def test_similar_of_an_unknown_id_raises_key_error(index):
    with pytest.raises(KeyError):
        index.similar("no-such-practice")
