"""Fit the calibrated fusion on judged queries, and measure it by k-fold cross-validation.

The quoted quality of a fitted model is always the held-out-fold figure: each query is ranked
by a model fitted on the other folds only. ``python -m benchmarks.fit_fusion`` fits the
shipped model on every tuned query (and writes it to indexer/fusion_model.py).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace

import numpy as np

from indexer import evidence
from indexer.evaluate import JudgedQuery, kind, metrics, query_language, reciprocal_rank
from indexer.groups import translation_groups

FOLDS = 5
SEED = 10
#: L2 penalty on the standardised weights; fixed beforehand, not searched.
L2 = 1.0
#: Share of the judged-relevant practices the relevant and loosely related lists together must
#: keep (held-out predictions): what chooses the model's ``loose`` probability.
LOOSE_RECALL = 0.95


@dataclass
class QueryRows:
    """One judged query: its features per practice, labels, and where it comes from."""

    query: JudgedQuery
    source: str
    kind: str
    language: str
    x: np.ndarray        # (n_practices, features)
    y: np.ndarray        # (n_practices,) 1 for a judged-relevant practice
    signals: object      # the search signals (for dense / keyword rankings)


def query_rows(index, queries: list[JudgedQuery], source: str,
               names: tuple[str, ...] = evidence.FEATURES) -> list[QueryRows]:
    """Features and labels of every practice for every query (one embedding per query)."""
    from indexer.query import parse_query
    from indexer.search import retrieve, score

    number = {rec["id"]: i for i, rec in enumerate(index.records)}
    allowed = np.ones(len(index.records), dtype=bool)
    rows = []
    for q in queries:
        parsed = parse_query(index, q.query)
        signals = score(index, parsed, "hybrid", retrieve(index, parsed, "hybrid", allowed, 10))
        y = np.zeros(len(index.records))
        y[[number[r] for r in q.relevant if r in number]] = 1.0
        lang = query_language(q, index)
        rows.append(QueryRows(q, source, kind(lang, q.relevant, index), lang,
                              evidence.features(index, parsed, signals, names), y, signals))
    return rows


def ranked_ids(index, scores: np.ndarray) -> list[str]:
    """Practice ids by descending score, ties by id; practices scored -inf are left out."""
    scores = np.asarray(scores, dtype=np.float64)
    order = np.lexsort((index.id_rank, -scores))
    return [index.records[int(p)]["id"] for p in order if np.isfinite(scores[p])]


def group_runs(index, ranked: list[str], relevant: list[str], limit: int = 10) -> tuple[list[str], set[str]]:
    """(ranked, relevant) as translation-group keys: a programme counts once, found when any of
    its versions is judged relevant (search shows one version per programme)."""
    group = dict(zip((rec["id"] for rec in index.records), translation_groups(index.records)))
    seen, keys = set(), []
    for practice in ranked:
        key = group.get(practice, practice)
        if key not in seen:
            seen.add(key)
            keys.append(key)
        if len(keys) == limit:
            break
    return keys, {group.get(r, r) for r in relevant}


def folds(n: int, k: int = FOLDS, seed: int = SEED) -> list[int]:
    """Fold number of each of ``n`` queries: a seeded shuffle cut into ``k`` near-equal parts."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    fold = [0] * n
    for position, i in enumerate(order):
        fold[i] = position % k
    return fold


def fit_rows(rows: list[QueryRows], names: tuple[str, ...], l2: float = L2, threshold: float = 0.5,
             loose: float = 0.0) -> evidence.Model:
    x = np.vstack([r.x for r in rows])
    y = np.concatenate([r.y for r in rows])
    return evidence.fit(x, y, names, l2=l2, threshold=threshold, loose=loose)


def loose_threshold(rows: list[QueryRows], probabilities: list[np.ndarray], threshold: float,
                    recall: float = LOOSE_RECALL) -> float:
    """The highest probability (0.01 grid, at most ``threshold``) from which the listed practices
    keep ``recall`` of the judged-relevant ones."""
    y = np.concatenate([r.y for r in rows]) > 0
    p = np.concatenate(probabilities)
    for t in np.round(np.arange(threshold, 0.0, -0.01), 2):
        if (p[y] >= t).mean() >= recall:
            return float(t)
    return 0.0


