"""Load benchmark: `kb serve --prod` under /api/search load: steady, with slow clients, and
with a re-index mid-run.

Run ``python -m benchmarks.load`` (about two minutes). Everything happens on 127.0.0.1 in a
temporary folder: a copy of ``practices/`` is indexed, gunicorn serves it on a free port, and
wrk (``apt-get install wrk``; a Python thread pool otherwise) requests ``/api/search``, every
request with a query of its own (``benchmarks/load_queries.py``: no query is sent twice in
the whole benchmark, so query caches are measured on misses). The slow-client run keeps 8
sockets sending their headers one line every 5 s (``benchmarks/load_slow.py``) while wrk
runs; its throughput must stay at 80 % of the steady run's. The re-index run edits one
practice of the copy and runs ``kb index`` on the live index folder while the load runs; the
workers must pick up the new version without failing a request. Results go to the
``<!-- load:start -->`` section of ``benchmarks/README.md`` (``--no-write`` to skip).
"""
from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

from benchmarks import machine
from benchmarks.load_drivers import LoadResult, combined, have_wrk, run_load
from benchmarks.load_queries import QueryPool, search_paths, unique_queries
from benchmarks.load_server import build_index, copy_content, first_searches, get_json, start_server, touch_practice
from benchmarks.load_slow import SlowClients
from webapp.serving import THREADS

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- load:start -->", "<!-- load:end -->"
TARGET_RPS, TARGET_P99_MS = 200.0, 100.0
#: The first search after `kb serve` reports ready (issue 13): each worker warms up first.
TARGET_FIRST_SEARCH_MS = 1000.0
#: Slow sockets of the slow-client run, and the share of the steady throughput it must keep.
SLOW_CLIENTS, TARGET_SLOW_SHARE = 8, 0.8
WARM_UP_SECONDS = 8
#: Unique queries per second of run that the pool provides (2 cores answer about 550/s).
QUERIES_PER_SECOND = 1500


def run_scenario(server, paths: list[str], seconds: int, connections: int, workdir: Path,
                 reindex: tuple[Path, Path] | None = None, slow_clients: int = 0) -> dict:
    """One timed load run; with ``reindex=(content, index_dir)`` an edit plus `kb index` happens
    mid-run; with ``slow_clients`` that many dawdling sockets are open throughout."""
    stop = threading.Event()
    info: dict = {}

    def sample() -> None:
        while not stop.is_set():
            server.sample_memory()
            stop.wait(0.5)

    def reindex_midway() -> None:
        content, index_dir = reindex
        time.sleep(seconds / 4)
        before = get_json(server.port, "/healthz")[1].get("index", {}).get("version")
        touch_practice(content, str(time.time()))
        info["reindex_seconds"] = build_index(content, index_dir)
        info["version_before"] = before

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    helper = threading.Thread(target=reindex_midway, daemon=True) if reindex else None
    if helper:
        helper.start()
    with SlowClients(server.port, slow_clients) as slow:
        if slow_clients:
            time.sleep(1.0)  # connected and dawdling before the load starts
        result = run_load(server.port, paths, seconds, connections, workdir)
    if slow_clients:
        info["slow_connections"] = slow.connections
    if helper:
        helper.join()
        # each worker notices the new CURRENT on its next request; healthz shows the one it reached
        versions = {get_json(server.port, "/healthz")[1].get("index", {}).get("version") for _ in range(8)}
        info["version_after"] = sorted(v for v in versions if v)
    stop.set()
    sampler.join()
    memory = server.sample_memory()
    info["workers"] = [{"pid": pid, "rss_mib": rss / 1024, "pss_mib": pss / 1024,
                        "peak_rss_mib": server.peak_rss.get(pid, rss) / 1024} for pid, rss, pss in memory]
    return {"result": result, **info}


def warm_up(server, paths: list[str], workdir: Path) -> None:
    """Load the model, language detection and the index in every worker before measuring.

    The first search of a worker takes seconds (model load); a 3 s warm-up left a one-off
    0.5–1.5 s request inside the first measured run, so warm up for longer.
    """
    run_load(server.port, paths, WARM_UP_SECONDS, 4, workdir)


def verdict(result: LoadResult, steady: LoadResult | None = None) -> list[str]:
    checks = [
        (f"≥ {TARGET_RPS:.0f} req/s", result.rps >= TARGET_RPS, f"{result.rps:.0f} req/s"),
        (f"p99 < {TARGET_P99_MS:.0f} ms", result.p99_ms < TARGET_P99_MS, f"{result.p99_ms:.1f} ms"),
        ("0 errors", result.errors == 0, f"{result.errors} errors"),
        ("no query repeated", result.repeated == 0, f"{result.repeated} repeated"),
    ]
    if steady is not None:
        share = result.rps / steady.rps if steady.rps else 0.0
        checks.append((f"≥ {TARGET_SLOW_SHARE:.0%} of the steady throughput", share >= TARGET_SLOW_SHARE,
                       f"{share:.0%}"))
    return [f"{'met' if ok else 'NOT met'} ({got}; target {name})" for name, ok, got in checks]


