"""Section 2: warm search latency at about 1k, 10k and 100k chunks, against query embedding + a flat scan."""
from __future__ import annotations

import contextlib
import time

import numpy as np

from benchmarks import synthetic
from benchmarks.profiling import profile
from benchmarks.report import Section, Table, Target
from indexer import store
from indexer.evaluate import percentile

SCALES = (1_000, 10_000, 100_000)
TARGET_SCALE = 10_000
TARGET_RATIO = 1.5
#: A repeated query (the next page, a facet click) against a first-time one (issue 10).
REPEAT_RATIO = 0.3


def _ms(fn) -> float:
    began = time.perf_counter()
    fn()
    return (time.perf_counter() - began) * 1000


def flat_scan(vectors: np.ndarray, query_vector: np.ndarray, k: int = 10) -> np.ndarray:
    """The bare baseline: every inner product with numpy, then the top ``k`` rows."""
    scores = vectors @ query_vector
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    return top[np.argsort(-scores[top])]


def p(values: list[float], q: float) -> float:
    return round(percentile(values, q), 3)


def _series(queries, query_vectors, vectors, embedder, by_kind, rounds: int, default: str = "flat"):
    """Per query, the fastest of ``rounds`` timings of each series (embed, scan, search per index kind).

    Series run as blocks (all queries of one series, then the next), in a rotating order each
    round: timing one step right after another would charge one step's after-effects (FAISS's
    OpenMP threads still busy) to the next. A search block is back-to-back searches, as a busy
    server would run them. The minimum of the rounds filters bursts of load from other processes.
    The "pipeline" block is the baseline as a search meets it: each query embedded, then scanned.
    """
    n = len(queries)
    times = {name: [[] for _ in range(n)]
             for name in ("embed", "scan", "scan1", "pipeline", "flat", "hnsw", "repeat")}
    found: dict[str, list[list[str]]] = {"flat": [[] for _ in range(n)], "hnsw": [[] for _ in range(n)]}

    def run_block(name: str) -> None:
        for i, (q, qv) in enumerate(zip(queries, query_vectors)):
            if name == "embed":
                times[name][i].append(_ms(lambda: embedder.encode_queries([q])))
            elif name == "scan":
                times[name][i].append(_ms(lambda: flat_scan(vectors, qv)))
            elif name == "pipeline":  # a minimal search: embed the query, then scan with its vector
                times[name][i].append(_ms(lambda: flat_scan(vectors, embedder.encode_queries([q])[0])))
            elif name == "scan1":
                with one_blas_thread():
                    times[name][i].append(_ms(lambda: flat_scan(vectors, qv)))
            elif name == "repeat":  # the same query again at once, as a page or facet click sends it
                forget_queries()
                by_kind[default].search(q)
                times[name][i].append(_ms(lambda: by_kind[default].search(q)))
            else:
                forget_queries()  # every timed search is a query the index has not seen before
                began = time.perf_counter()
                response = by_kind[name].search(q)
                times[name][i].append((time.perf_counter() - began) * 1000)
                found[name][i] = [r.id for r in response.results]

    order = list(times)
    for r in range(rounds):
        for name in order[r % len(order):] + order[:r % len(order)]:
            run_block(name)
    best = {name: [min(t) for t in per_query] for name, per_query in times.items()}
    return best["embed"], {"default": best["scan"], "one": best["scan1"]}, best["pipeline"], \
        {"flat": best["flat"], "hnsw": best["hnsw"], "repeat": best["repeat"]}, found


def forget_queries() -> None:
    """Empty the indexer's per-query caches (query vectors, scored queries, language, tokens,
    concepts), so that a timing is that of a first-time query, not of a repeat (which the web
    app sees on every page and facet click, and which is faster)."""
    from indexer.query import forget_queries as forget

    forget()


