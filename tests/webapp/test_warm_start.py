"""Warm start (issue 13): `kb serve` loads the model and the index and runs a search in every
process before it takes requests, and /healthz answers 200 only once that is done. (How fast the
first search then is, is measured by the load benchmark, never here.)"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from webapp.warmup import state_of, warm_up


def warm_start_app(app_factory, content, index):
    return app_factory(content, index, WARM_START=True)


def test_healthz_is_503_with_a_reason_until_the_process_is_warm(site, app_factory):
    app = warm_start_app(app_factory, *site)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "starting",
                                   "message": "starting: loading the embedding model and the index"}


def test_healthz_is_200_once_warm(site, app_factory):
    app = warm_start_app(app_factory, *site)
    assert warm_up(app).warm
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


def test_warm_up_opens_the_index_and_loads_the_model(site, app_factory):
    app = warm_start_app(app_factory, *site)
    warm_up(app)
    index = app.extensions["kb_index"].index
    assert index is not None and index._embedder is not None  # loaded lazily: the warm-up loaded it


def test_a_failed_warm_up_keeps_healthz_at_503_and_says_why(site, app_factory, tmp_path):
    content, _ = site
    app = warm_start_app(app_factory, content, tmp_path / "no-index")
    state = warm_up(app)
    assert not state.warm
    assert "answered 503" in state.reason and "kb index" in state.reason
    body = app.test_client().get("/healthz").get_json()
    assert body["status"] == "starting" and "warming up failed" in body["message"]


def test_an_app_not_started_by_kb_serve_needs_no_warm_up(client):
    assert client.get("/healthz").status_code == 200


def test_warm_up_runs_once(site, app_factory):
    app = warm_start_app(app_factory, *site)
    first = warm_up(app).seconds
    assert warm_up(app).seconds == first and state_of(app).warm


def read_until(path: Path, text: str, process: subprocess.Popen, seconds: float = 180) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log = path.read_text(encoding="utf-8", errors="replace")
        if text in log:
            return log
        if process.poll() is not None:
            raise AssertionError(f"kb serve exited with {process.returncode}: {log[-2000:]}")
        time.sleep(0.2)
    raise AssertionError(f"no {text!r} in the log of kb serve: {path.read_text(encoding='utf-8')[-2000:]}")


def serve(args: list[str], site, tmp_path: Path) -> tuple[subprocess.Popen, Path, int]:
    import socket

    content, index = site
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "serve.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "kb", "serve", *args, "--port", str(port), "--index", str(index),
         "--content", str(content)],
        stdout=subprocess.DEVNULL, stderr=log.open("wb"), cwd=tmp_path)
    return process, log, port


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_gunicorn_reports_ready_after_every_worker_is_warm(site, tmp_path):
    import urllib.request

    process, log_path, port = serve(["--prod", "--workers", "2"], site, tmp_path)
    try:
        log = read_until(log_path, "Ready:", process)
        assert log.count("warm in") == 2
        assert log.index("Ready:") > max(i for i in range(len(log)) if log.startswith("warm in", i))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as response:
            assert response.status == 200
    finally:
        stop(process)


def test_development_server_warms_up_before_it_listens(site, tmp_path):
    process, log_path, _ = serve([], site, tmp_path)
    try:
        log = read_until(log_path, "Ready:", process)
        assert "warm in" in log.split("Ready:")[1].splitlines()[0]
    finally:
        stop(process)



def test_ready_is_said_once_the_last_worker_has_finished_warming_up():
    import logging

    from webapp.cli import ready_line

    assert ready_line("http://127.0.0.1:5000", 1, 1, 2) is None
    assert ready_line("http://127.0.0.1:5000", 2, 2, 2) == (logging.INFO, "Ready: http://127.0.0.1:5000 (2 workers warm)")


def test_ready_says_how_many_workers_are_warm_when_a_warm_up_failed():
    import logging

    from webapp.cli import ready_line

    level, line = ready_line("http://127.0.0.1:5000", 2, 1, 2)
    assert level == logging.ERROR
    assert line.startswith("Ready: http://127.0.0.1:5000 (1 of 2 workers warm;") and "503" in line
