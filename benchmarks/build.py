"""Section 3: full build throughput, incremental rebuild after one changed file, memory per process."""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import synthetic
from benchmarks.report import Section, Table, Target

FILES = 1_000
TARGET_SHARE = 0.05
ROOT = Path(__file__).resolve().parents[1]


def _child(*args) -> dict:
    """Run a step of benchmarks.child in a new interpreter; its JSON result."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.child", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.child {args[0]} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(source: Path, queries: list[str], files: int = FILES) -> Section:
    """Build ``files`` synthetic practice files made from ``source`` and measure the builds."""
    section = Section("3. Build and memory")
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        content, index = Path(tmp) / "practices", Path(tmp) / "index"
        written = synthetic.write_practice_files(source, content, files)
        # Change files from the middle of the sorted order: neither first nor last is a special case.
        ordered = sorted(written)
        picks = [ordered[len(ordered) // 2], ordered[len(ordered) // 3], ordered[2 * len(ordered) // 3]]
        built = _child("build", content, index, picks[0], picks[1])
        cold = _child("incremental", content, index, picks[2])
        qfile = Path(tmp) / "queries.json"
        qfile.write_text(json.dumps(queries), encoding="utf-8")
        served = _child("serve", index, qfile)

    full, incr = built["full"], built["incremental"]
    share = incr["seconds"] / full["seconds"] if full["seconds"] else float("nan")
    throughput = Table("Full and incremental build", ["Build", "Files", "Chunks", "Embedded chunks", "Seconds",
                                                     "Chunks/s", "Share of full build"])
    throughput.add("full", files, full["chunks"], full["embedded_chunks"], full["seconds"],
                   full["embedded_chunks"] / full["seconds"] if full["seconds"] else float("nan"), 1.0)
    throughput.add("incremental, 1 file changed (same process)", files, incr["chunks"], incr["embedded_chunks"],
                   incr["seconds"], float("nan"), share)
    cold_s = cold["report"]["seconds"]
    throughput.add("incremental, 1 file changed (new process, as `kb index`)", files, cold["report"]["chunks"],
                   cold["report"]["embedded_chunks"], cold["process_s"], float("nan"),
                   cold["process_s"] / full["seconds"] if full["seconds"] else float("nan"))
    memory = Table("Peak memory per process", ["Process", "Peak RSS MiB"])
    memory.add("full build (fresh process, peak through the full build)", built["peak_rss_full_mib"])
    memory.add("incremental build of one changed file (fresh process)", cold["peak_rss_mib"])
    memory.add("search process: model loaded, before opening the index", served["peak_rss_model_mib"])
    memory.add(f"search process: index opened, {served['queries']} searches served", served["peak_rss_mib"])
    memory.add("benchmark runner (this process: real-corpus index, latency scales up to the largest)",
               round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
    profiled = built["profile"]
    prof = Table(profiled["name"], profiled["headers"], profiled["rows"])
    section.tables += [throughput, memory, prof]
    section.targets.append(Target(
        f"incremental rebuild of one file ≤ {TARGET_SHARE:.0%} of the full build at {files:,} files",
        f"{incr['seconds']:.2f} s vs {full['seconds']:.1f} s = {share:.1%}", f"≤ {TARGET_SHARE:.0%}",
        bool(share <= TARGET_SHARE)))
    section.notes.append(
        f"Corpus: {files:,} practice files written to a temporary folder by copying the valid files of "
        f"`{source}` round-robin with new ids (file name = id) and a numbered title, so every file is "
        "parsed, chunked and embedded as a real one. The full build (`build_index(full=True)`) and the first "
        "incremental build run in one fresh process (model already loaded for the incremental); the "
        f"incremental build after editing one more file also runs alone in a new process ({cold_s:.2f} s "
        "inside build_index, the rest is interpreter start, imports and model load). Peak RSS of a child process is "
        "its VmHWM from /proc/self/status: `resource.getrusage(RUSAGE_SELF).ru_maxrss` is kept across exec on "
        f"Linux, so the children reported the runner's peak (ru_maxrss said {served['ru_maxrss_mib']:,.0f} MiB "
        "for the search process); the runner's own row is its ru_maxrss; the search process opens this "
        f"{full['chunks']:,}-chunk index ({served['open_s']:.2f} s to open, with checksums).")
    section.data.update(built=built, cold=cold, served=served, share=share)
    return section
