"""Unique queries for the load benchmark: no query is sent twice in a benchmark, so that the
query caches (query embeddings, languages, keyword terms) are measured on misses.

Each query is two to four words of one practice's title and summary (in its language), drawn
with a fixed seed: topical and multilingual like real queries, and never the same twice.
"""
from __future__ import annotations

import random
import re
import urllib.parse
from pathlib import Path

#: Words of letters only (any script), at least three long.
_WORD = re.compile(r"[^\W\d_]{3,}")
MAX_QUERY_CHARS = 500  # the API's default limit on q


def practice_words(content: Path) -> list[list[str]]:
    """The distinct words of each practice's title and summary (practices with at least 4)."""
    from kb.corpus import load_corpus

    corpus = load_corpus([content], check_language=False)
    found = []
    for doc in corpus.good:
        words = list(dict.fromkeys(_WORD.findall(f"{doc.practice.title} {doc.practice.summary}")))
        if len(words) >= 4:
            found.append([w[:40] for w in words])
    if not found:
        raise ValueError(f"{content}: no practice has a title and summary to make queries from")
    return found


def unique_queries(content: Path, count: int, seed: int = 14) -> list[str]:
    """``count`` distinct queries (raises ValueError when the corpus cannot give that many)."""
    rng = random.Random(seed)
    words = practice_words(content)
    seen: dict[str, None] = {}
    attempts = 0
    while len(seen) < count:
        attempts += 1
        if attempts > 50 * count:
            raise ValueError(f"{content}: only {len(seen)} distinct queries after {attempts} draws")
        pool = rng.choice(words)
        query = " ".join(rng.sample(pool, rng.randint(2, min(4, len(pool)))))
        if len(query) <= MAX_QUERY_CHARS:
            seen.setdefault(query, None)
    return list(seen)


def search_paths(queries: list[str]) -> list[str]:
    return ["/api/search?" + urllib.parse.urlencode({"q": q}) for q in queries]


class QueryPool:
    """Hands out disjoint slices of one list of unique search paths: one slice per run."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        self.used = 0

    def take(self, count: int) -> list[str]:
        if self.used + count > len(self.paths):
            raise ValueError(f"the pool of {len(self.paths)} unique queries is used up")
        chunk = self.paths[self.used:self.used + count]
        self.used += count
        return chunk
