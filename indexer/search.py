"""Search as stages: parse → retrieve → score → fuse → cut off → group → page → assemble.

A query is parsed once (:func:`indexer.query.parse_query`: text, tokens, languages, vector);
each stage below is a function of the parsed query and the arrays of the stage before it,
one value per practice, so each can be read, tested and measured on its own.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from indexer.dense import best_chunks, dense_scores
from indexer.facets import FILTER_FIELDS
from indexer.fuse import FusionConfig, fuse, keyword_strength
from indexer.query import ParsedQuery, parse_query
from indexer.results import SearchResponse, SearchResult, assemble  # noqa: F401 (the API)

MODES = ("hybrid", "dense", "keyword")
#: On HNSW, the keyword hits the vector search did not reach get their exact dense score, the
#: strongest this many of them: keywords move a score by at most ``keyword_weight`` (0.1), so
#: only practices close in meaning anyway can reach the page. (Rescoring every hit cost
#: ~10 ms a query at 100k chunks, a Python loop over ~3,000 practices.)
RESCORED_KEYWORD_HITS = 256
#: Why some practices go first (:func:`promoted`): the dense model does not know local terms,
#: programme names and jargon ("principio de oportunidad", "医养结合"), and the fusion lets
#: keywords move a practice only a little and only near the dense top. On 207 judged queries,
#: 17 were exactly a practice's title or local term, and the named practices were judged
#: relevant in all 17. A practice in the query's language holding at least FULL_MATCH of the
#: query's (IDF-weighted) words was relevant in every same-language query where it lay within
#: FULL_MATCH_MARGIN (half the fusion's dense margin) of the best cosine score; further down, it
#: was as often a write-up naming another programme in passing ("logement d'abord").
FULL_MATCH = 0.95
FULL_MATCH_MARGIN = 0.05
#: A practice matches a query when its cosine score is at least this share of the best one…
MATCH_RATIO = 0.4
#: …or (hybrid) when it holds at least this share of the query's keywords (IDF-weighted).
MATCH_KEYWORD = 0.5
#: Below this best cosine score, with no keyword match either, no practice is close to the
#: query: results are only the nearest ones (``SearchResponse.weak``). Chosen on this corpus:
#: every judged query in benchmarks/queries.yaml scores above it, 9 of 10 off-topic queries
#: ("recette de cuisine au chocolat", "asdfgh", …) below.
WEAK_MATCH_DENSE = 0.18


@dataclass
class Signals:
    """What retrieval and scoring found, one value per practice.

    dense: best-chunk cosine score (0 where the vector search did not reach the practice).
    reached: which practices the vector search scored (all of them on an exact index).
    best_chunk: row of the best chunk where known, else -1 (found for the page only).
    chunk_scores: every chunk's cosine score when all were scored (exact index), else None.
    keyword: BM25 score; strength: BM25 over the score of a whole-query match (0-1).
    scale: that whole-query score per practice (None outside keyword scoring).
    same_language: which practices are in the query's language(s) (None: language unknown).
    """

    dense: np.ndarray
    reached: np.ndarray
    best_chunk: np.ndarray
    chunk_scores: np.ndarray | None
    keyword: np.ndarray
    strength: np.ndarray
    scale: np.ndarray | None
    same_language: np.ndarray | None


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
           mode: str = "hybrid", fusion: FusionConfig | None = None, exclude_city=()) -> SearchResponse:
    """Search the index. See the contract in docs: results are practices, best first.

    Args:
        query: text in any language; empty lists every practice that passes the filters.
        limit, offset: the page of results.
        filters: {key: [values]} with keys city, country, language, topic, target_population,
            evidence_level, status; values of one key are alternatives (OR), keys combine (AND).
        mode: "hybrid" (language-aware fusion), "dense" or "keyword".
        exclude_city: city slugs whose practices are left out ("other cities only").
    """
    began = time.perf_counter()
    if mode not in MODES:
        raise ValueError(f"unknown search mode '{mode}'; use one of {', '.join(MODES)}")
    filters = check_filters(filters)
    fusion = fusion or FusionConfig()
    allowed = allowed_practices(index, filters, exclude_city)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    parsed = parse_query(index, query, embed=mode != "keyword")
    timings["parse_ms"] = (time.perf_counter() - t0) * 1000
    n = len(index.records)
    if parsed.empty:
        zeros = np.zeros(n, np.float32)
        signals = Signals(zeros, np.zeros(n, bool), np.full(n, -1, np.int64), None, zeros, zeros, None, None)
        candidates, fused, ranking = allowed.copy(), zeros, None
    else:
        signals = score(index, parsed, mode, retrieve(index, parsed, mode, allowed, offset + limit))
        fused, ranking, first = fuse_stage(index, parsed, mode, signals, fusion)
        candidates = cut_off(mode, signals, allowed, first)
    chosen = np.flatnonzero(candidates)
    page = page_of(index, chosen, ranking, offset, limit)
    results = assemble(index, page, signals.dense, signals.keyword, fused, parsed.vector, parsed.terms)
    facets = index.facet_codes.counts(candidates)
    took = (time.perf_counter() - began) * 1000
    weak = not parsed.empty and mode != "keyword" and \
        is_weak(signals.dense[candidates], signals.strength[candidates])
    return SearchResponse(parsed.text, parsed.detected, len(chosen), results, facets, round(took, 3), mode,
                          offset, limit, timings, weak)


def retrieve(index, parsed: ParsedQuery, mode: str, allowed: np.ndarray, wanted: int) -> Signals:
    """Dense and keyword scores of every practice the filters allow (raw, not yet combined)."""
    n = len(index.records)
    dense = np.zeros(n, np.float32)
    best_chunk = np.full(n, -1, np.int64)
    chunk_scores = None
    reached = np.zeros(n, dtype=bool)
    if mode in ("hybrid", "dense"):
        dense, best_chunk, chunk_scores = dense_scores(index, parsed.vector, wanted, allowed)
        reached = np.isfinite(dense)
    keyword = np.zeros(n, np.float32)
    scale = None
    if mode in ("hybrid", "keyword"):
        keyword = index.keyword.term_scores(parsed.terms)
        scale = index.keyword.term_ideal(parsed.terms)
    if mode == "hybrid" and chunk_scores is None:
        # keyword hits the vector search did not reach (HNSW only: an exact scan reaches all)
        missed = strongest(np.flatnonzero((keyword > 0) & ~reached & allowed), keyword, RESCORED_KEYWORD_HITS)
        missed = missed[index.chunks.ptr[missed + 1] > index.chunks.ptr[missed]]
        dense[missed], best_chunk[missed] = best_chunks(index, parsed.vector, missed)
    dense = np.where(np.isfinite(dense), dense, 0.0).astype(np.float32)
    return Signals(dense, reached, best_chunk, chunk_scores, keyword, np.zeros(n, np.float32), scale, None)


def score(index, parsed: ParsedQuery, mode: str, signals: Signals) -> Signals:
    """Signals on comparable scales: keyword strength (share of a whole-query match) and
    which practices are in the query's language."""
    if signals.scale is not None:
        signals.strength = keyword_strength(signals.keyword, signals.scale)
    if parsed.languages:
        signals.same_language = index.facet_codes.allowed({"language": sorted(parsed.languages)})
    return signals


