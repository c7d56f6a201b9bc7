"""Load generators for the load benchmark: wrk (Debian package) with a URL-rotating Lua script,
or, when wrk is missing, a small thread pool of keep-alive http.client connections."""
from __future__ import annotations

import http.client
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HOST = "127.0.0.1"

LUA = """
local paths = {%(paths)s}
local nthreads = %(threads)d
local threads = {}
local started = 0
function setup(thread)
  thread:set("id", started)
  started = started + 1
  table.insert(threads, thread)
end
function init(args)
  counter = 0
end
function request()
  -- thread t sends paths t, t + n, t + 2n, ...: no two requests share a query until the list wraps
  local i = id + counter * nthreads
  counter = counter + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  local generated = 0
  for _, thread in ipairs(threads) do
    generated = generated + (thread:get("counter") or 0)
  end
  io.write(string.format("KBLOAD %%d %%d %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, generated))
end
"""


@dataclass
class LoadResult:
    generator: str
    seconds: float
    requests: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int
    socket_errors: int
    #: requests that reused a query already sent in this run (the path list wrapped)
    repeated: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


def combined(parts: list[LoadResult]) -> LoadResult:
    """Runs of one condition taken in turns (A B B A) as one: requests and errors added up, p50
    weighted by requests, p99 and max the worst of the parts (an upper bound)."""
    requests = sum(p.requests for p in parts)
    return LoadResult(
        parts[0].generator, sum(p.seconds for p in parts), requests,
        sum(p.p50_ms * p.requests for p in parts) / requests if requests else 0.0,
        max(p.p99_ms for p in parts), max(p.max_ms for p in parts),
        sum(p.non_2xx for p in parts), sum(p.socket_errors for p in parts), sum(p.repeated for p in parts))


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(port: int, paths: list[str], seconds: int, connections: int, threads: int, workdir: Path) -> LoadResult:
    """Drive GET requests for ``paths`` (each once, in turn over the threads) with wrk for ``seconds``."""
    script = workdir / "rotate.lua"
    script.write_text(LUA % {"paths": ", ".join(_lua_string(p) for p in paths), "threads": threads},
                      encoding="utf-8")
    result = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
         "-s", str(script), f"http://{HOST}:{port}/"],
        capture_output=True, text=True, timeout=seconds + 60)
    line = next((l for l in result.stdout.splitlines() if l.startswith("KBLOAD ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{result.stdout}\n{result.stderr}")
    (requests, duration_us, connect, read, write, status, timeout,
     p50, p99, worst, generated) = (int(x) for x in line.split()[1:])
    return LoadResult("wrk", duration_us / 1e6, requests, p50 / 1000, p99 / 1000, worst / 1000,
                      non_2xx=status, socket_errors=connect + read + write + timeout,
                      repeated=max(0, generated - len(paths)))


def run_python(port: int, paths: list[str], seconds: int, connections: int) -> LoadResult:
    """The fallback: ``connections`` threads, each a keep-alive connection looping over ``paths``."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"non_2xx": 0, "socket": 0}

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        mine: list[float] = []
        i = offset
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += connections  # connection n sends paths n, n + c, …: each query once
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = 200 <= response.status < 300
            except (OSError, http.client.HTTPException):
                conn.close()  # reconnects on the next request
                with lock:
                    counts["socket"] += 1
                continue
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    counts["non_2xx"] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(worker, range(connections)))
    elapsed = time.monotonic() - started
    ms = np.asarray(latencies) * 1000 if latencies else np.zeros(1)
    sent = len(latencies) + counts["socket"]
    return LoadResult("python", elapsed, sent, float(np.percentile(ms, 50)),
                      float(np.percentile(ms, 99)), float(ms.max()), counts["non_2xx"], counts["socket"],
                      repeated=max(0, sent - len(paths)))


def run_load(port: int, paths: list[str], seconds: int, connections: int, workdir: Path) -> LoadResult:
    if have_wrk():
        return run_wrk(port, paths, seconds, connections, threads=min(2, connections), workdir=workdir)
    return run_python(port, paths, seconds, connections)
