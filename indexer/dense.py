"""Dense retrieval: per practice, the cosine score of its best chunk for a query vector.

Exact indexes score every chunk with one matrix-vector product. HNSW indexes (large corpora)
retrieve the nearest chunks; with filters they search only the chunks of the practices the
filters allow, so a narrow filter still finds every practice of that kind.
"""
from __future__ import annotations

import faiss
import numpy as np

#: Chunks retrieved from an HNSW index per query: all of them on a small index, else this many
#: (at least CANDIDATES_PER_RESULT per requested result, as one practice has several chunks).
ALL_CHUNKS_UP_TO = 4096
MIN_CANDIDATE_CHUNKS = 512
CANDIDATES_PER_RESULT = 20


def group_max(scores: np.ndarray, ptr: np.ndarray, filled: np.ndarray | None = None) -> np.ndarray:
    """Per group ``scores[ptr[p]:ptr[p+1]]``, its maximum; -inf for an empty group.
    ``ptr`` is non-decreasing, starts at 0 and ends at ``len(scores)``; ``filled``: the
    non-empty groups, when already known."""
    scores = np.asarray(scores, dtype=np.float32)
    ptr = np.asarray(ptr, dtype=np.int64)
    best = np.full(len(ptr) - 1, -np.inf, dtype=np.float32)
    if filled is None:
        filled = np.flatnonzero(ptr[1:] > ptr[:-1])
    if filled.size:
        # reduceat over the starts of non-empty groups only: for an empty group (start equal to
        # the next start) reduceat would return the element at that start, not an empty maximum.
        # In float64, exact for float32 values: NumPy's float32 maximum.reduceat is about twice
        # as slow on groups of a dozen rows (26 vs 13 us at 10k chunks, the copy included: 16).
        best[filled] = np.maximum.reduceat(scores.astype(np.float64), ptr[filled])
    return best


def group_argmax(scores: np.ndarray, ptr: np.ndarray, groups) -> np.ndarray:
    """For each of ``groups``, the row of its maximum score (the first on ties); -1 for an empty group."""
    rows = np.full(len(groups), -1, dtype=np.int64)
    for i, g in enumerate(groups):
        lo, hi = int(ptr[g]), int(ptr[g + 1])
        if hi > lo:
            rows[i] = lo + int(np.argmax(scores[lo:hi]))
    return rows


def group_rows(ptr: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The rows ``ptr[g]:ptr[g+1]`` of every one of ``groups``, concatenated in that order."""
    groups = np.asarray(groups, dtype=np.int64)
    lo, hi = ptr[groups], ptr[groups + 1]
    sizes = hi - lo
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    # row i of the result is lo[g] + (i - start of g's block in the result)
    block_start = np.cumsum(sizes) - sizes
    return np.repeat(lo - block_start, sizes) + np.arange(total)


def best_chunks(index, query_vector: np.ndarray, practices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``practices`` (each with at least one chunk), its best chunk's cosine score and
    row (the first row on ties), scoring only their chunks."""
    practices = np.asarray(practices, dtype=np.int64)
    if practices.size == 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    ptr = index.chunks.ptr
    rows = group_rows(ptr, practices)
    sims = index.chunk_vectors[rows] @ np.asarray(query_vector, dtype=np.float32)
    sizes = ptr[practices + 1] - ptr[practices]
    best = np.maximum.reduceat(sims, np.cumsum(sizes) - sizes)
    group = np.repeat(np.arange(practices.size), sizes)
    at_best = np.flatnonzero(sims == best[group])
    _, first = np.unique(group[at_best], return_index=True)  # positions ascend: the first row per group
    return best, rows[at_best[first]]


def dense_scores(index, query_vector: np.ndarray, wanted: int, allowed: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Per practice, the best chunk cosine score (-inf when no chunk was retrieved) and the best
    chunk row, plus every chunk's score when all were scored (-inf for chunks not scored).

    ``allowed``: mask of the practices the search may return (filters); on an exact index it
    changes nothing (every chunk is scored), on HNSW it restricts the search to their chunks.

    On an exact index every chunk is scored with one matrix-vector product (cheaper than a FAISS
    top-k of hundreds, and exact for every practice); best rows are then left at -1, to be found
    with :func:`group_argmax` for the practices shown. On HNSW the nearest chunks are retrieved,
    or, when the allowed practices have at most ``ALL_CHUNKS_UP_TO`` chunks, all of theirs are
    scored exactly.
    """
    query_vector = np.asarray(query_vector, dtype=np.float32)
    chunks = index.chunks
    best_chunk = np.full(len(index.records), -1, dtype=np.int64)
    if not hasattr(index.chunk_index, "hnsw"):
        scores = index.chunk_vectors @ query_vector
        return group_max(scores, chunks.ptr, chunks.starts), best_chunk, scores
    params = None
    n_chunks = index.chunk_index.ntotal
    if allowed is not None and not allowed.all():
        rows = group_rows(chunks.ptr, np.flatnonzero(allowed))
        if len(rows) <= ALL_CHUNKS_UP_TO:
            scores = np.full(n_chunks, -np.inf, dtype=np.float32)
            scores[rows] = index.chunk_vectors[rows] @ query_vector
            return group_max(scores, chunks.ptr, chunks.starts), best_chunk, scores
        n_chunks = len(rows)
        params = _only(rows, index.chunk_index)
    k = n_chunks if n_chunks <= ALL_CHUNKS_UP_TO else min(n_chunks, max(MIN_CANDIDATE_CHUNKS, CANDIDATES_PER_RESULT * wanted))
    best = np.full(len(index.records), -np.inf, dtype=np.float32)
    if k == 0:
        return best, best_chunk, None
    scores, rows = index.chunk_index.search(query_vector.reshape(1, -1), k, params=params)
    scores, rows = scores[0], rows[0]
    keep = rows >= 0
    scores, rows = scores[keep], rows[keep]
    practices = chunks.practice[rows]
    # rows come best first: the first time a practice appears is its best chunk
    _, first = np.unique(practices, return_index=True)
    best[practices[first]] = scores[first]
    best_chunk[practices[first]] = rows[first]
    return best, best_chunk, None


def _only(rows: np.ndarray, hnsw_index) -> faiss.SearchParametersHNSW:
    """HNSW search parameters that return only ``rows`` (the graph is still walked through the
    others), at the index's own efSearch."""
    bitmap = np.zeros(hnsw_index.ntotal, dtype=bool)
    bitmap[rows] = True
    packed = np.packbits(bitmap, bitorder="little")
    selector = faiss.IDSelectorBitmap(hnsw_index.ntotal, faiss.swig_ptr(packed))
    params = faiss.SearchParametersHNSW(sel=selector, efSearch=hnsw_index.hnsw.efSearch)
    params.packed = packed  # the selector points into this array: keep it alive with the params
    return params
