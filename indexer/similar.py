"""Similar practices in other cities, with why: shared topics and populations, closest sections."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass
class SimilarResult:
    id: str
    title: str
    city: str
    country: str | None
    language: str
    score: float
    shared_topics: list[str]
    shared_populations: list[str]
    sections: list[str]

    def to_dict(self) -> dict:
        return asdict(self)


def closest_sections(index, source: int, target: int, top: int = 2) -> list[str]:
    """Headings of the target's sections whose chunks come closest to any chunk of the source."""
    ch = index.chunks
    src = index.chunk_vectors[ch.ptr[source]:ch.ptr[source + 1]]
    lo, hi = int(ch.ptr[target]), int(ch.ptr[target + 1])
    if len(src) == 0 or hi == lo:
        return []
    best = (index.chunk_vectors[lo:hi] @ src.T).max(axis=1)
    headings: list[str] = []
    for row in np.argsort(-best, kind="stable"):
        heading = ch.section[lo + row]
        if heading and heading not in headings:
            headings.append(heading)
        if len(headings) == top:
            break
    return headings


def similar(index, practice_id: str, *, limit: int = 5) -> list:
    """The ``limit`` practices closest to ``practice_id`` (document vectors), in other cities only.

    Raises:
        KeyError: unknown practice id.
    """
    source = index.number(practice_id)
    record = index.records[source]
    scores = index.doc_vectors @ index.doc_vectors[source]
    results = []
    for p in np.argsort(-scores, kind="stable"):
        other = index.records[p]
        if other["city"] == record["city"]:
            continue  # includes the practice itself
        results.append(SimilarResult(
            id=other["id"], title=other["title"], city=other["city"], country=other.get("country"),
            language=other["language"], score=round(float(scores[p]), 6),
            shared_topics=[t for t in other["topics"] if t in record["topics"]],
            shared_populations=[t for t in other.get("target_population", [])
                                if t in record.get("target_population", [])],
            sections=closest_sections(index, source, int(p)),
        ))
        if len(results) == limit:
            break
    return results
