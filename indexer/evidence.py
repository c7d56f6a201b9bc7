"""Calibrated fusion: every signal becomes evidence on one scale, the log-odds of relevance.

Instead of gates and special rules, each practice gets a probability of being relevant to the
query from a small logistic model over its signals (:data:`FEATURES`), fitted on the judged
queries of the tuned sets (``python -m benchmarks.fit_fusion``, which also reports k-fold
cross-validated quality). The same probability ranks the results and cuts them off
(:data:`indexer.fusion_model.MODEL` holds the fitted weights and the threshold).

Why a probability: cosine scores and BM25 scores live on different scales that also move from
query to query; a strong, rare keyword match must be able to lift a practice the dense model
ranks low, while keyword matches in the query's language must not push aside a better answer
written in another language. A model fitted on judged queries weighs each signal by how much
it says about relevance, and its output means the same on every query, so one threshold
separates "relevant" from "loosely related".
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from indexer.doc_vectors import document_scores
from indexer.keyword import query_tokens

#: The signals, per practice, for one query (see :func:`features`).
FEATURES = (
    "dense",          # best cosine of the query to one of its chunks (abstracts included)
    "dense_gap",      # dense minus the best dense score of any practice (0 for the closest)
    "doc",            # cosine of the query to the practice's document vector
    "keyword",        # keyword strength of its text in the query's language (0..1; 1: the whole query)
    "keyword_gap",    # keyword minus the best keyword strength of any practice
    "keyword_rank",   # 1 / its rank by keyword strength (1 for the best keyword match; 0 without any)
    "has_text",       # 1 when it has text (write-up or abstract) in the query's language
    "keyword_any",    # keyword strength over all its text when the query's language is unknown
    "named",          # 1 when the query is exactly its title, an abstract's title or a local term
    "thesaurus",      # share of the query's concepts (kb thesaurus) its text uses, any language
)


@dataclass(frozen=True)
class Model:
    """A fitted logistic model: ``p = sigmoid(bias + sum(weights * (x - mean) / scale))``."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    #: probability from which a practice counts as relevant (the cut-off)
    threshold: float
    #: probability from which a practice below the cut-off is listed as loosely related
    loose: float = 0.0

    def log_odds(self, x: np.ndarray) -> np.ndarray:
        """(n,) log-odds of relevance for feature rows ``x`` ((n, len(features)))."""
        weights, bias = self._unscaled
        return np.asarray(x, dtype=np.float64) @ weights + bias

    @cached_property
    def _unscaled(self) -> tuple[np.ndarray, float]:
        """The weights and bias on the features as they come (standardisation folded in):
        ``sum(w * (x - m) / s) + b == x @ (w / s) + (b - sum(m * w / s))``, one product per
        query instead of a standardised copy of every practice's features."""
        weights = np.asarray(self.weights) / np.asarray(self.scale)
        return weights, float(self.bias - np.asarray(self.mean) @ weights)

    def probability(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(self.log_odds(x))

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """(n, features) each feature's part of the log-odds (relative to an average practice)."""
        x = np.asarray(x, dtype=np.float64)
        return (x - np.asarray(self.mean)) / np.asarray(self.scale) * np.asarray(self.weights)

    def to_dict(self) -> dict:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "weights": list(self.weights), "bias": self.bias, "threshold": self.threshold, "loose": self.loose}

    @classmethod
    def from_dict(cls, data: dict) -> "Model":
        return cls(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]),
                   float(data["bias"]), float(data["threshold"]), float(data.get("loose", 0.0)))


def sigmoid(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # never overflows; computed once for both branches
    denominator = 1.0 + e  # shared by both branches
    return np.where(z >= 0, 1.0 / denominator, e / denominator)


def features(index, parsed, signals, names: tuple[str, ...] = FEATURES) -> np.ndarray:
    """(n_practices, len(names)) the signals of every practice for the parsed query.

    Practices the vector search did not reach (HNSW) have dense 0 and so little evidence."""
    n = len(index.records)
    dense = signals.dense.astype(np.float64)
    keyword = signals.strength.astype(np.float64)  # in the query's language; in all when unknown
    known = parsed.languages is not None
    top_dense = float(dense.max()) if n else 0.0
    # written feature by feature into the rows of the transpose (contiguous), then laid out as
    # one row per practice: half the time of writing the strided columns (13 -> 8 us at 800)
    columns = np.zeros((len(names), n))  # a row left as is is a signal that is 0 for every practice
    for j, name in enumerate(names):
        if name == "dense":
            columns[j] = dense
        elif name == "dense_gap":
            columns[j] = dense - top_dense
        elif name == "doc":
            if parsed.vector is not None:
                columns[j] = document_scores(index, parsed.vector, getattr(signals, "chunk_scores", None))
        elif name == "keyword":
            if known:
                columns[j] = keyword
        elif name == "keyword_gap":
            if known and n:
                columns[j] = keyword - float(keyword.max())
        elif name == "keyword_rank":
            columns[j] = reciprocal_rank(keyword)
        elif name == "has_text":
            if signals.same_language is not None:
                columns[j] = signals.same_language
        elif name == "keyword_any":
            if not known:
                columns[j] = keyword
        elif name == "named":
            columns[j, index.named_by(query_tokens(parsed.text))] = 1.0
        elif name == "thesaurus":
            if signals.thesaurus is not None:
                columns[j] = signals.thesaurus
        else:
            raise ValueError(f"unknown fusion feature '{name}'")
    return np.ascontiguousarray(columns.T)


def reciprocal_rank(scores: np.ndarray) -> np.ndarray:
    """1 / (1-based rank by descending score) where the score is positive, else 0; ties share
    the best rank. Only the positive scores are sorted (few, for a keyword score)."""
    out = np.zeros(len(scores))
    hits = np.flatnonzero(scores > 0)
    if hits.size:
        negated = -scores[hits]  # ascending negated scores: the descending order searchsorted needs
        out[hits] = 1.0 / (np.searchsorted(np.sort(negated), negated, side="left") + 1)
    return out


def fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], *, l2: float = 1.0, threshold: float = 0.5,
        loose: float = 0.0, sample_weight: np.ndarray | None = None, iterations: int = 100) -> Model:
    """Fit a logistic model by Newton's method (IRLS) with an L2 penalty ``l2`` on the
    standardised weights (not on the bias)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    sw = np.ones(len(x)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    penalty = np.full(z.shape[1], float(l2))
    penalty[-1] = 0.0
    w = np.zeros(z.shape[1])
    for _ in range(iterations):
        p = sigmoid(z @ w)
        gradient = z.T @ ((p - y) * sw) + penalty * w
        hessian = (z * (p * (1 - p) * sw)[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(z.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return Model(tuple(names), tuple(mean.tolist()), tuple(scale.tolist()), tuple(w[:-1].tolist()),
                 float(w[-1]), float(threshold), float(loose))
