"""Facets that combine (issue 13): a chosen key is counted with the other keys' filters only."""
from __future__ import annotations

from indexer.facets import disjunctive_counts, filters_without


def test_filters_without_a_key_drop_it():
    assert filters_without({"city": ["osaka"], "topic": ["housing"]}, "city") == {"topic": ["housing"]}


def test_filters_without_one_value_keep_the_others_of_its_key():
    assert filters_without({"city": ["osaka", "paris"]}, "city", "osaka") == {"city": ["paris"]}
    assert filters_without({"city": ["osaka"]}, "city", "osaka") == {}


def test_a_chosen_key_is_counted_without_its_own_filter():
    asked = []

    def facets_without(filters):
        asked.append(filters)
        return {"city": {"chicago": 2, "paris": 1}, "topic": {"housing": 9}}

    facets = {"city": {"chicago": 2}, "topic": {"housing": 2, "harm-reduction": 1}}
    combined = disjunctive_counts(facets, {"city": ["chicago"]}, facets_without)
    assert combined["city"] == {"chicago": 2, "paris": 1}       # Paris stays, with its count
    assert combined["topic"] == {"housing": 2, "harm-reduction": 1}  # unchosen keys: the search's own
    assert asked == [{}]


def test_each_chosen_key_keeps_the_other_keys_filters():
    asked = []
    disjunctive_counts({}, {"city": ["osaka"], "topic": ["domestic-violence"]},
                       lambda filters: asked.append(filters) or {})
    assert asked == [{"topic": ["domestic-violence"]}, {"city": ["osaka"]}]


def test_without_filters_the_counts_are_the_searchs():
    facets = {"city": {"paris": 1}}
    assert disjunctive_counts(facets, {}, lambda filters: 1 / 0) == facets
