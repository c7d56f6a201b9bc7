"""Keyword scores on a scale comparable across queries and languages (an input of the fusion).

BM25 scores grow with the number and rarity of a query's words, so a score means little
alone. Divided by the score a document of the same language group would get for holding
every query word once (:meth:`indexer.keyword.KeywordIndex.ideal`), it becomes a strength
in [0, 1]: about 1 means "holds the whole query". The calibrated fusion that combines it with
the other signals is :mod:`indexer.evidence`.
"""
from __future__ import annotations

import numpy as np


def scale_by_max(scores: np.ndarray) -> np.ndarray:
    """Non-negative scores divided by their maximum (all zero stays zero)."""
    scores = np.asarray(scores, dtype=np.float32)
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def keyword_strength(keyword: np.ndarray, keyword_scale: np.ndarray | None = None) -> np.ndarray:
    """Keyword scores as strengths in [0, 1]: ``keyword / keyword_scale`` clipped (see
    :meth:`indexer.keyword.KeywordIndex.ideal`: about 1 means the document matches the whole
    query), or over the best score when no scale is given."""
    keyword = np.asarray(keyword, dtype=np.float32)
    if keyword_scale is None:
        return scale_by_max(keyword)
    return np.clip(keyword / np.asarray(keyword_scale, dtype=np.float32), 0.0, 1.0)
