"""FAISS vector indexes: building one, and the thread counts for bulk adds and for queries."""
from __future__ import annotations

import os
from contextlib import contextmanager

import faiss
import numpy as np

#: Below this many chunks the chunk index is an exact inner-product scan; above it, HNSW.
EXACT_MAX_CHUNKS = 20_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96
#: FAISS OpenMP threads for one query at search time. Measured: a one-query search with two
#: threads on two busy cores took up to ~10x longer than with one (benchmarks/README.md).
SEARCH_THREADS = 1


def use_search_threads() -> None:
    """Set FAISS to its query-time thread count (process-wide; called when an index is opened)."""
    faiss.omp_set_num_threads(SEARCH_THREADS)


@contextmanager
def bulk_threads():
    """FAISS on every core for a bulk add (HNSW build), then back to the previous count."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def build_vector_index(vectors: np.ndarray, exact_max: int = EXACT_MAX_CHUNKS, m: int = HNSW_M,
                       ef_search: int = HNSW_EF_SEARCH) -> faiss.Index:
    """Exact inner-product index up to ``exact_max`` vectors, HNSW (inner product) above it."""
    dim = vectors.shape[1]
    if len(vectors) <= exact_max:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = ef_search
    if len(vectors):
        with bulk_threads():
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index
