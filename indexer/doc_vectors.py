"""A practice's document vector, made from its chunk vectors, and its cosine to a query read
from the chunk scores a search has already computed.

The document vector (what similar programmes compare, and the fusion's ``doc`` signal) is
the summary chunk counted twice plus the mean of the body chunks, normalised: a long body does
not drown what the practice is about, and abstracts (the summary restated in other
languages) are left out. Being a weighted sum of chunk vectors, its cosine to a query is the
same weighted sum of the chunks' cosines: a search that has scored every chunk gets every
practice's document cosine from those scores (~10k numbers, in cache after the scan) instead
of a second product over the document vectors (800 x 512 at 10k chunks, read cold: 0.15-0.25 ms
of a 4-5 ms search, benchmarks/README.md).
"""
from __future__ import annotations

import weakref

import numpy as np

#: How much the summary chunk counts against the mean of the body chunks.
SUMMARY_WEIGHT = 2.0
#: Largest difference, per dimension, between a stored document vector and the one its chunk
#: vectors make, for the chunk weights to stand for it (float32 sums in another order differ
#: by ~1e-7; a vector made another way differs by far more).
SAME_VECTOR = 1e-5


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
    unit, _ = _unit_rows(_weighted_sums(chunk_vectors, unnormalised_weights(fields, ptr), ptr))
    return np.ascontiguousarray(unit, dtype=np.float32)


def _weighted_sums(chunk_vectors: np.ndarray, weights: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """Per practice, the sum of its chunk vectors times their ``weights`` (float32; a copy of
    the vectors for a moment, at most 40 MB on an exact index)."""
    vectors = np.asarray(chunk_vectors, dtype=np.float32)
    ptr = np.asarray(ptr, dtype=np.int64)
    sums = np.zeros((len(ptr) - 1, vectors.shape[1]), dtype=np.float32)
    filled = np.flatnonzero(ptr[1:] > ptr[:-1])
    if filled.size:
        sums[filled] = np.add.reduceat(vectors * weights[:, None].astype(np.float32), ptr[filled], axis=0)
    return sums


def _unit_rows(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(``sums`` with each row divided by its norm, the norms used): a zero row stays zero
    (divided by 1). The one normalisation both the stored document vectors and the chunk
    weights that stand for them go through."""
    norms = np.linalg.norm(sums, axis=1)
    norms = np.where(norms > 0, norms, 1.0)
    return sums / norms[:, None], norms


_WEIGHTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def chunk_weights(index) -> np.ndarray | None:
    """Per chunk of ``index``, its weight in its practice's unit document vector, when every
    stored document vector is that combination of the stored chunk vectors (checked once per
    index, a pass over its vectors); ``None`` otherwise (an index whose document vectors were
    made another way keeps the product with them)."""
    if index in _WEIGHTS:
        return _WEIGHTS[index]
    ch = index.chunks
    weights = unnormalised_weights(ch.field, ch.ptr)
    made, norms = _unit_rows(_weighted_sums(index.chunk_vectors, weights, ch.ptr))
    stored = np.asarray(index.doc_vectors, dtype=np.float32)
    found = None
    if stored.shape == made.shape and np.abs(made - stored).max(initial=0.0) <= SAME_VECTOR:
        found = (weights / np.repeat(norms, np.diff(ch.ptr))).astype(np.float32)
    _WEIGHTS[index] = found
    return found


def document_scores(index, query_vector: np.ndarray, chunk_scores: np.ndarray | None) -> np.ndarray:
    """Per practice, the cosine of its document vector to ``query_vector``: from
    ``chunk_scores`` (every chunk's cosine to it) when they are all known and the document
    vectors are the chunks' combination, else the product with the document vectors."""
    # an exact index scores every chunk; HNSW leaves the chunks it did not reach at -inf
    complete = chunk_scores is not None and bool(np.isfinite(chunk_scores).all())
    weights = chunk_weights(index) if complete else None
    if weights is None or len(chunk_scores) != len(weights):
        return np.asarray(index.doc_vectors) @ np.asarray(query_vector, dtype=np.float32)
    ch = index.chunks
    out = np.zeros(len(ch.ptr) - 1, dtype=np.float32)
    if ch.starts.size:
        out[ch.starts] = np.add.reduceat(weights * chunk_scores, ch.ptr[ch.starts])
    return out