@contextlib.contextmanager
def one_blas_thread():
    """numpy's BLAS limited to one thread while inside (no-op when threadpoolctl is not installed)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(1, user_api="blas"):
        yield


def _one_faiss_thread(queries: list[str], index, rounds: int) -> list[float]:
    """Search times with FAISS limited to one OpenMP thread (the setting is restored afterwards)."""
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        times = [[] for _ in queries]
        for _ in range(rounds):
            for i, q in enumerate(queries):
                forget_queries()  # a first-time query, as in the main series
                times[i].append(_ms(lambda: index.search(q)))
        return [min(t) for t in times]
    finally:
        faiss.omp_set_num_threads(before)


def measure_scale(base, queries: list[str], query_vectors: np.ndarray, target: int, seed: int,
                  rounds: int = 2, with_one_thread: bool = False) -> dict:
    """Warm hybrid search with the indexer's choice of vector index, the baseline, and exact vs HNSW."""
    copies = synthetic.copies_for(base.chunk_index.ntotal, target)
    t0 = time.perf_counter()
    parts = synthetic.scaled_parts(base, copies, seed=seed)
    prepare_s = time.perf_counter() - t0
    vectors = parts["chunk_vectors"]
    n_chunks = len(vectors)
    t0 = time.perf_counter()
    flat = synthetic.vector_index(vectors, "flat")
    flat_build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    hnsw = synthetic.vector_index(vectors, "hnsw")
    hnsw_build_s = time.perf_counter() - t0
    default_kind = "flat" if n_chunks <= store.EXACT_MAX_CHUNKS else "hnsw"
    by_kind = {"flat": synthetic.make_index(base, parts, flat, "flat"),
               "hnsw": synthetic.make_index(base, parts, hnsw, "hnsw")}
    embedder = base.embedder
    for q in queries[:5]:  # warm up: model buffers, lazily computed tables
        for index in by_kind.values():
            index.search(q)

    embed, scan, pipeline, search, found = _series(queries, query_vectors, vectors, embedder, by_kind, rounds,
                                                   default_kind)
    raw, recall, score_ratio = {"flat": [], "hnsw": []}, [], []
    for qv in query_vectors:
        exact_scores, exact_rows = flat.search(qv[None, :], 10)
        approx_scores, approx_rows = hnsw.search(qv[None, :], 10)
        raw["flat"].append(min(_ms(lambda: flat.search(qv[None, :], 10)) for _ in range(rounds)))
        raw["hnsw"].append(min(_ms(lambda: hnsw.search(qv[None, :], 10)) for _ in range(rounds)))
        recall.append(len(set(exact_rows[0]) & set(approx_rows[0])) / max(1, min(10, n_chunks)))
        score_ratio.append(float(approx_scores[0].sum() / exact_scores[0].sum()))
    overlap = []
    for a, b in zip(found["flat"], found["hnsw"]):
        overlap.append(len(set(a) & set(b)) / max(1, len(a)))
    one_thread = None
    if with_one_thread:
        one_thread = _one_faiss_thread(queries, by_kind[default_kind], rounds)

    scan_p50 = min(p(scan["default"], 50), p(scan["one"], 50))
    # The target's baseline is a minimal search: the query embedded, then its vector scanned, one
    # timed step per query. The two parts timed apart, each in a loop of its own, add up to less:
    # there the model's weights and the 20 MB of vectors each stay in the CPU's cache, while in
    # any search the scan evicts the weights that the next query's embedding needs.
    apart = p(embed, 50) + scan_p50
    baseline = p(pipeline, 50)
    result = {
        "target": target, "copies": copies, "chunks": n_chunks, "practices": len(parts["records"]),
        "default_kind": default_kind, "queries": len(queries),
        "search_p50": p(search[default_kind], 50), "search_p95": p(search[default_kind], 95),
        "repeat_p50": p(search["repeat"], 50), "repeat_p95": p(search["repeat"], 95),
        "repeat_ratio": round(p(search["repeat"], 50) / p(search[default_kind], 50), 3)
        if p(search[default_kind], 50) else float("nan"),
        "embed_p50": p(embed, 50), "scan_p50": p(scan["default"], 50), "scan1_p50": p(scan["one"], 50),
        "baseline_p50": round(baseline, 3),
        "ratio": round(p(search[default_kind], 50) / baseline, 3) if baseline else float("nan"),
        "parts_p50": round(apart, 3),
        "parts_ratio": round(p(search[default_kind], 50) / apart, 3) if apart else float("nan"),
        "flat_search_p50": p(search["flat"], 50), "hnsw_search_p50": p(search["hnsw"], 50),
        "flat_raw_p50": p(raw["flat"], 50), "hnsw_raw_p50": p(raw["hnsw"], 50),
        "hnsw_recall@10": round(float(np.mean(recall)), 4) if recall else float("nan"),
        "hnsw_top10_overlap": round(float(np.mean(overlap)), 4) if overlap else float("nan"),
        "hnsw_score_ratio": round(float(np.mean(score_ratio)), 4) if score_ratio else float("nan"),
        "search_p50_one_faiss_thread": p(one_thread, 50) if one_thread else None,
        "search_p95_one_faiss_thread": p(one_thread, 95) if one_thread else None,
        "prepare_s": round(prepare_s, 2), "flat_build_s": round(flat_build_s, 3), "hnsw_build_s": round(hnsw_build_s, 2),
    }
    result["profile_index"] = by_kind[default_kind]
    return result


