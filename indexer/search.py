"""Search as stages: parse → retrieve → score → fuse → cut off → group → page → assemble.

A query is parsed once (:func:`indexer.query.parse_query`: text, tokens, languages, vector);
each stage below is a function of the parsed query and the arrays of the stage before it,
one value per practice, so each can be read, tested and measured on its own.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from indexer.dense import best_chunks, dense_scores
from indexer.evidence import Model, features
from indexer.facets import FILTER_FIELDS
from indexer.fuse import keyword_strength
from indexer.groups import group_count, group_numbers, group_total, one_per_group, shared_groups
from indexer.keyword import max_per_practice
from indexer.query import ParsedQuery, parse_query, scored_queries
from indexer.results import SearchResponse, SearchResult, assemble  # noqa: F401 (the API)

MODES = ("hybrid", "dense", "keyword")
#: On HNSW, the keyword hits the vector search did not reach get their exact dense score, the
#: strongest this many of them: a keyword match far from the query's meaning rarely outweighs
#: the practices the vector search found. (Rescoring every hit cost ~10 ms a query at 100k
#: chunks, a Python loop over ~3,000 practices.)
RESCORED_KEYWORD_HITS = 256
#: A practice matches a query when its cosine score is at least this share of the best one…
MATCH_RATIO = 0.4
#: …or (hybrid) when it holds at least this share of the query's keywords (IDF-weighted).
MATCH_KEYWORD = 0.5


@dataclass
class Signals:
    """What retrieval and scoring found, one value per practice.

    dense: best-chunk cosine score (0 where the vector search did not reach the practice).
    reached: which practices the vector search scored (all of them on an exact index).
    best_chunk: row of the best chunk where known, else -1 (found for the page only).
    chunk_scores: every chunk's cosine score when all were scored (exact index), else None.
    keyword: BM25 score; strength: BM25 over the score of a whole-query match (0-1), both of
        the practice's text in the query's language (see :func:`keyword_signals`).
    same_language: which practices have text in the query's language(s), their write-up or an
        abstract (None: language unknown).
    """

    dense: np.ndarray
    reached: np.ndarray
    best_chunk: np.ndarray
    chunk_scores: np.ndarray | None
    keyword: np.ndarray
    strength: np.ndarray
    same_language: np.ndarray | None
    #: per practice, the IDF-weighted share of the query's thesaurus concepts it names
    thesaurus: np.ndarray | None = None
    #: (hybrid) the calibrated fusion's input, one row per practice (indexer.evidence.FEATURES)
    features: np.ndarray | None = None
    #: best BM25 score over all of the practice's text, any language (0: none of the query's words)
    keyword_any: np.ndarray | None = None


def check_filters(filters: dict | None) -> dict[str, list[str]]:
    """Filters as {key: [values]}; a single string becomes a one-item list; unknown keys raise ValueError."""
    clean = {}
    for key, values in (filters or {}).items():
        if key not in FILTER_FIELDS:
            raise ValueError(f"unknown filter '{key}'; use one of {', '.join(FILTER_FIELDS)}")
        clean[key] = [values] if isinstance(values, str) else list(values)
    return clean


def allowed_practices(index, filters: dict[str, list[str]], exclude_city=()) -> np.ndarray:
    """Mask of the practices the filters allow, without those of the ``exclude_city`` cities."""
    allowed = index.facet_codes.allowed(filters)
    excluded = [exclude_city] if isinstance(exclude_city, str) else list(exclude_city or ())
    if excluded:
        allowed &= ~index.facet_codes.allowed({"city": excluded})
    return allowed


def search(index, query: str, *, limit: int = 10, offset: int = 0, filters: dict | None = None,
           mode: str = "hybrid", exclude_city=(), language: str | None = None, more: bool = False,
           model: Model | None = None) -> SearchResponse:
    """Search the index. See the contract in docs: results are practices, best first.

    Args:
        query: text in any language; empty lists every practice that passes the filters.
        limit, offset: the page of results.
        filters: {key: [values]} with keys city, country, language, topic, target_population,
            evidence_level, status; values of one key are alternatives (OR), keys combine (AND).
        mode: "hybrid" (the calibrated fusion of every signal), "dense" or "keyword".
        exclude_city: city slugs whose practices are left out ("other cities only").
        language: the reader's language: a programme written in several languages is shown
            in the query's language when it has a version in it, else in this one, else in
            its best-scoring version.
        more: list the loosely related practices (``SearchResponse.more``) instead of the
            relevant ones (``total``).
        model: the calibrated fusion (default: :data:`indexer.fusion_model.MODEL`).
    """
    began = time.perf_counter()
    if mode not in MODES:
        raise ValueError(f"unknown search mode '{mode}'; use one of {', '.join(MODES)}")
    filters = check_filters(filters)
    allowed = allowed_practices(index, filters, exclude_city)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    parsed = parse_query(index, query, embed=mode != "keyword")
    timings["parse_ms"] = (time.perf_counter() - t0) * 1000
    n = len(index.records)
    if parsed.empty:
        zeros = np.zeros(n, np.float32)
        signals = Signals(zeros, np.zeros(n, bool), np.full(n, -1, np.int64), None, zeros, zeros, None)
        relevant, loose, fused, ranking = allowed.copy(), np.zeros(n, bool), zeros, None
    else:
        signals, fused = scored(index, parsed, mode, allowed, offset + limit, filters, exclude_city, model)
        ranking = fused
        relevant, loose = cut_off(mode, signals, fused, allowed, model)
    preferred = [lang for lang in [parsed.detected, language] if lang]
    loose = loose & ~in_groups_of(index, relevant)  # a programme with a relevant version is not "more"
    # only the listed kind is grouped version by version; of the other, the count of
    # programmes is enough (one shown per group)
    listed = group_stage(index, loose if more else relevant, fused, preferred)
    total = int(listed.sum()) if not more else group_count(index, relevant)
    extra = int(listed.sum()) if more else group_count(index, loose)
    chosen = np.flatnonzero(listed)
    page = page_of(index, chosen, ranking, offset, limit)
    passage_languages = {*(parsed.languages or ()), *([language] if language else [])}
    results = assemble(index, page, signals, fused, parsed, passage_languages)
    # each value counts the results choosing it would give: a programme once, whichever of its
    # versions has the value (the Paris version of a Chicago programme counts for Paris)
    counted = loose if more else relevant
    facets = index.facet_codes.programme_counts(counted, group_numbers(index), shared_groups(index))
    took = (time.perf_counter() - began) * 1000
    weak = not parsed.empty and total == 0
    return SearchResponse(parsed.text, parsed.detected, total, results, facets, round(took, 3), mode,
                          offset, limit, timings, weak, extra, more)


def scored(index, parsed: ParsedQuery, mode: str, allowed: np.ndarray, wanted: int, filters: dict,
           exclude_city, model: Model | None) -> tuple[Signals, np.ndarray]:
    """Retrieve, score and fuse, or the result of the same query scored before (a page or a
    facet click). On an exact index the scores do not depend on the filters (every chunk is
    scored); on HNSW they do (the graph is searched among the allowed practices), and so does
    the number of chunks retrieved for a deep page: the key then holds both."""
    exact = not hasattr(index.chunk_index, "hnsw")
    key = (parsed.text, mode, id(model) if model is not None else None,
           None if exact else (repr(sorted(filters.items())), repr(exclude_city), wanted))
    cache = scored_queries(index)
    found = cache.get(key)
    if found is None:
        signals = score(index, parsed, mode, retrieve(index, parsed, mode, allowed, wanted))
        fused = fuse_stage(index, parsed, mode, signals, model)
        # the cache keeps one value per practice, not per chunk; this search still has every
        # chunk's score, which spares the page's passages a product with the query vector
        cache.put(key, (replace(signals, chunk_scores=None, features=None), fused))
        return signals, fused
    return found


def retrieve(index, parsed: ParsedQuery, mode: str, allowed: np.ndarray, wanted: int) -> Signals:
    """Dense and keyword scores of every practice the filters allow (raw, not yet combined)."""
    n = len(index.records)
    if mode in ("hybrid", "dense"):
        dense, best_chunk, chunk_scores = dense_scores(index, parsed.vector, wanted, allowed)
        reached = np.isfinite(dense)
    else:
        dense, best_chunk, chunk_scores = np.zeros(n, np.float32), np.full(n, -1, np.int64), None
        reached = np.zeros(n, dtype=bool)
    keyword = strength = hits = np.zeros(n, np.float32)
    same = None
    if mode in ("hybrid", "keyword"):
        keyword, strength, same, hits = keyword_signals(index, parsed, mode)
    if mode == "hybrid" and chunk_scores is None:
        # keyword hits (in any language) the vector search did not reach (HNSW only: an exact
        # scan reaches all)
        missed = strongest(np.flatnonzero((hits > 0) & ~reached & allowed), hits, RESCORED_KEYWORD_HITS)
        missed = missed[index.chunks.ptr[missed + 1] > index.chunks.ptr[missed]]
        dense[missed], best_chunk[missed] = best_chunks(index, parsed.vector, missed)
    dense = np.where(np.isfinite(dense), dense, np.float32(0.0))
    return Signals(dense, reached, best_chunk, chunk_scores, keyword, strength, same, keyword_any=hits)


def keyword_signals(index, parsed: ParsedQuery, mode: str
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray]:
    """Per practice: BM25 score, keyword strength (BM25 over the score of a document of its
    group holding the whole query: about 1 for a whole-query match), whether it has text in
    the query's language, and its best BM25 score in any language.

    A practice has a document per language it has text in (its write-up, its abstracts);
    hybrid search reads only those in the query's language (all when that is unknown),
    keyword search the best of all."""
    kw = index.keyword
    n = len(index.records)
    docs = kw.term_scores(parsed.terms)
    # only the documents holding a query word have a score: the rest stay 0 in every signal,
    # so the strengths and per-practice maxima are computed over those few
    hits = np.flatnonzero(docs > 0)
    scores = docs[hits]
    strength = keyword_strength(scores, kw.term_ideal(parsed.terms, hits))
    owners = kw.practice_numbers(hits)
    best = max_per_practice(owners, scores, n)
    if mode == "keyword" or not parsed.languages:
        return best, max_per_practice(owners, strength, n), None, best
    has_text = kw.practices_in_languages(parsed.languages, n)
    in_language = kw.in_languages(parsed.languages, hits)
    owners = owners[in_language]
    return (max_per_practice(owners, scores[in_language], n),
            max_per_practice(owners, strength[in_language], n), has_text, best)


def score(index, parsed: ParsedQuery, mode: str, signals: Signals) -> Signals:
    """Signals on comparable scales (keyword strength: see :func:`keyword_signals`), and the
    thesaurus evidence of hybrid search (:mod:`indexer.concepts`)."""
    if mode == "hybrid":
        from indexer.concepts import concept_index

        signals.thesaurus = concept_index(index).evidence(list(parsed.concepts), len(index.records))
    return signals


def fuse_stage(index, parsed: ParsedQuery, mode: str, signals: Signals, model: Model | None = None) -> np.ndarray:
    """The score that ranks, per practice: the mode's own score, or (hybrid) the calibrated
    probability of relevance (:mod:`indexer.evidence`)."""
    if mode == "dense":
        return signals.dense
    if mode == "keyword":
        return signals.keyword
    model = model or default_model()
    signals.features = features(index, parsed, signals, model.features)
    return model.probability(signals.features).astype(np.float32)


def default_model() -> Model:
    """The shipped calibrated fusion (indexer/fusion_model.py, written by benchmarks/fit_fusion.py)."""
    from indexer.fusion_model import MODEL

    return MODEL


def cut_off(mode: str, signals: Signals, fused: np.ndarray, allowed: np.ndarray,
            model: Model | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(relevant, loosely related) practices among those the filters allow.

    Hybrid: relevant are the practices whose probability of relevance reaches the model's
    cut-off (``threshold``); loosely related, the others that reach its ``loose``
    probability. Dense and keyword modes have no probability: the practices
    :func:`matching` the query count as relevant.
    """
    if mode != "hybrid":
        return allowed & matching(mode, signals.dense, signals.reached & allowed, signals.keyword,
                                  signals.strength), np.zeros_like(allowed)
    model = model or default_model()
    relevant = allowed & (fused >= model.threshold)
    return relevant, allowed & (fused >= model.loose) & ~relevant


