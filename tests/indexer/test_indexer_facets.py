"""Facet codes: filter masks and facet counts agree with the record-by-record definitions."""
from __future__ import annotations

import numpy as np

from indexer.facets import FacetCodes
from indexer.facets import FILTER_FIELDS, facet_counts, matches

RECORDS = [
    {"city": "paris", "country": "FR", "language": "fr", "topics": ["housing", "violence"],
     "target_population": ["women"], "evidence_level": "evaluated", "status": "active"},
    {"city": "lyon", "country": "FR", "language": "fr", "topics": ["housing"],
     "target_population": [], "evidence_level": "evaluated", "status": "active"},
    {"city": "berlin", "country": None, "language": "de", "topics": ["drugs"],
     "evidence_level": "not-evaluated", "status": "ended"},
    {"city": "milan", "country": "IT", "language": "it", "topics": ["drugs", "housing"],
     "target_population": ["youth", "women"], "evidence_level": "not-evaluated", "status": "active"},
]


def test_counts_ties_are_ordered_by_value_and_none_is_not_counted():
    counts = FacetCodes(RECORDS, FILTER_FIELDS).counts(np.array([0, 2, 3]))
    assert counts["topic"] == {"drugs": 2, "housing": 2, "violence": 1}
    assert counts["country"] == {"FR": 1, "IT": 1}
    assert counts["target_population"] == {"women": 2, "youth": 1}
    assert list(counts) == list(FILTER_FIELDS)


def test_counts_of_no_practices_are_empty_for_every_key():
    assert FacetCodes(RECORDS, FILTER_FIELDS).counts(np.array([], dtype=np.int64)) == {k: {} for k in FILTER_FIELDS}
    assert FacetCodes([], FILTER_FIELDS).counts(np.array([], dtype=np.int64)) == {k: {} for k in FILTER_FIELDS}
    assert FacetCodes(RECORDS, FILTER_FIELDS).counts(np.zeros(len(RECORDS), dtype=bool)) == {k: {} for k in FILTER_FIELDS}


def test_counts_and_masks_match_the_record_by_record_definitions():
    codes = FacetCodes(RECORDS, FILTER_FIELDS)
    for chosen in ([0], [1, 3], [0, 1, 2, 3]):
        assert codes.counts(np.array(chosen)) == facet_counts([RECORDS[p] for p in chosen])
        mask = np.isin(np.arange(len(RECORDS)), chosen)
        assert codes.counts(mask) == facet_counts([RECORDS[p] for p in chosen])
    for filters in ({}, {"topic": []}, {"topic": ["housing"]}, {"topic": ["drugs", "violence"], "country": ["FR"]},
                    {"city": ["nowhere"]}, {"target_population": ["women"], "status": ["active"]},
                    {"country": ["IT", "unknown"]}):
        expected = [matches(rec, filters) for rec in RECORDS]
        assert codes.allowed(filters).tolist() == expected, filters


def test_programme_counts_count_the_versions_of_one_programme_once_per_value():
    # practices 0 and 1 are one programme (a translation), 2 and 3 programmes of their own
    groups, shared = np.array([0, 0, 1, 2]), np.array([True, True, False, False])
    counts = FacetCodes(RECORDS, FILTER_FIELDS).programme_counts(np.ones(4, dtype=bool), groups, shared)
    assert counts["country"] == {"FR": 1, "IT": 1}            # both versions are French: one programme
    assert counts["city"] == {"berlin": 1, "lyon": 1, "milan": 1, "paris": 1}  # choosing either city finds it
    assert counts["topic"] == {"housing": 2, "drugs": 2, "violence": 1}


def test_programme_counts_without_shared_groups_are_the_counts():
    codes = FacetCodes(RECORDS, FILTER_FIELDS)
    chosen = np.array([True, False, True, True])
    assert codes.programme_counts(chosen, np.arange(4), np.zeros(4, dtype=bool)) == codes.counts(chosen)


def test_counts_list_the_most_frequent_value_first_then_by_value_and_programme_counts_of_none_are_empty():
    codes = FacetCodes(RECORDS, FILTER_FIELDS)
    counts = codes.counts(np.ones(len(RECORDS), dtype=bool))
    assert list(counts["topic"].items()) == [("housing", 3), ("drugs", 2), ("violence", 1)]
    assert list(counts["city"]) == ["berlin", "lyon", "milan", "paris"]
    groups, shared = np.array([0, 0, 1, 2]), np.array([True, True, False, False])
    assert codes.programme_counts(np.zeros(4, dtype=bool), groups, shared) == {k: {} for k in FILTER_FIELDS}
    assert FacetCodes([], FILTER_FIELDS).programme_counts(np.zeros(0, dtype=bool), np.zeros(0, np.int64),
                                                          np.zeros(0, dtype=bool)) == {k: {} for k in FILTER_FIELDS}