def first_search_lines(first: dict | None) -> list[str]:
    """The "first search after start" paragraph of the load section."""
    if not first:
        return []
    slowest = max([*first["api_ms"], first["page_ms"]])
    ok = "met" if slowest <= TARGET_FIRST_SEARCH_MS else "NOT met"
    api = ", ".join(f"{ms:.0f}" for ms in first["api_ms"])
    return [f"First search after start: a fresh `kb serve --prod` reported `Ready:` (every worker has loaded "
            f"the model and the index and run one search, `webapp/warmup.py`) {first['ready_seconds']:.1f} s "
            f"after it was launched; the first requests it served then took {api} ms (`/api/search`, one per "
            f"worker, queries of their own) and {first['page_ms']:.0f} ms (the `/search` page): {ok} "
            f"(target ≤ {TARGET_FIRST_SEARCH_MS:.0f} ms; before the warm start, 3.9 s by curl).", ""]


def markdown(info: dict, runs: dict[str, dict], workers: int, threads: int, connections: int, seconds: int,
             n_queries: int, corpus: dict, profile_text: str | None, first: dict | None = None) -> str:
    rows = ["| run | generator | requests | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors "
            "| repeated queries | worker RSS MiB (peak) | worker PSS MiB |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for name, run in runs.items():
        r: LoadResult = run["result"]
        rss = ", ".join(f"{w['rss_mib']:.0f} ({w['peak_rss_mib']:.0f})" for w in run["workers"])
        pss = ", ".join(f"{w['pss_mib']:.0f}" for w in run["workers"])
        rows.append(f"| {name} | {r.generator} | {r.requests} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
                    f"| {r.max_ms:.0f} | {r.non_2xx} | {r.socket_errors} | {r.repeated} | {rss} | {pss} |")
    parts = [START, "## Load: `kb serve --prod` under `/api/search` load", "",
             "Measured by `python -m benchmarks.load` (loopback only; about 2 minutes).", "",
             machine.markdown(info), "",
             f"Setup: gunicorn threaded workers ×{workers} with {threads} threads each "
             f"(`kb serve --prod --workers {workers}`, `webapp/serving.py`), "
             f"{corpus['practices']} practices / {corpus['chunks']} chunks copied from `practices/`, "
             f"{connections} concurrent connections for {seconds} s per run, hybrid mode, 10 results. Every "
             f"request has a query of its own: {n_queries} distinct queries of two to four words from one "
             "practice's title and summary (`benchmarks/load_queries.py`, in the practices' languages), none "
             "sent twice in the benchmark, so the query caches are measured on misses. A "
             f"{WARM_UP_SECONDS} s warm-up loads the model in every worker first. The load generator "
             "runs on the same 2 cores as the server, and other agents share the machine, so absolute "
             "numbers are noisy; the error counts are not.", "", *first_search_lines(first), *rows, ""]
    slow_run = runs.get(f"with {SLOW_CLIENTS} slow clients")
    if slow_run:
        parts += ["The steady and slow-client runs were taken in turns, half a run each (steady, slow, "
                  "slow, steady), so that both see the same minutes of the shared machine; their p99 and "
                  "max are the worse of the two halves.", "",
                  f"Slow-client run: {SLOW_CLIENTS} sockets send a request line and then one header line "
                  "every 5 s throughout (`benchmarks/load_slow.py`), reconnecting whenever the server "
                  "closes them; the server answers each with 408 after its 10 s header deadline "
                  f"({slow_run.get('slow_connections', 0)} slow connections in the run). With the earlier "
                  "sync workers two such sockets stopped the service.", ""]
    re_run = runs.get("with re-index")
    if re_run:
        parts += [f"Re-index run: one practice edited, `kb index` (incremental, a separate process "
                  f"competing for the same cores) took {re_run.get('reindex_seconds', float('nan')):.1f} s "
                  f"mid-run; version before {re_run.get('version_before')}, served after "
                  f"{', '.join(re_run.get('version_after', []))}.", ""]
    parts += ["Targets (2 cores):", ""]
    steady = runs.get("steady", {}).get("result")
    for name, run in runs.items():
        parts.append(f"- {name}: " + "; ".join(verdict(run["result"], steady if run is slow_run else None)))
    if any(run["result"].rps < TARGET_RPS for run in runs.values()):
        parts += ["", "Why the throughput target is missed: a search costs CPU, not waiting. The profile "
                  "below (one process, one BLAS thread, as in a worker) shows where. Two cores, shared "
                  "with wrk and with other agents' jobs, serve about 1000 / (ms per search) × 2 requests/s "
                  "at best; 200 req/s needs a search under 10 ms all-in. The scale path "
                  "(`docs/scaling.md`) adds cores or replicas."]
    if profile_text:
        parts += ["", "Where a request's time goes (cProfile of the search request path in one process, "
                  "first-time queries, cumulative time of the top functions):", "", "```",
                  profile_text.strip(), "```"]
    parts.append(END)
    return "\n".join(parts)


def write_section(body: str, path: Path = README) -> None:
    """Replace (or append) the load section; nothing outside the markers changes."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + body + tail
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="duration of each measured run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--content", type=Path, default=ROOT / "practices")
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/README.md alone")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args(argv)
    if not have_wrk():
        print("wrk is not installed (Debian: apt-get install -y wrk); falling back to the Python "
              "thread-pool load generator, which itself uses CPU and reports lower throughput")
    info = machine.describe()
    runs: dict[str, dict] = {}
    slow_name = f"with {SLOW_CLIENTS} slow clients"
    with tempfile.TemporaryDirectory(prefix="kb-load-") as tmp:
        tmp_path = Path(tmp)
        content = copy_content(args.content, tmp_path / "practices")
        index_dir = tmp_path / "index"
        profile_queries = 200
        n_queries = QUERIES_PER_SECOND * (WARM_UP_SECONDS + args.seconds * 3) + profile_queries + args.workers + 1
        pool = QueryPool(search_paths(unique_queries(content, n_queries)))
        print(f"indexing {content} …", flush=True)
        build_index(content, index_dir)
        print("first search after start …", flush=True)
        first = first_searches(index_dir, content, args.workers, tmp_path / "first.log",
                               pool.take(args.workers + 1))
        print(f"  ready after {first['ready_seconds']:.1f} s; first searches {first['api_ms']} ms, "
              f"page {first['page_ms']:.0f} ms", flush=True)
        server = start_server(index_dir, content, args.workers, tmp_path / "server.log")
        try:
            health = server.wait_healthy()
            counts = health["index"].get("counts", {})
            corpus = {"practices": counts.get("practices", "?"), "chunks": counts.get("chunks", "?")}
            warm_up(server, pool.take(QUERIES_PER_SECOND * WARM_UP_SECONDS), tmp_path)
            # steady and slow-client runs in turns (A B B A, half a run each): the machine is shared,
            # and the share of throughput kept is only meaningful between runs of the same minutes
            halves: dict[str, list[dict]] = {"steady": [], slow_name: []}
            for name in ("steady", slow_name, slow_name, "steady"):
                print(f"run: {name} ({args.seconds // 2} s) …", flush=True)
                halves[name].append(run_scenario(server, pool.take(QUERIES_PER_SECOND * (args.seconds // 2)),
                                                 args.seconds // 2, args.connections, tmp_path,
                                                 slow_clients=SLOW_CLIENTS if name == slow_name else 0))
            for name, parts in halves.items():
                runs[name] = {**parts[-1], "result": combined([p["result"] for p in parts]),
                              "slow_connections": sum(p.get("slow_connections", 0) for p in parts)}
            print(f"run: with re-index ({args.seconds} s) …", flush=True)
            runs["with re-index"] = run_scenario(server, pool.take(QUERIES_PER_SECOND * args.seconds),
                                                 args.seconds, args.connections, tmp_path,
                                                 reindex=(content, index_dir))
            for name, run in runs.items():
                r = run["result"]
                print(f"  {name}: {r.requests} requests, {r.rps:.0f} req/s, p50 {r.p50_ms:.1f} ms, "
                      f"p99 {r.p99_ms:.1f} ms, errors {r.errors} (non-2xx {r.non_2xx}, socket {r.socket_errors}), "
                      f"repeated queries {r.repeated}")
        finally:
            server.stop()
        log_tail = (tmp_path / "server.log").read_text(errors="replace")
        if "Traceback" in log_tail:
            print("server log has a traceback:\n" + log_tail[-3000:])
        profile_text = None
        if not args.no_profile:
            from benchmarks.load_profile import profile_search

            profile_text = profile_search(index_dir, content, pool.take(profile_queries), rounds=1)
            print(profile_text)
    body = markdown(info, runs, args.workers, THREADS, args.connections, args.seconds, pool.used, corpus,
                    profile_text, first)
    if not args.no_write:
        write_section(body)
        print(f"wrote the load section of {README}")
    else:
        print(body)


if __name__ == "__main__":
    main()