def stacked(rows: list[QueryRows], more: list[QueryRows]) -> list[QueryRows]:
    """Each query's rows followed by its rows over another index (``more``, the same queries in
    the same order): a model fitted on them learns from both corpora, and a query's fold holds
    both, so no query is ever held out on one corpus and trained on in the other."""
    if [r.query.query for r in rows] != [r.query.query for r in more]:
        raise ValueError("stacked rows must be of the same queries in the same order")
    return [replace(a, x=np.vstack([a.x, b.x]), y=np.concatenate([a.y, b.y])) for a, b in zip(rows, more)]


def cross_validated(index, rows: list[QueryRows], names: tuple[str, ...], k: int = FOLDS,
                    l2: float = L2, train: list[QueryRows] | None = None) -> list[np.ndarray]:
    """Per query, the held-out probability of every practice (model fitted on the other folds);
    ``train``: what the models are fitted on instead of ``rows`` (the same queries, in order,
    e.g. :func:`stacked` rows), still predicting ``rows``."""
    fold = folds(len(rows), k)
    train = rows if train is None else train
    out: list[np.ndarray] = [np.zeros(0)] * len(rows)
    for f in range(k):
        model = fit_rows([r for r, g in zip(train, fold) if g != f], names, l2)
        for i, (r, g) in enumerate(zip(rows, fold)):
            if g == f:
                out[i] = model.probability(r.x)
    return out


#: The hand-tuned rules search had before the calibrated fusion (commit 9ea542a): a practice the
#: query names exactly (its title or a local term), and one with text in the query's language
#: holding FULL_MATCH of the query's words within FULL_MATCH_MARGIN of the best cosine, came
#: first. Kept here only to measure whether the fusion does as well without them.
FULL_MATCH = 0.95
FULL_MATCH_MARGIN = 0.05


def with_first_rules(row: QueryRows, probabilities: np.ndarray, listed: float) -> np.ndarray:
    """Ranking scores of ``probabilities`` with the old "first" rules applied: the practices
    they promote above all others (in probability order), the rest from the ``listed`` floor."""
    names = evidence.FEATURES
    x = row.x
    dense, strength = x[:, names.index("dense")], x[:, names.index("keyword")]
    named = x[:, names.index("named")] > 0
    same = x[:, names.index("has_text")] > 0
    top = float(dense.max()) if dense.size else 0.0
    first = named | (same & (strength >= FULL_MATCH) & (dense >= top - FULL_MATCH_MARGIN))
    scores = np.where(probabilities >= listed, np.asarray(probabilities, dtype=np.float64), -np.inf)
    return np.where(first, np.asarray(probabilities, dtype=np.float64) + 2.0, scores)


def report(index, rows: list[QueryRows], scores: list[np.ndarray], listed: float | None = None) -> dict:
    """Metrics of rankings ``scores`` (one array per query) overall, by kind and by source;
    ``listed``: only practices scoring at least this are ranked (the loosely related floor)."""
    runs, by_kind, by_source, per_query = [], {}, {}, []
    for r, s in zip(rows, scores):
        s = np.asarray(s, dtype=np.float64)
        if listed is not None:  # as search lists them: relevant, then loosely related
            s = np.where(s >= listed, s, -np.inf)
        run = group_runs(index, ranked_ids(index, s), r.query.relevant)
        runs.append(run)
        by_kind.setdefault(r.kind, []).append(run)
        by_source.setdefault(r.source, {}).setdefault("all", []).append(run)
        by_source[r.source].setdefault(r.kind, []).append(run)
        per_query.append({"query": r.query.query, "source": r.source, "kind": r.kind,
                          "rr": round(reciprocal_rank(*run), 4)})
    return {**metrics(runs), "by_kind": {k: metrics(v) for k, v in by_kind.items()},
            "by_source": {s: {k: metrics(v) for k, v in d.items()} for s, d in by_source.items()},
            "queries": per_query}
