"""Retrieval quality: pure metrics over ranked ids, and a run over a judged query file."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

KS = (1, 5, 10)


def recall_at(ranked: list[str], relevant: set[str], k: int) -> float:
    """Share of the relevant ids found in the first ``k`` results (0 when nothing is relevant)."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & relevant) / len(relevant)


def reciprocal_rank(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    """1 / rank of the first relevant id within the first ``k`` results, else 0."""
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    """Normalised discounted cumulative gain with binary relevance (gain 1 / log2(rank + 1))."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], start=1) if item in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal if ideal else 0.0


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def metrics(runs: list[tuple[list[str], set[str]]]) -> dict:
    """Mean recall@1/5/10, MRR@10 and nDCG@10 over (ranked ids, relevant ids) pairs."""
    n = len(runs)

    def mean(values) -> float:
        values = list(values)
        return round(sum(values) / n, 4) if n else 0.0

    out: dict = {"n": n}
    for k in KS:
        out[f"recall@{k}"] = mean(recall_at(r, rel, k) for r, rel in runs)
    out["mrr@10"] = mean(reciprocal_rank(r, rel, 10) for r, rel in runs)
    out["ndcg@10"] = mean(ndcg_at(r, rel, 10) for r, rel in runs)
    return out


@dataclass
class JudgedQuery:
    query: str
    relevant: list[str]
    note: str = ""
    language: str | None = None


def load_queries(path: Path) -> list[JudgedQuery]:
    """Read a YAML list of ``{query, relevant: [id, ...], note, language}`` (note, language optional)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    if isinstance(data, dict) and "queries" in data:
        data = data["queries"]
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a YAML list of {{query, relevant}} items")
    queries = []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not item.get("query") or not item.get("relevant"):
            raise ValueError(f"{path}: item {n} needs 'query' and a non-empty 'relevant' list")
        relevant = item["relevant"] if isinstance(item["relevant"], list) else [item["relevant"]]
        queries.append(JudgedQuery(str(item["query"]), [str(r) for r in relevant],
                                   str(item.get("note") or ""), item.get("language")))
    return queries


def query_language(query: JudgedQuery, index) -> str:
    """The query's language: as given in the file, else detected, else "unknown"."""
    if query.language:
        return query.language
    from indexer.query_language import query_languages

    return query_languages(index, query.query)[0] or "unknown"


def kind(query_lang: str, relevant: list[str], index) -> str:
    """"cross" when the query language differs from every relevant practice's language, else "same"."""
    langs = {rec["language"] for rec in (index.practice(r) for r in relevant) if rec}
    if query_lang == "unknown" or not langs:
        return "unknown"
    return "same" if query_lang in langs else "cross"


def ranking(index, query: str, *, mode: str = "hybrid", k: int = 10, **search_options):
    """(the first ``k`` practice ids search ranks for ``query``, the ids it judged relevant).

    The ranking is the relevant results (``total``) followed, when fewer than ``k``, by the
    loosely related ones (``more``): the same order of the same scores, which a reader reaches
    by going on past the cut-off. Each programme comes once (translations are one result)."""
    response = index.search(query, limit=k, mode=mode, **search_options)
    ranked = [r.id for r in response.results]
    relevant_ids = ranked[:response.total]
    if len(ranked) < k and response.more:
        loose = index.search(query, limit=k - len(ranked), mode=mode, more=True, **search_options)
        ranked += [r.id for r in loose.results]
    if response.total > k:
        relevant_ids += [r.id for r in index.search(query, limit=response.total - k, offset=k, mode=mode,
                                                     **search_options).results]
    return ranked, relevant_ids


def programme_keys(index) -> dict[str, str]:
    """Practice id -> the key of its programme (a practice and its translations share one)."""
    from indexer.groups import translation_groups

    return dict(zip(index.practice_ids(), translation_groups(index.records)))


def cut_off_quality(returned: list[str], relevant: set[str]) -> tuple[float, float]:
    """(precision, recall) of the practices a search judged relevant against the judged ones
    (precision 1 when it returned nothing: it claimed nothing wrong)."""
    hits = len(set(returned) & relevant)
    return (hits / len(set(returned)) if returned else 1.0), (hits / len(relevant) if relevant else 0.0)


def evaluate(index, queries: list[JudgedQuery], *, mode: str = "hybrid", **search_options) -> dict:
    """Quality overall, by query language and by same/cross language, plus warm latency in ms.

    Rankings and relevance are compared programme by programme (:func:`programme_keys`):
    search shows a programme once, in one of its languages, and a query is answered when any
    version of a judged-relevant programme comes. ``cut_off``: mean precision and recall of
    the results search judged relevant (``total``), and the share of queries with none.
    ``latency_ms``: p50/p95 of the whole search per query; ``embed_p50``: the query embedding alone.
    """
    if queries and mode != "keyword":
        index.search(queries[0].query, limit=10, mode=mode, **search_options)  # warm up the model
    runs, by_lang, by_kind, latencies, embeds, per_query, cuts = [], {}, {}, [], [], [], []
    known = set(index.practice_ids())
    key = programme_keys(index)
    for q in queries:
        began = time.perf_counter()
        ranked, returned = ranking(index, q.query, mode=mode, **search_options)
        latencies.append((time.perf_counter() - began) * 1000)
        if mode != "keyword":
            t0 = time.perf_counter()
            index.embedder.encode_queries([q.query])
            embeds.append((time.perf_counter() - t0) * 1000)
        relevant = {key.get(r, r) for r in q.relevant}
        ranked_keys = [key.get(r, r) for r in ranked]
        lang = query_language(q, index)
        kind_ = kind(lang, q.relevant, index)
        run = (ranked_keys, relevant)
        runs.append(run)
        by_lang.setdefault(lang, []).append(run)
        by_kind.setdefault(kind_, []).append(run)
        cuts.append((*cut_off_quality([key.get(r, r) for r in returned], relevant), not returned))
        per_query.append({"query": q.query, "language": lang, "kind": kind_, "relevant": q.relevant,
                          "top": ranked[:5], "rr": round(reciprocal_rank(ranked_keys, relevant), 4),
                          "returned": len(returned), "unknown_ids": sorted(set(q.relevant) - known)})
    report = metrics(runs)
    report["mode"] = mode
    report["latency_ms"] = {"p50": round(percentile(latencies, 50), 3), "p95": round(percentile(latencies, 95), 3),
                            "embed_p50": round(percentile(embeds, 50), 3)}
    report["cut_off"] = {"precision": round(sum(c[0] for c in cuts) / len(cuts), 4) if cuts else 0.0,
                         "recall": round(sum(c[1] for c in cuts) / len(cuts), 4) if cuts else 0.0,
                         "none_returned": round(sum(c[2] for c in cuts) / len(cuts), 4) if cuts else 0.0}
    report["by_language"] = {lang: metrics(r) for lang, r in sorted(by_lang.items())}
    report["by_kind"] = {k: metrics(r) for k, r in sorted(by_kind.items())}
    report["queries"] = per_query
    return report


def off_topic(index, queries: list[str], **search_options) -> dict:
    """How search answers queries nothing in the corpus answers: the share given no relevant
    result (``total`` 0; the goal is all of them) and the mean number of relevant results."""
    totals = [index.search(q, limit=1, **search_options).total for q in queries]
    return {"n": len(totals), "no_relevant": round(sum(t == 0 for t in totals) / len(totals), 4) if totals else 0.0,
            "mean_total": round(sum(totals) / len(totals), 3) if totals else 0.0}
