"""Similar practices in other cities, with why: shared topics and populations, closest sections.

Closeness in meaning (cosine of document vectors) alone over-rates write-ups that share a
framing rather than a subject (the exchange-record write-ups all say what "the record
states"), so the committee's own classification counts too: shared topics and target
populations add to the score. Results are spread over cities, so one city with many
write-ups cannot fill the whole list.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from indexer.groups import also_in, group_numbers, representative, translation_groups  # noqa: F401


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
    #: the other versions of the same programme (translations): id, language, title
    also_in: list[dict] = field(default_factory=list)

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
#: Below this score a practice is not suggested as similar: "nothing close" is a better answer.
#: Chosen on the corpus's 2,248 pairs of practices in different cities (no judged pairs exist):
#: from 0.5 up, most suggested pairs share a committee topic (59 %, keeping 72 % of the pairs
#: that share one); at 0.45, 40 %; at 0.55, 75 % but keeping 65 %.
MIN_SCORE = 0.5


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


def closest_sections(index, source: int, target: int, top: int = 2) -> list[str]:
    """Headings of the target's sections closest to the source, contact and sources sections
    never among them (see :func:`indexer.passages.reason_sections`)."""
    from indexer.passages import reason_sections

    return reason_sections(index, source, target, top)


def similar(index, practice_id: str, *, limit: int = 5, language: str | None = None,
            min_score: float = MIN_SCORE) -> list:
    """The ``limit`` practices closest to ``practice_id``, in other cities only (see module doc),
    scoring at least ``min_score`` (an empty list: nothing is close). A programme written in
    several languages comes once, in ``language`` (the reader's) when it has a version in it,
    else its best-scoring version, with the others in ``also_in``.

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
    ranked = sorted((p for p in parts if parts[p][3] >= min_score), key=lambda p: (-parts[p][3], index.records[p]["id"]))
    groups = group_numbers(index)
    members: dict[int, list[int]] = {}
    for p in ranked:
        members.setdefault(int(groups[p]), []).append(p)
    scores = {p: parts[p][3] for p in ranked}
    preferred = [language] if language else []
    city_of = [rec["city"] for rec in index.records]
    shown = [representative(members[int(groups[p])], scores, index.languages, preferred)
             for p in ranked if members[int(groups[p])][0] == p]
    shown = sorted(shown, key=lambda p: (-scores[p], index.records[p]["id"]))  # the score shown is the one that ranks
    results = []
    for p in spread(shown, city_of, [str(g) for g in groups], limit):
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
            also_in=also_in(index, p, members[int(groups[p])]),
        ))
    return results
