"""The last stage of a search: the page of practices as results, each with its best passage."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from indexer.highlight import highlight_terms, term_spans
from indexer.passages import best_passage


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


_NO_PASSAGE = {"text": "", "section": "", "field": "body", "start": 0, "end": 0, "highlights": []}


def assemble(index, page: np.ndarray, dense, keyword, fused, vector: np.ndarray | None,
             terms: frozenset[str]) -> list[SearchResult]:
    """The shown practices as results, each with its best passage (:mod:`indexer.passages`)
    and the query's words marked in it."""
    marked = highlight_terms(set(terms))
    parts = np.round(np.stack([dense[page], keyword[page], fused[page]]).astype(np.float64), 6).tolist()
    with_words = (keyword[page] > 0).tolist()
    results = []
    for i, p in enumerate(page.tolist()):
        rec = index.records[p]
        # A practice without keyword score holds none of the query's words (its keyword text
        # contains every chunk's text), so no passage has more of them and none is marked.
        has_words = with_words[i]
        row = best_passage(index, p, vector, set(terms) if has_words else set())
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
