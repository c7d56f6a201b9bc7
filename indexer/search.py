"""Search: query -> chunk hits -> practices, fused, filtered, faceted, with the best passage."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from indexer.dense import best_chunks, dense_scores, group_argmax
from indexer.facets import FILTER_FIELDS
from indexer.fuse import FusionConfig, fuse, keyword_strength
from indexer.highlight import highlight_terms, term_spans
from indexer.keyword import query_tokens
from indexer.query_language import query_languages

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
class SearchResult:
    id: str
    title: str
    city: str
    country: str | None
    language: str
    evidence_level: str
    status: str
    topics: list[str]
    target_population: list[str]
    summary: str
    score: float
    score_parts: dict[str, float]
    passage: dict

    def to_dict(self) -> dict:
        """A JSON-able dict with its own containers (callers may add keys, e.g. HTML)."""
        data = dict(self.__dict__)
        data["topics"] = list(self.topics)
        data["target_population"] = list(self.target_population)
        data["score_parts"] = dict(self.score_parts)
        data["passage"] = dict(self.passage, highlights=[list(span) for span in self.passage["highlights"]])
        return data


@dataclass
class SearchResponse:
    query: str
    detected_language: str | None
    total: int
    results: list[SearchResult]
    facets: dict[str, dict[str, int]]
    took_ms: float
    mode: str = "hybrid"
    offset: int = 0
    limit: int = 10
    timings: dict[str, float] = field(default_factory=dict)
    #: True when nothing is close to the query: the results are the nearest, not answers.
    weak: bool = False

    def to_dict(self) -> dict:
        """A JSON-able dict. Written out rather than ``dataclasses.asdict``, which deep-copies
        every value recursively: measured ~3 ms of a ~10 ms API request under the profiler."""
        data = dict(self.__dict__)
        data["results"] = [r.to_dict() for r in self.results]
        data["facets"] = {key: dict(counts) for key, counts in self.facets.items()}
        data["timings"] = dict(self.timings)
        return data


def check_filters(filters: dict | None) -> dict[str, list[str]]:
    """Filters as {key: [values]}; a single string becomes a one-item list; unknown keys raise ValueError."""
    clean = {}
    for key, values in (filters or {}).items():
        if key not in FILTER_FIELDS:
            raise ValueError(f"unknown filter '{key}'; use one of {', '.join(FILTER_FIELDS)}")
        clean[key] = [values] if isinstance(values, str) else list(values)
    return clean


def search(index, query: str, *, limit: int = 10, offset: int = 0, filters: dict | None = None,
           mode: str = "hybrid", fusion: FusionConfig | None = None) -> SearchResponse:
    """Search the index. See the contract in docs: results are practices, best first.

    Args:
        query: text in any language; empty lists every practice that passes the filters.
        limit, offset: the page of results.
        filters: {key: [values]} with keys city, country, language, topic, target_population,
            evidence_level, status; values of one key are alternatives (OR), keys combine (AND).
        mode: "hybrid" (language-aware fusion), "dense" or "keyword".
    """
    began = time.perf_counter()
    if mode not in MODES:
        raise ValueError(f"unknown search mode '{mode}'; use one of {', '.join(MODES)}")
    filters = check_filters(filters)
    fusion = fusion or FusionConfig()
    allowed = index.facet_codes.allowed(filters)
    timings: dict[str, float] = {}
    query = query.strip()
    n = len(index.records)
    dense = np.zeros(n, np.float32)
    best_chunk = np.full(n, -1, np.int64)
    chunk_scores = None
    keyword = np.zeros(n, np.float32)
    detected, langs = (None, None)
    terms: set[str] = set()
    if not query:
        candidates = allowed.copy()
        fused = np.zeros(n, np.float32)
    else:
        terms = set(query_tokens(query))
        reached = np.zeros(n, dtype=bool)
        # In the caller's thread: measured no faster in a worker thread beside the embedding
        # (langdetect holds the GIL), and its result is cached per query text.
        detected, langs = query_languages(index, query)
        if mode in ("hybrid", "dense"):
            t0 = time.perf_counter()
            vector = index.embedder.encode_queries([query])[0]
            timings["embed_ms"] = (time.perf_counter() - t0) * 1000
            dense, best_chunk, chunk_scores = dense_scores(index, vector, offset + limit, allowed)
            reached = np.isfinite(dense)
        strength = np.zeros(n, np.float32)
        if mode in ("hybrid", "keyword"):
            keyword = index.keyword.scores(query)
            scale = index.keyword.ideal(query)
            strength = keyword_strength(keyword, scale)
        if mode == "hybrid" and chunk_scores is None:
            # keyword hits the vector search did not reach (HNSW only: an exact scan reaches all)
            missed = strongest(np.flatnonzero((keyword > 0) & ~reached & allowed), keyword, RESCORED_KEYWORD_HITS)
            missed = missed[index.chunks.ptr[missed + 1] > index.chunks.ptr[missed]]
            dense[missed], best_chunk[missed] = best_chunks(index, vector, missed)
        dense = np.where(np.isfinite(dense), dense, 0.0).astype(np.float32)
        if mode == "dense":
            fused = dense
        elif mode == "keyword":
            fused = keyword
        else:
            same = index.facet_codes.allowed({"language": sorted(langs)}) if langs else None
            fused = fuse(dense, keyword, index.languages, langs, fusion, scale, same)
        # The floor is relative to the best practice the filters allow: a filtered search
        # shows the closest practices of that kind, not only those close to the overall best.
        candidates = allowed & matching(mode, dense, reached & allowed, keyword, strength)
        if mode == "hybrid":
            first = promoted(index, query, dense, strength, same)
            candidates[first] |= allowed[first]
    chosen = np.flatnonzero(candidates)
    if query:  # best fused score first, then by id
        page = top_ranked(chosen, first_of(fused, first) if mode == "hybrid" else fused, index.id_rank,
                          offset + limit)[offset:]
    else:  # by title, then by id
        page = chosen[np.argsort(index.title_rank[chosen], kind="stable")][offset:offset + limit]
    if chunk_scores is not None and len(page):
        best_chunk[page] = group_argmax(chunk_scores, index.chunks.ptr, page)
    marked = highlight_terms(terms)
    results = _results(index, page, dense, keyword, fused, best_chunk, terms, marked)
    facets = index.facet_codes.counts(candidates)
    took = (time.perf_counter() - began) * 1000
    weak = bool(query) and mode != "keyword" and is_weak(dense[candidates], strength[candidates])
    return SearchResponse(query, detected, len(chosen), results, facets, round(took, 3), mode, offset, limit,
                          timings, weak)


def promoted(index, query: str, dense: np.ndarray, strength: np.ndarray, same: np.ndarray | None) -> np.ndarray:
    """The practices hybrid search lists first: those the query names exactly (their title or one
    of their local terms), and those in the query's language that hold the whole query
    (``FULL_MATCH``) and are close to the best in meaning (``FULL_MATCH_MARGIN``)."""
    named = index.named_by(query_tokens(query))
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


def best_passage(index, practice: int, best_chunk: int, terms: set[str]) -> int:
    """Row of the chunk to show: the closest one by meaning, unless another holds more query words."""
    lo, hi = int(index.chunks.ptr[practice]), int(index.chunks.ptr[practice + 1])
    if hi == lo:
        return -1

    best = best_chunk if best_chunk >= 0 else lo
    if terms:
        words = [len(index.chunk_terms(row) & terms) for row in range(lo, hi)]
        most = lo + max(range(hi - lo), key=lambda i: (words[i], lo + i == best))
        if words[most - lo] > words[best - lo]:
            best = most
    return best


_NO_PASSAGE = {"text": "", "section": "", "field": "body", "start": 0, "end": 0, "highlights": []}


def _results(index, page: np.ndarray, dense, keyword, fused, best_chunk, terms: set[str],
             marked: set[str]) -> list[SearchResult]:
    """The shown practices as results, each with its best passage and highlights."""
    parts = np.round(np.stack([dense[page], keyword[page], fused[page]]).astype(np.float64), 6).tolist()
    with_words = (keyword[page] > 0).tolist()
    results = []
    for i, p in enumerate(page.tolist()):
        rec = index.records[p]
        # A practice without keyword score holds none of the query's words (its keyword text
        # contains every chunk's text), so no passage has more of them and none is marked.
        has_words = with_words[i]
        row = best_passage(index, p, int(best_chunk[p]), terms if has_words else set())
        if row >= 0:
            text = index.chunks.text[row]
            spans = term_spans(text, marked, index.chunk_positions(row)) if has_words else []
            passage = {"text": text, "section": index.chunks.section[row], "field": index.chunks.field[row],
                       "start": int(index.chunks.start[row]), "end": int(index.chunks.end[row]),
                       "highlights": [list(span) for span in spans]}
        else:
            passage = dict(_NO_PASSAGE, highlights=[])
        results.append(SearchResult(
            id=rec["id"], title=rec["title"], city=rec["city"], country=rec.get("country"),
            language=rec["language"], evidence_level=rec["evidence_level"], status=rec["status"],
            topics=list(rec["topics"]), target_population=list(rec.get("target_population") or []),
            summary=rec["summary"], score=parts[2][i],
            score_parts={"dense": parts[0][i], "keyword": parts[1][i], "fused": parts[2][i]},
            passage=passage,
        ))
    return results
