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

#: Every request's query is made unique (" r<request>t<thread>" appended to the judged query)
#: so the server's query cache never answers: the load measures first-time queries.
LUA = """
local paths = {%(paths)s}
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("offset", math.random(1, #paths))
  thread:set("id", threads)
end
function request()
  counter = counter + 1
  local path = paths[((counter + (offset or 0)) %% #paths) + 1]
  return wrk.format("GET", path .. "+r" .. counter .. "t" .. (id or 0))
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KBLOAD %%d %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
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

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(port: int, paths: list[str], seconds: int, connections: int, threads: int, workdir: Path) -> LoadResult:
    """Drive GET requests for ``paths`` (rotating) with wrk for ``seconds``."""
    script = workdir / "rotate.lua"
    script.write_text(LUA % {"paths": ", ".join(_lua_string(p) for p in paths)}, encoding="utf-8")
    result = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
         "-s", str(script), f"http://{HOST}:{port}/"],
        capture_output=True, text=True, timeout=seconds + 60)
    line = next((l for l in result.stdout.splitlines() if l.startswith("KBLOAD ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{result.stdout}\n{result.stderr}")
    (requests, duration_us, connect, read, write, status, timeout,
     p50, p99, worst) = (int(x) for x in line.split()[1:])
    return LoadResult("wrk", duration_us / 1e6, requests, p50 / 1000, p99 / 1000, worst / 1000,
                      non_2xx=status, socket_errors=connect + read + write + timeout)


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
            path = f"{paths[i % len(paths)]}+r{i}t{offset}"  # unique, as with wrk: no cache hits
            i += 1
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
        list(pool.map(worker, range(0, connections * 7, 7)))
    elapsed = time.monotonic() - started
    ms = np.asarray(latencies) * 1000 if latencies else np.zeros(1)
    return LoadResult("python", elapsed, len(latencies) + counts["socket"], float(np.percentile(ms, 50)),
                      float(np.percentile(ms, 99)), float(ms.max()), counts["non_2xx"], counts["socket"])


def run_load(port: int, paths: list[str], seconds: int, connections: int, workdir: Path) -> LoadResult:
    if have_wrk():
        return run_wrk(port, paths, seconds, connections, threads=min(2, connections), workdir=workdir)
    return run_python(port, paths, seconds, connections)
