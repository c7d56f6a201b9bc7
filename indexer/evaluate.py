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


def evaluate(index, queries: list[JudgedQuery], *, mode: str = "hybrid", **search_options) -> dict:
    """Quality overall, by query language and by same/cross language, plus warm latency in ms.

    ``latency_ms``: p50/p95 of the whole search per query; ``embed_p50``: the query embedding alone.
    """
    if queries and mode != "keyword":
        index.search(queries[0].query, limit=10, mode=mode, **search_options)  # warm up the model
    runs, by_lang, by_kind, latencies, embeds, per_query = [], {}, {}, [], [], []
    known = set(index.practice_ids())
    for q in queries:
        began = time.perf_counter()
        response = index.search(q.query, limit=10, mode=mode, **search_options)
        latencies.append((time.perf_counter() - began) * 1000)
        if mode != "keyword":
            t0 = time.perf_counter()
            index.embedder.encode_queries([q.query])
            embeds.append((time.perf_counter() - t0) * 1000)
        ranked = [r.id for r in response.results]
        relevant = set(q.relevant)
        lang = query_language(q, index)
        kind_ = kind(lang, q.relevant, index)
        runs.append((ranked, relevant))
        by_lang.setdefault(lang, []).append((ranked, relevant))
        by_kind.setdefault(kind_, []).append((ranked, relevant))
        per_query.append({"query": q.query, "language": lang, "kind": kind_, "relevant": q.relevant,
                          "top": ranked[:5], "rr": round(reciprocal_rank(ranked, relevant), 4),
                          "unknown_ids": sorted(relevant - known)})
    report = metrics(runs)
    report["mode"] = mode
    report["latency_ms"] = {"p50": round(percentile(latencies, 50), 3), "p95": round(percentile(latencies, 95), 3),
                            "embed_p50": round(percentile(embeds, 50), 3)}
    report["by_language"] = {lang: metrics(r) for lang, r in sorted(by_lang.items())}
    report["by_kind"] = {k: metrics(r) for k, r in sorted(by_kind.items())}
    report["queries"] = per_query
    return report
