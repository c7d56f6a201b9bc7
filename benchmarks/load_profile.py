"""Where one /api/search request spends its time: cProfile over the Flask request path in-process."""
from __future__ import annotations

import cProfile
import io
import pstats
from pathlib import Path


def profile_search(index_dir: Path, content: Path, paths: list[str], rounds: int = 2, top: int = 30) -> str:
    """Cumulative-time table of the top functions over ``rounds`` passes of ``paths`` (model pre-loaded)."""
    import os

    os.environ.setdefault("KB_EMBED_THREADS", "1")  # as in one of two gunicorn workers on 2 cores
    from webapp import create_app

    app = create_app({"INDEX_DIR": str(index_dir), "CONTENT_DIR": str(content), "TESTING": True})
    client = app.test_client()
    for path in paths[:3]:  # load the model and the index outside the profile
        client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        for path in paths:
            client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    requests = rounds * len(paths)
    lines = [l for l in out.getvalue().splitlines() if l.strip()]
    # keep the header line with the totals and the table
    body = "\n".join(l for l in lines if l.lstrip()[:1].isdigit() and "function calls" not in l or "ncalls" in l)
    total = stats.total_tt
    return f"{requests} requests, {1000 * total / requests:.1f} ms per request under the profiler\n{body}"
