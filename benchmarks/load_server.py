"""A throwaway `kb serve --prod` on loopback for the load benchmark: index, start, wait, inspect, stop."""
from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def kb_command() -> list[str]:
    """`kb` of this interpreter's environment (works without the venv on PATH)."""
    return [sys.executable, "-m", "kb"]


def copy_content(source: Path, target: Path) -> Path:
    """A private copy of the practices folder that the benchmark may edit."""
    shutil.copytree(source, target)
    return target


def build_index(content: Path, index_dir: Path) -> float:
    """Run `kb index` (exit 0 or 1: skipped files are the corpus's business); return seconds taken."""
    started = time.perf_counter()
    result = subprocess.run(kb_command() + ["index", "--content", str(content), "--index", str(index_dir)],
                            capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"kb index failed ({result.returncode}): {result.stderr[-2000:]}")
    return time.perf_counter() - started


def touch_practice(content: Path, marker: str) -> Path:
    """Append a sentence to one practice so the next `kb index` has a changed file to embed."""
    path = sorted(content.rglob("*.md"))[0]
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\n\nLoad benchmark edit {marker}: a changed paragraph that the re-index must pick up.\n")
    return path


def get_json(port: int, path: str, timeout: float = 10.0) -> tuple[int, dict]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        try:
            return response.status, json.loads(body)
        except ValueError:
            return response.status, {}
    finally:
        conn.close()


def rss_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in KiB; PSS splits pages shared between workers fairly."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


@dataclass
class Server:
    """A running `kb serve --prod` (the gunicorn master) and its log file."""

    port: int
    process: subprocess.Popen
    log_path: Path
    peak_rss: dict[int, int] = field(default_factory=dict)

    def workers(self) -> list[int]:
        """Process ids of the gunicorn workers (children of the master)."""
        children: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            try:
                children += [int(x) for x in (task / "children").read_text().split()]
            except OSError:
                continue
        return sorted(set(children))

    def sample_memory(self) -> list[tuple[int, int, int]]:
        """(pid, RSS KiB, PSS KiB) for each worker now; keeps each worker's peak RSS."""
        rows = []
        for pid in self.workers():
            rss, pss = rss_kib(pid)
            if rss:
                self.peak_rss[pid] = max(self.peak_rss.get(pid, 0), rss)
                rows.append((pid, rss, pss))
        return rows

    def log_text(self) -> str:
        """What the server wrote to its log so far (gunicorn's and the app's messages)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_healthy(self, timeout: float = 120.0) -> dict:
        """The /healthz body, once every worker has finished its warm-up (the log's ``Ready:``)
        and one answers 200: a worker still warming up when a test or a benchmark begins would
        meet whatever that test does to the index half-way through its warm-up."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kb serve exited with {self.process.returncode}; log: {self.log_text()[-2000:]}")
            if "Ready:" in self.log_text():
                try:
                    status, body = get_json(self.port, "/healthz", timeout=30)
                    if status == 200:
                        return body
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError(f"kb serve did not become healthy on port {self.port} within {timeout:.0f}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn: graceful shutdown of the workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def launch(index_dir: Path, content: Path, workers: int, log_path: Path) -> Server:
    """`kb serve --prod --workers N` on a free loopback port, just started (not waited for)."""
    port = free_port()
    log = log_path.open("wb")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        kb_command() + ["serve", "--prod", "--host", HOST, "--port", str(port), "--workers", str(workers),
                        "--index", str(index_dir), "--content", str(content)],
        stdout=subprocess.DEVNULL, stderr=log, env=env)  # stdout is gunicorn's access log
    return Server(port, process, log_path)


def timed_get(port: int, path: str, timeout: float = 60.0) -> tuple[int, float]:
    """(status, milliseconds) of one GET on a new connection."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        conn.close()


def first_searches(index_dir: Path, content: Path, workers: int, log_path: Path, paths: list[str],
                   timeout: float = 300.0) -> dict:
    """Start `kb serve --prod`, wait until it reports ``Ready:`` in its log (every worker warm),
    then time the first requests it ever serves: one search per worker on the API (each a query
    of its own, so no cache helps) and one search page. Stops the server."""
    started = time.perf_counter()
    server = launch(index_dir, content, workers, log_path)
    try:
        deadline = time.monotonic() + timeout
        while "Ready:" not in server.log_text():
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kb serve did not report ready; log: {server.log_text()[-2000:]}")
            time.sleep(0.05)
        ready_seconds = time.perf_counter() - started
        api = [timed_get(server.port, path) for path in paths[:workers]]
        page = timed_get(server.port, paths[workers].replace("/api/search?", "/search?", 1))
    finally:
        server.stop()
    bad = [status for status, _ in [*api, page] if status != 200]
    if bad:
        raise RuntimeError(f"first searches answered {bad}")
    return {"ready_seconds": ready_seconds, "api_ms": [ms for _, ms in api], "page_ms": page[1]}


def start_server(index_dir: Path, content: Path, workers: int, log_path: Path) -> Server:
    """`kb serve --prod --workers N` on a free loopback port, healthy and warmed (model loaded)."""
    server = launch(index_dir, content, workers, log_path)
    server.wait_healthy()
    return server
