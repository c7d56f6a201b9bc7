"""A search query, parsed once: its text, keyword tokens, languages and vector.

Every stage of a search (:mod:`indexer.search`) reads the same :class:`ParsedQuery` instead of
tokenising, detecting and embedding the text again. Parsing also bounds the work one query
can cause: at most ``MAX_QUERY_TERMS`` distinct keyword terms are scored and the embedder
reads at most its own token budget (:data:`indexer.embed.MAX_QUERY_PIECES`), so a random
500-character string costs about what a long natural query costs.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from indexer.keyword import query_tokens

#: Distinct keyword terms scored per query, in the order they first appear. The longest
#: judged query (benchmarks/queries*.yaml, a Chinese one read as character pairs) has 81;
#: a random 500-character string has up to ~500, each a pass over a posting list.
MAX_QUERY_TERMS = 96
#: Query vectors (and with them the query's language) kept per process. A page or facet click
#: repeats the query; 2,048 vectors of 512 float32 are 4 MiB per worker.
QUERY_CACHE_SIZE = 2048


class QueryCache:
    """A bounded, thread-safe least-recently-used mapping (the oldest entry goes first)."""

    def __init__(self, maxsize: int = QUERY_CACHE_SIZE) -> None:
        if maxsize < 1:
            raise ValueError(f"a query cache needs room for at least one entry, got {maxsize}")
        self.maxsize = maxsize
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key):
        """The value stored under ``key`` (now the most recently used), or ``None``."""
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key, value) -> None:
        """Store ``value`` under ``key``; beyond ``maxsize`` entries the least recently used goes."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key) -> bool:
        return key in self._items


#: The process's cache of query vectors, keyed by (model id, query text).
QUERY_VECTORS = QueryCache()
#: Scored queries kept per index (the signals and fused score of every practice, a few arrays
#: of one number per practice): a page or facet click on an exact index then only cuts off,
#: groups and pages again. 32 entries of 8 arrays are ~11 MiB at 11,000 practices.
SCORED_QUERIES = 32
_SCORED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def forget_queries() -> None:
    """Empty every per-query cache of the process (vectors, scored queries, tokens, languages,
    concepts): what a benchmark of first-time queries and a test that changes search settings
    need."""
    from indexer.concepts import query_concepts
    from indexer.keyword import query_tokens
    from indexer.query_language import detect_language

    QUERY_VECTORS.clear()
    for cache in list(_SCORED.values()):
        cache.clear()
    query_tokens.cache_clear()
    detect_language.cache_clear()
    query_concepts.cache_clear()


def scored_queries(index) -> QueryCache:
    """The cache of scored queries of ``index`` (created on first use, gone with the index)."""
    cache = _SCORED.get(index)
    if cache is None:
        cache = _SCORED[index] = QueryCache(SCORED_QUERIES)
    return cache


def query_vector(embedder, text: str, cache: QueryCache | None = None) -> np.ndarray:
    """The embedding of ``text`` as a query, from ``cache`` (default: the process's) when it was
    embedded before with the same model. The vector is read-only: callers share it."""
    cache = QUERY_VECTORS if cache is None else cache
    key = (getattr(embedder, "model_id", type(embedder).__name__), text)
    vector = cache.get(key)
    if vector is None:
        vector = np.array(embedder.encode_queries([text])[0], dtype=np.float32)
        vector.setflags(write=False)
        cache.put(key, vector)
    return vector


def bounded_terms(tokens: tuple[str, ...], limit: int = MAX_QUERY_TERMS) -> tuple[str, ...]:
    """The first ``limit`` distinct tokens, in order of first appearance."""
    return tuple(dict.fromkeys(tokens))[:limit]


@dataclass(frozen=True)
class ParsedQuery:
    """What every search stage needs to know about the query, computed once.

    text: the query, stripped ("" lists practices by title).
    tokens: its keyword tokens in order (repeats kept), only the scored terms.
    terms: the distinct scored terms.
    detected: the language the query is written in, when it can be told.
    languages: the languages whose documents keyword scores may move (None: unknown).
    vector: the query embedding (None in keyword mode and for an empty query).
    concepts: the thesaurus concepts the query names (:mod:`indexer.concepts`).
    """

    text: str
    tokens: tuple[str, ...]
    terms: frozenset[str]
    detected: str | None
    languages: frozenset[str] | None
    vector: np.ndarray | None
    concepts: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.text


def parse_query(index, text: str, *, embed: bool = True) -> ParsedQuery:
    """Parse ``text`` for a search of ``index``; ``embed=False`` skips the vector (keyword mode)."""
    from indexer.concepts import query_concepts
    from indexer.query_language import query_languages

    text = text.strip()
    if not text:
        return ParsedQuery("", (), frozenset(), None, None, None)
    scored = set(bounded_terms(query_tokens(text)))
    tokens = tuple(t for t in query_tokens(text) if t in scored)
    detected, languages = query_languages(index, text, scored)
    vector = query_vector(index.embedder, text) if embed else None
    return ParsedQuery(text, tokens, frozenset(scored), detected,
                       frozenset(languages) if languages else None, vector,
                       tuple(query_concepts(text, detected)))