def _profile_one_thread(index, queries: list[str], label: str):
    """cProfile of warm searches with FAISS on one thread: what remains once thread contention is gone."""
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        return profile(lambda: [(forget_queries(), index.search(q)) for q in queries], len(queries),
                       f"Where a warm hybrid search spends its time at {label} chunks, FAISS on one thread "
                       "(cProfile)", per="per search")
    finally:
        faiss.omp_set_num_threads(before)


def run(base, queries: list[str], scales: tuple[int, ...] = SCALES, profile_scale: int | None = TARGET_SCALE,
        seed: int = 0, rounds: int = 2) -> Section:
    """Latency tables over synthetic scale-ups of ``base`` (an Index of the real corpus)."""
    embedder = base.embedder
    query_vectors = embedder.encode_queries(queries)
    section = Section("2. Search latency")
    main = Table("Warm hybrid search vs. query embedding + flat numpy scan",
                 ["Scale", "Chunks", "Practices", "Vector index", "Search p50 ms", "Search p95 ms",
                  "Embed then scan p50 ms", "Ratio p50 / (embed then scan)",
                  "Embed p50 ms", "Flat scan p50 ms", "Flat scan p50 ms, 1 BLAS thread",
                  "Ratio p50 / (embed + faster scan, timed apart)"])
    repeat = Table("A repeated query (page or facet click) vs a first-time one",
                   ["Scale", "Vector index", "First-time p50 ms", "Repeated p50 ms", "Repeated p95 ms",
                    "Ratio p50 repeated / first-time"])
    versus = Table("Exact (flat) vs HNSW",
                   ["Scale", "Chunks", "FAISS top-10 flat ms", "FAISS top-10 HNSW ms", "HNSW recall@10",
                    "HNSW/exact top-10 score sum", "Search p50 flat ms", "Search p50 HNSW ms",
                    "Top-10 practices shared", "HNSW build s"])
    threads = Table("FAISS with its default OpenMP threads vs one thread (warm hybrid search)",
                    ["Scale", "Vector index", "Search p50 ms, default threads", "Search p50 ms, 1 FAISS thread",
                     "Search p95 ms, 1 FAISS thread", "Ratio p50 (1 thread) / (embed then scan)"])
    results = []
    profiled = None
    for target in scales:
        r = measure_scale(base, queries, query_vectors, target, seed, rounds, with_one_thread=target == profile_scale)
        index = r.pop("profile_index")
        label = synthetic.scale_label(target)
        main.add(label, r["chunks"], r["practices"], r["default_kind"], r["search_p50"], r["search_p95"],
                 r["baseline_p50"], r["ratio"], r["embed_p50"], r["scan_p50"], r["scan1_p50"], r["parts_ratio"])
        repeat.add(label, r["default_kind"], r["search_p50"], r["repeat_p50"], r["repeat_p95"], r["repeat_ratio"])
        versus.add(label, r["chunks"], r["flat_raw_p50"], r["hnsw_raw_p50"], r["hnsw_recall@10"],
                   r["hnsw_score_ratio"], r["flat_search_p50"], r["hnsw_search_p50"], r["hnsw_top10_overlap"],
                   r["hnsw_build_s"])
        if r["search_p50_one_faiss_thread"] is not None:
            threads.add(label, r["default_kind"], r["search_p50"], r["search_p50_one_faiss_thread"],
                        r["search_p95_one_faiss_thread"],
                        round(r["search_p50_one_faiss_thread"] / r["baseline_p50"], 3) if r["baseline_p50"] else float("nan"))
        results.append(r)
        if target == profile_scale:
            profiled = _profile_one_thread(index, queries, label)
        del index
    section.tables += [main, repeat, versus, threads]
    if profiled is not None:
        section.tables.append(profiled)
    section.data["scales"] = results
    at = next((r for r in results if r["target"] == TARGET_SCALE), None)
    if at:
        section.targets.append(Target(
            f"warm search p50 ≤ {TARGET_RATIO} × (query embedding then flat scan) at {synthetic.scale_label(TARGET_SCALE)} chunks",
            f"{at['search_p50']:.2f} ms vs {at['baseline_p50']:.2f} ms = {at['ratio']:.2f}× "
            f"(vs the two timed apart, {at['parts_p50']:.2f} ms: {at['parts_ratio']:.2f}×)",
            f"≤ {TARGET_RATIO}×", bool(at["ratio"] <= TARGET_RATIO)))
        section.targets.append(Target(
            f"repeated query p50 ≤ {REPEAT_RATIO} × first-time at {synthetic.scale_label(TARGET_SCALE)} chunks",
            f"{at['repeat_p50']:.2f} ms vs {at['search_p50']:.2f} ms = {at['repeat_ratio']:.2f}×",
            f"≤ {REPEAT_RATIO}×", bool(at["repeat_ratio"] <= REPEAT_RATIO)))
    section.notes.append(
        f"{len(queries)} queries (the judged set) after a warm-up. Each series (query embedding, flat scan, "
        f"search on each index type) runs as a block of all queries, {rounds} rounds in rotating order; a "
        "query's time is its fastest round (filters bursts of load from other processes), and p50/p95 are "
        "over queries. Searches run back to back, as on a busy server, each as a first-time query: the "
        "indexer's per-query caches (query vectors, scored queries, language, tokens, concepts) are emptied "
        "before every timed search. A repeated query is the same search again right after a first one "
        "(the query cache answers: no embedding, no scoring; cut-off, grouping, page and passages again). "
        "Search is `Index.search(query)` (hybrid, limit 10, with facets and passages) on the vector index the "
        f"indexer would choose (exact up to {store.EXACT_MAX_CHUNKS:,} chunks, HNSW M={store.HNSW_M}, "
        f"efSearch={store.HNSW_EF_SEARCH} above). Baseline: `encode_queries([q])` plus `vectors @ q` and a top-10 "
        "argpartition in numpy over the same vectors, timed as one step per query (embed, then scan with the "
        "vector: what any search must do, and the target's baseline). The two parts are also timed apart, "
        "each in a block of its own (the scan with numpy's default BLAS threads and with one, threadpoolctl; "
        "the faster counts): they add up to less than the step, because in a block of its own each keeps "
        "its data in the CPU's cache (the model's weights; the 20 MB of vectors at 10k chunks), while in "
        "a search the scan evicts the weights the next query's embedding needs.")
    section.notes.append(
        "How the corpus was scaled: the real corpus is built and embedded once; a scale of N chunks repeats "
        "its practices ⌈N / real chunks⌉ times in memory. Copy 0 is real; each further copy has ids suffixed, "
        f"chunk vectors perturbed with Gaussian noise (σ={synthetic.NOISE} per dimension, then "
        f"renormalised: cosine to the original ≈ 0.85), document vectors made from those as the indexer makes "
        f"them, and keyword texts with {synthetic.DROP_TOKENS:.0%} of "
        "tokens dropped at random. So vector geometry is clustered near-duplicates of real chunks (a hard "
        "case for HNSW), the keyword vocabulary stays that of the real corpus and posting lists grow with "
        "the copies. HNSW recall@10 is the share of the exact top-10 chunk rows HNSW also returns; because the copies of a "
        "chunk score within a few hundredths of each other, a miss usually swaps near-ties, which the score "
        "sum ratio (HNSW top-10 scores / exact top-10 scores) shows; "
        "\"top-10 practices shared\" compares whole hybrid searches on the two index types.")
    return section
