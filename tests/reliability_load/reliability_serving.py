"""Helpers for the serving tests: `kb serve --prod` (gunicorn) on a free 127.0.0.1 port and a
small concurrent client that records every failed request. Nothing here times anything.

(A module of its own, not conftest: every test folder has a conftest, so none can be imported.)"""
from __future__ import annotations

import functools
import http.client
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import load_server
from benchmarks.load_server import Server, get_json

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "corpus"
QUERIES = ["Frauenhaus", "drogues", "needle exchange", "hébergement d'urgence", "custodi sociali anziani",
           "syringe", "refugio violencia", "pasti caldi"]


# The load benchmark's loopback client, with a patient timeout: a worker's first search loads
# the model, and CI machines are shared.
get = functools.partial(get_json, timeout=60.0)


def search_path(query: str) -> str:
    return "/api/search?" + urllib.parse.urlencode({"q": query})


@dataclass
class Load:
    """``total`` /api/search requests from ``threads`` threads, in the background; records every failure."""

    port: int
    total: int = 200
    threads: int = 4
    ok: int = 0
    failures: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _threads: list[threading.Thread] = field(default_factory=list)

    def _run(self, number: int) -> None:
        for i in range(self.total // self.threads):
            path = search_path(QUERIES[(number + i) % len(QUERIES)])
            try:
                status, body = get(self.port, path)
                good = status == 200 and isinstance(body.get("results"), list)
                problem = "" if good else f"{path}: HTTP {status} {str(body)[:200]}"
            except (OSError, http.client.HTTPException) as exc:
                problem = f"{path}: {type(exc).__name__}: {exc}"
            with self._lock:
                if problem:
                    self.failures.append(problem)
                else:
                    self.ok += 1

    def start(self) -> "Load":
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(self.threads)]
        for thread in self._threads:
            thread.start()
        return self

    def done(self) -> bool:
        return not any(t.is_alive() for t in self._threads)

    def join(self) -> None:
        for thread in self._threads:
            thread.join(timeout=300)
        assert self.done(), "the client threads did not finish"


def start_server(content: Path, index: Path, log: Path, workers: int = 2) -> Server:
    """`kb serve --prod` on a free loopback port, answering /healthz (the load benchmark's server)."""
    return load_server.start_server(index, content, workers, log)
