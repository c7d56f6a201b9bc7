"""Slow clients cannot starve `kb serve --prod`: while sockets send their headers one line
every 5 s (as the review did), every normal client gets its answers; a client that never
finishes its headers gets 408 and is disconnected; and the errors gunicorn answers itself
carry the site's security headers (issue 14 items 2 and 20). Correctness only: the
deadlines below are generous bounds for a shared machine, not measurements."""
from __future__ import annotations

import http.client
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.load_server import HOST
from benchmarks.load_slow import SlowClient
from reliability_serving import QUERIES, search_path

from webapp.security import SECURITY_HEADERS

@pytest.fixture
def slow_clients(server, request):
    clients = [SlowClient(server.port) for _ in range(request.param)]
    for client in clients:
        client.start()
    yield clients
    for client in clients:
        client.stop()


def _search(port: int, query: str) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("GET", search_path(query))
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.mark.parametrize("slow_clients", [2, 8], indirect=True)
def test_thirty_clients_get_every_answer_while_slow_sockets_dawdle(server, slow_clients):
    threading.Event().wait(1.0)  # the slow sockets are connected and sending
    jobs = [QUERIES[i % len(QUERIES)] for i in range(90)]
    with ThreadPoolExecutor(30) as pool:
        statuses = list(pool.map(lambda q: _safe_search(server.port, q), jobs))
    assert statuses.count(200) == 90, statuses
    assert all(client.connections >= 1 for client in slow_clients)


def _safe_search(port: int, query: str) -> int | str:
    try:
        return _search(port, query)
    except (OSError, http.client.HTTPException) as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("slow_clients", [1], indirect=True)
def test_a_client_that_never_finishes_its_headers_gets_408_and_is_disconnected(server, slow_clients):
    client = slow_clients[0]
    for _ in range(120):  # about a minute at most; the server's deadline is 10 s
        if client.answers:
            break
        threading.Event().wait(0.5)
    assert client.answers, "the server never ended the dawdling connection"
    answer = client.answers[0]
    assert answer.startswith(b"HTTP/1.1 408 ")
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    for name in SECURITY_HEADERS:
        assert f"\r\n{name.lower()}: " in head
    assert "Traceback" not in server.log_text()


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection((HOST, port), timeout=30) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            data = sock.recv(65536)
            if not data:
                return b"".join(chunks)
            chunks.append(data)


@pytest.mark.parametrize("request_bytes, status", [
    (b"NOT A REQUEST LINE\r\n\r\n", 400),
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(150)) + b"\r\n", 431),
    (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"v" * 9000 + b"\r\n\r\n", 431),
])
def test_errors_gunicorn_answers_itself_carry_the_security_headers(server, request_bytes, status):
    answer = _raw(server.port, request_bytes)
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert head.startswith(f"HTTP/1.1 {status} "), head[:200]
    lowered = head.lower()
    for name, value in SECURITY_HEADERS.items():
        assert f"\r\n{name.lower()}: {value.lower()}" in lowered, name
