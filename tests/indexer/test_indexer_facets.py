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