def fuse_stage(index, parsed: ParsedQuery, mode: str, signals: Signals,
               fusion: FusionConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(score shown, score that orders, practices listed first) per practice: the mode's own
    score, or the fusion's with the practices of :func:`promoted` first (hybrid)."""
    none = np.zeros(0, dtype=np.int64)
    if mode == "dense":
        return signals.dense, signals.dense, none
    if mode == "keyword":
        return signals.keyword, signals.keyword, none
    fused = fuse(signals.dense, signals.keyword, index.languages, set(parsed.languages or ()) or None, fusion,
                 signals.scale, signals.same_language)
    first = promoted(index, parsed, signals.dense, signals.strength, signals.same_language)
    return fused, first_of(fused, first), first


def cut_off(mode: str, signals: Signals, allowed: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Which practices count as results (``total``, facet counts): those :func:`matching` the
    query, and those listed first, among the practices the filters allow."""
    candidates = allowed & matching(mode, signals.dense, signals.reached & allowed, signals.keyword,
                                    signals.strength)
    candidates[first] |= allowed[first]
    return candidates


def page_of(index, chosen: np.ndarray, ranking: np.ndarray | None, offset: int, limit: int) -> np.ndarray:
    """The practices of the requested page: by ``ranking`` then id, or (no query) by title then id."""
    if ranking is None:
        return chosen[np.argsort(index.title_rank[chosen], kind="stable")][offset:offset + limit]
    return top_ranked(chosen, ranking, index.id_rank, offset + limit)[offset:]


def promoted(index, parsed: ParsedQuery | str, dense: np.ndarray, strength: np.ndarray,
             same: np.ndarray | None) -> np.ndarray:
    """The practices hybrid search lists first: those the query names exactly (their title or one
    of their local terms), and those in the query's language that hold the whole query
    (``FULL_MATCH``) and are close to the best in meaning (``FULL_MATCH_MARGIN``)."""
    from indexer.keyword import query_tokens

    text = parsed if isinstance(parsed, str) else parsed.text
    named = index.named_by(query_tokens(text))
    if same is None or dense.size == 0:
        return named
    full = np.flatnonzero(same & (strength >= FULL_MATCH) & (dense >= float(dense.max()) - FULL_MATCH_MARGIN))
    return np.union1d(named, full) if full.size else named


def first_of(fused: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Ranking scores that put the ``first`` practices above all others, each group in fused order."""
    if first.size == 0:
        return fused
    ranking = fused.astype(np.float64)
    ranking[first] += float(fused.max() - fused.min()) + 1.0
    return ranking


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


def is_weak(dense: np.ndarray, strength: np.ndarray) -> bool:
    """True when no practice is close in meaning (best cosine under ``WEAK_MATCH_DENSE``)
    and none holds ``MATCH_KEYWORD`` of the query's words; also for no candidates at all."""
    if dense.size == 0:
        return True
    keyword_hit = float(strength.max()) >= MATCH_KEYWORD
    return float(dense.max()) < WEAK_MATCH_DENSE and not keyword_hit


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
