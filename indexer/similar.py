"""Similar practices in other cities, with why: shared topics and populations, closest sections.

Closeness in meaning (cosine of document vectors) alone over-rates write-ups that share a
framing rather than a subject (the exchange-record write-ups all say what "the record
states"), so the committee's own classification counts too: shared topics and target
populations add to the score. Results are spread over cities, so one city with many
write-ups cannot fill the whole list.
"""
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
    score_parts: dict[str, float]
    shared_topics: list[str]
    shared_populations: list[str]
    sections: list[str]

    def to_dict(self) -> dict:
        return asdict(self)


#: Weights of the Jaccard overlap of topics and of target populations, added to the cosine
#: score (which ranges about 0.1-0.8 between write-ups here). Chosen so that a shared subject
#: outweighs a shared framing: on the corpus, Hamburg's harm-reduction write-up then finds
#: harm-reduction and homelessness practices in Chicago, Milan, Toronto and Bogotá instead of
#: four Chicago exchange write-ups on foster care, juvenile justice and the Tri-City exchange.
TOPIC_WEIGHT = 0.2
POPULATION_WEIGHT = 0.1
#: At most this many results from one city.
PER_CITY = 2


def jaccard(a: list[str], b: list[str]) -> float:
    """Overlap of two label lists: |a ∩ b| / |a ∪ b|, 0 when both are empty."""
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 0.0


def blend(cosine: float, topic_overlap: float, population_overlap: float) -> float:
    """The similarity score: meaning plus the weighted overlaps of topics and populations."""
    return cosine + TOPIC_WEIGHT * topic_overlap + POPULATION_WEIGHT * population_overlap


def spread(ranked: list[int], city_of: list[str], group_of: list[str], limit: int,
           per_city: int = PER_CITY) -> list[int]:
    """The first ``limit`` of ``ranked`` with at most ``per_city`` from one city and one per
    group (a practice and its translations); when too few cities remain, the rest of the
    list fills the places left, in rank order."""
    seen: set[str] = set()
    distinct = []
    for p in ranked:
        if group_of[p] not in seen:
            seen.add(group_of[p])
            distinct.append(p)
    ranked = distinct
    chosen: list[int] = []
    counts: dict[str, int] = {}
    for p in ranked:
        if counts.get(city_of[p], 0) < per_city:
            chosen.append(p)
            counts[city_of[p]] = counts.get(city_of[p], 0) + 1
        if len(chosen) == limit:
            return chosen
    rest = [p for p in ranked if p not in chosen]
    return sorted(chosen + rest[:limit - len(chosen)], key=ranked.index)


def translation_groups(records: list[dict]) -> list[str]:
    """For each practice, a key shared with its translations (the smallest id among them)."""
    ids = {rec["id"] for rec in records}
    return [min([rec["id"]] + [t["practice"] for t in rec.get("translations") or [] if t["practice"] in ids])
            for rec in records]


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
    """The ``limit`` practices closest to ``practice_id``, in other cities only (see module doc).

    Raises:
        KeyError: unknown practice id.
    """
    source = index.number(practice_id)
    record = index.records[source]
    cosines = index.doc_vectors @ index.doc_vectors[source]
    parts = {}
    for p, other in enumerate(index.records):
        if other["city"] == record["city"]:
            continue  # includes the practice itself and its translations
        topics = jaccard(record["topics"], other["topics"])
        populations = jaccard(record.get("target_population", []), other.get("target_population", []))
        parts[p] = (float(cosines[p]), topics, populations, blend(float(cosines[p]), topics, populations))
    ranked = sorted(parts, key=lambda p: (-parts[p][3], index.records[p]["id"]))
    city_of = [rec["city"] for rec in index.records]
    results = []
    for p in spread(ranked, city_of, translation_groups(index.records), limit):
        other = index.records[p]
        cosine, topics, populations, score = parts[p]
        results.append(SimilarResult(
            id=other["id"], title=other["title"], city=other["city"], country=other.get("country"),
            language=other["language"], score=round(score, 6),
            score_parts={"meaning": round(cosine, 6), "topics": round(topics, 6),
                         "populations": round(populations, 6)},
            shared_topics=[t for t in other["topics"] if t in record["topics"]],
            shared_populations=[t for t in other.get("target_population", [])
                                if t in record.get("target_population", [])],
            sections=closest_sections(index, source, p),
        ))
    return results
