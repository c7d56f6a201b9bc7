"""The last stage of a search: the page of practices as results, each with its best passage."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from indexer.highlight import highlight_terms, term_spans
from indexer.passages import best_passages


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
    #: the other versions (translations) of this programme: id, language, title
    also_in: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A JSON-able dict with its own containers (callers may add keys, e.g. HTML)."""
        data = dict(self.__dict__)
        data["topics"] = list(self.topics)
        data["target_population"] = list(self.target_population)
        data["score_parts"] = dict(self.score_parts)
        data["passage"] = dict(self.passage, highlights=[list(span) for span in self.passage["highlights"]])
        data["also_in"] = [dict(v) for v in self.also_in]
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
    #: True when no practice is relevant to the query (``total`` is 0).
    weak: bool = False
    #: how many more practices are loosely related (listed with ``more=True``)
    more: int = 0
    #: True when ``results`` lists the loosely related practices, not the relevant ones
    listing_more: bool = False

    def to_dict(self) -> dict:
        """A JSON-able dict. Written out rather than ``dataclasses.asdict``, which deep-copies
        every value recursively: measured ~3 ms of a ~10 ms API request under the profiler."""
        data = dict(self.__dict__)
        data["results"] = [r.to_dict() for r in self.results]
        data["facets"] = {key: dict(counts) for key, counts in self.facets.items()}
        data["timings"] = dict(self.timings)
        return data


_NO_PASSAGE = {"text": "", "section": "", "field": "body", "start": 0, "end": 0, "highlights": []}


def assemble(index, page: np.ndarray, signals, fused: np.ndarray, parsed, passage_languages: set[str]
             ) -> list[SearchResult]:
    """The shown practices as results, each with its best passage (:mod:`indexer.passages`),
    the query's words marked in it, and the other versions of its programme."""
    from indexer.groups import also_in, members_of_each

    terms = set(parsed.terms)
    marked = highlight_terms(terms)
    thesaurus = signals.thesaurus if signals.thesaurus is not None else np.zeros_like(signals.dense)
    parts = np.array([signals.dense[page], signals.keyword[page], thesaurus[page], fused[page]],
                     dtype=np.float64).round(6).tolist()
    # A practice without any keyword score holds none of the query's words, in no language, so
    # no passage has more of them and none is marked.
    has_words = (signals.keyword_any[page] > 0).tolist() if signals.keyword_any is not None else [False] * len(page)
    words_of = [terms if has else set() for has in has_words]
    shown = page.tolist()
    rows = best_passages(index, shown, parsed.vector, words_of, passage_languages, signals.chunk_scores)
    versions = members_of_each(index, shown)
    results = []
    for i, p in enumerate(shown):
        rec = index.records[p]
        words, row = words_of[i], rows[i]
        results.append(SearchResult(
            id=rec["id"], title=rec["title"], city=rec["city"], country=rec.get("country"),
            language=rec["language"], evidence_level=rec["evidence_level"], status=rec["status"],
            topics=list(rec["topics"]), target_population=list(rec.get("target_population") or []),
            summary=rec["summary"], score=parts[3][i],
            score_parts={"dense": parts[0][i], "keyword": parts[1][i], "thesaurus": parts[2][i], "fused": parts[3][i]},
            passage=passage_of(index, rec, row, marked, words),
            also_in=also_in(index, p, versions[i]),
        ))
    return results


def passage_of(index, record: dict, row: int, marked: set[str], terms: set[str]) -> dict:
    """The passage of chunk ``row`` with the query's words marked, and where it comes from:
    ``field`` (summary, body or abstract: a translated summary) and ``language``."""
    if row < 0:
        return dict(_NO_PASSAGE, language=record["language"], highlights=[])
    ch = index.chunks
    text = ch.text[row]
    holds_words = terms and not index.chunk_terms(row).isdisjoint(terms)
    spans = term_spans(text, marked, index.chunk_positions(row)) if holds_words else []
    language = (ch.language[row] if ch.language is not None else "") or record["language"]
    return {"text": text, "section": ch.section[row], "field": ch.field[row], "language": language,
            "start": int(ch.start[row]), "end": int(ch.end[row]), "highlights": [list(span) for span in spans]}
