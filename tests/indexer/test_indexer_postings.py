"""Term counts and their BM25 postings; a keyword index updated from a previous one equals one
built from scratch."""
from __future__ import annotations

import numpy as np
import pytest

from indexer.keyword import KeywordIndex, updated_keyword_index
from indexer.postings import TermCounts

TEXTS = ["Hébergement d'urgence pour femmes", "Spritzentausch und Kontaktladen", "住房支援 住房",
         "emergency shelter for women and children", "Notunterkunft für Frauen und Kinder"]
GROUPS = ["fr", "de", "zh", "en", "de"]


def _same(a: KeywordIndex, b: KeywordIndex) -> bool:
    return (a.vocab == b.vocab and a.n_docs == b.n_docs and a.group_names == b.group_names
            and all(np.array_equal(x, y) for x, y in zip(
                (a.indptr, a.docs, a.weights, a.counts, a.group_of), (b.indptr, b.docs, b.weights, b.counts, b.group_of))))


def test_counts_of_tokens_count_each_term_once_per_document():
    counts = TermCounts.of_tokens([["a", "b", "a"], [], ["b"]])
    triples = sorted(zip([counts.vocabulary[t] for t in counts.term], counts.doc.tolist(), counts.count.tolist()))
    assert triples == [("a", 0, 2), ("b", 0, 1), ("b", 2, 1)]


def test_merge_keeps_only_used_terms_in_sorted_order():
    first = TermCounts.of_tokens([["zebra", "apple"]]).renumbered(np.array([1]))
    second = TermCounts(["unused", "mango"], np.array([1]), np.array([0]), np.array([3], dtype=np.int32))
    merged = TermCounts.merge([first, second])
    assert merged.vocabulary == ["apple", "mango", "zebra"]
    assert sorted(zip([merged.vocabulary[t] for t in merged.term], merged.doc.tolist(), merged.count.tolist())) == \
        [("apple", 1, 1), ("mango", 0, 3), ("zebra", 1, 1)]
    assert TermCounts.merge([]).vocabulary == []


def test_renumbering_to_minus_one_leaves_a_document_out():
    counts = TermCounts.of_tokens([["a"], ["b"]]).renumbered(np.array([-1, 0]))
    assert counts.doc.tolist() == [0] and [counts.vocabulary[t] for t in counts.term] == ["b"]


def test_an_index_keeps_the_counts_it_was_built_from():
    index = KeywordIndex.build(TEXTS, GROUPS)
    rebuilt = KeywordIndex.from_counts(index.term_counts(), len(TEXTS), GROUPS)
    assert _same(index, rebuilt)


@pytest.mark.parametrize("previous_doc", [
    [-1, -1, -1, -1, -1],  # nothing reused
    [0, 1, 2, 3, 4],       # everything reused
    [4, -1, 0, 2, -1],     # some reused, in another order
])
def test_an_updated_index_equals_a_fresh_build(previous_doc):
    # the previous index held the reused texts at the positions previous_doc points to
    old_texts = ["(removed) Kontaktladen für Drogengebrauchende"] * 5
    for i, d in enumerate(previous_doc):
        if d >= 0:
            old_texts[d] = TEXTS[i]
    previous = KeywordIndex.build(old_texts, ["de"] * 5)
    assert _same(updated_keyword_index(TEXTS, GROUPS, previous, previous_doc), KeywordIndex.build(TEXTS, GROUPS))


def test_an_index_stored_without_counts_is_tokenised_again():
    previous = KeywordIndex.build(TEXTS, GROUPS)
    previous.counts = None  # as in an index written before counts were stored
    assert previous.term_counts() is None
    assert _same(updated_keyword_index(TEXTS, GROUPS, previous, [0, 1, 2, 3, 4]), KeywordIndex.build(TEXTS, GROUPS))


def test_empty_and_one_document_indexes():
    empty = updated_keyword_index([], [], None, [])
    assert empty.n_docs == 0 and empty.vocab == {} and empty.scores("shelter").shape == (0,)
    one = KeywordIndex.build(["shelter shelter"], ["en"])
    assert one.counts.tolist() == [2] and one.scores("shelter")[0] > 0
