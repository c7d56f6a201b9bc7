"""Thesaurus evidence: a query term or phrase that is a label of a concept in any language is
evidence for the practices naming any label of that concept, in any language."""
from __future__ import annotations

import numpy as np
import pytest

from indexer.concepts import ConceptIndex, concepts_in, practice_texts, query_concepts


def test_labels_in_any_language_name_the_same_concept():
    for text, language in (("needle exchange", "en"), ("Spritzentausch", "de"), ("échange de seringues", "fr"),
                           ("wymiana igieł", "pl"), ("针具交换", "zh")):
        assert "needle-exchange" in query_concepts(text, language), text


def test_a_practice_names_the_concepts_of_its_text_and_of_its_abstracts():
    record = {"language": "de", "abstracts": {"fr": {"title": "Travail de rue", "summary": "Réduction des risques."}}}
    found = concepts_in(practice_texts(record, "Ein Kontaktladen mit Spritzentausch."))
    assert {"needle-exchange", "harm-reduction"} <= set(found)
    assert "harm-reduction" not in concepts_in(practice_texts(record, "Ein Kontaktladen.", abstracts=False))


def test_evidence_is_the_share_of_the_query_concepts_a_practice_names_rarer_ones_weighing_more():
    records = [{"concepts": ["harm-reduction", "needle-exchange"]}, {"concepts": ["harm-reduction"]},
               {"concepts": ["homelessness"]}, {"concepts": []}]
    evidence = ConceptIndex(records).evidence(["needle-exchange", "harm-reduction"], 4)
    assert evidence[0] == pytest.approx(1.0)
    assert 0 < evidence[1] < 0.5 < 1.0  # harm reduction is named twice, needle exchange once: it says less
    assert evidence[2] == evidence[3] == 0.0


def test_a_practice_about_a_narrower_concept_is_about_the_broader_one():
    from kb.thesaurus import thesaurus

    assert "harm-reduction" in thesaurus().ancestors("needle-exchange")
    evidence = ConceptIndex([{"concepts": ["needle-exchange"]}, {"concepts": []}]).evidence(["harm-reduction"], 2)
    assert evidence.tolist() == [1.0, 0.0]


def test_no_query_concept_is_no_evidence_and_an_unknown_one_matches_nothing():
    index = ConceptIndex([{"concepts": ["homelessness"]}])
    assert index.evidence([], 1).tolist() == [0.0]
    assert index.evidence(["no-such-concept"], 1).tolist() == [0.0]
    assert ConceptIndex([]).evidence(["homelessness"], 0).shape == (0,)


def test_the_index_records_the_concepts_of_every_practice(index):
    assert "needle-exchange" in index.practice("spritzentausch-fixture")["concepts"]
    assert "needle-exchange" in index.practice("needle-exchange-fixture")["concepts"]


@pytest.mark.parametrize("query, language", [("Spritzentausch", "de"), ("needle exchange", "en"),
                                             ("échange de seringues", "fr")])
def test_a_query_concept_is_evidence_for_the_practices_naming_it_in_other_languages(index, query, language):
    thesaurus = {r.id: r.score_parts["thesaurus"] for r in index.search(query, more=False).results}
    thesaurus.update({r.id: r.score_parts["thesaurus"] for r in index.search(query, more=True).results})
    assert thesaurus.get("spritzentausch-fixture", 0) > 0 and thesaurus.get("needle-exchange-fixture", 0) > 0
    assert thesaurus.get("custodi-sociali-fixture", 0) == 0


def test_thesaurus_evidence_lifts_the_practice_in_another_language(index):
    from indexer.query import parse_query
    from indexer.search import fuse_stage, retrieve, score

    parsed = parse_query(index, "Spritzentausch")
    signals = score(index, parsed, "hybrid", retrieve(index, parsed, "hybrid", np.ones(len(index.records), bool), 10))
    with_concepts = fuse_stage(index, parsed, "hybrid", signals)
    signals.thesaurus = np.zeros_like(signals.thesaurus)
    without = fuse_stage(index, parsed, "hybrid", signals)
    english = index.number("needle-exchange-fixture")
    assert with_concepts[english] > without[english]
