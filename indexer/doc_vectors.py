"""A practice's document vector, made from its chunk vectors.

The document vector (what similar programmes compare, and the fusion's ``doc`` signal) is
the summary chunk counted twice plus the mean of the body chunks, normalised: a long body does
not drown what the practice is about, and abstracts (the summary restated in other
languages) are left out.
"""
from __future__ import annotations

import numpy as np

#: How much the summary chunk counts against the mean of the body chunks.
SUMMARY_WEIGHT = 2.0


def unnormalised_weights(fields: list[str], ptr: np.ndarray) -> np.ndarray:
    """Per chunk, its weight in its practice's document vector before normalisation: the
    summary ``SUMMARY_WEIGHT``, each body chunk 1 / (body chunks), abstracts 0; a practice
    without body chunks is its summary alone (weight 1)."""
    is_summary = np.array([f == "summary" for f in fields], dtype=bool)
    is_body = np.array([f == "body" for f in fields], dtype=bool)
    ptr = np.asarray(ptr, dtype=np.int64)
    sizes = np.diff(ptr)
    owner = np.repeat(np.arange(len(sizes)), sizes)
    bodies = np.bincount(owner[is_body], minlength=len(sizes))[owner] if len(owner) else np.zeros(0, np.int64)
    weights = np.zeros(len(fields), dtype=np.float64)
    weights[is_body] = 1.0 / bodies[is_body]
    weights[is_summary] = np.where(bodies[is_summary] > 0, SUMMARY_WEIGHT, 1.0)
    return weights


def document_vectors(chunk_vectors: np.ndarray, fields: list[str], ptr: np.ndarray) -> np.ndarray:
    """(practices, dim) float32 unit document vectors of the practices whose chunks are rows
    ``ptr[p]:ptr[p+1]`` of ``chunk_vectors`` (zero for a practice without chunks)."""
    vectors = np.asarray(chunk_vectors, dtype=np.float32)
    ptr = np.asarray(ptr, dtype=np.int64)
    out = np.zeros((len(ptr) - 1, vectors.shape[1]), dtype=np.float32)
    filled = np.flatnonzero(ptr[1:] > ptr[:-1])
    if filled.size:
        weighted = vectors * unnormalised_weights(fields, ptr)[:, None].astype(np.float32)
        out[filled] = np.add.reduceat(weighted, ptr[filled], axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(out / norms, dtype=np.float32)