def in_groups_of(index, practices: np.ndarray) -> np.ndarray:
    """Mask of every practice in the translation group of one of ``practices`` (a mask)."""
    groups = group_numbers(index)
    marked = np.zeros(group_total(index), dtype=bool)
    marked[groups[practices]] = True
    return marked[groups]


def group_stage(index, candidates: np.ndarray, scores: np.ndarray, preferred: list[str]) -> np.ndarray:
    """Mask of the practices to list: one per translation group among ``candidates``, the
    best-scoring version in the first ``preferred`` language that has one, else the
    best-scoring version (:mod:`indexer.groups`)."""
    return one_per_group(index, candidates, scores, preferred)


def page_of(index, chosen: np.ndarray, ranking: np.ndarray | None, offset: int, limit: int) -> np.ndarray:
    """The practices of the requested page: by ``ranking`` then id, or (no query) by title then id."""
    if ranking is None:
        return chosen[np.argsort(index.title_rank[chosen], kind="stable")][offset:offset + limit]
    return top_ranked(chosen, ranking, index.id_rank, offset + limit)[offset:]


def strongest(rows: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """At most ``k`` of ``rows``, those with the highest ``scores[row]`` (in no particular order)."""
    if rows.size <= k:
        return rows
    return rows[np.argpartition(-scores[rows], k - 1)[:k]]


def top_ranked(rows: np.ndarray, scores: np.ndarray, tiebreak: np.ndarray, k: int) -> np.ndarray:
    """The first ``k`` of ``rows`` by descending ``scores[row]``, ties by ascending ``tiebreak[row]``:
    the head of a full sort, without sorting the rows that cannot be in it."""
    if k <= 0 or rows.size == 0:
        return rows[:0]
    values = scores[rows]
    if rows.size > k:
        # every row scoring at least the k-th best score, ties at that score included, so the
        # tie-break decides among them exactly as a full sort would
        kth = np.partition(values, rows.size - k)[rows.size - k]
        keep = values >= kth
        rows, values = rows[keep], values[keep]
    return rows[np.lexsort((tiebreak[rows], -values))][:k]


def matching(mode: str, dense: np.ndarray, reached: np.ndarray, keyword: np.ndarray,
             strength: np.ndarray) -> np.ndarray:
    """Which practices count as matching the query (for ``total`` and the facet counts).

    Every practice has some cosine score, so "matching" needs a floor: at least
    ``MATCH_RATIO`` of the best cosine score, or (hybrid) a keyword match of at least
    ``MATCH_KEYWORD`` of the whole query; in keyword mode, any keyword match.
    """
    if mode == "keyword":
        return keyword > 0
    top = float(dense[reached].max()) if reached.any() else 0.0
    close = reached & (dense >= top * MATCH_RATIO) if top > 0 else reached
    if mode == "dense":
        return close
    return close | (strength >= MATCH_KEYWORD)
