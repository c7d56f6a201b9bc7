"""`kb serve --prod`: gunicorn with threaded workers that slow clients cannot starve.

A sync worker answers one connection at a time, so two sockets that send their headers one
line every 5 s held both workers and no other client got an answer (issue 14 item 2).
Here each worker process (one model and index in memory) serves requests on a pool of
threads, and :class:`GuardedThreadWorker` adds what gunicorn's threaded worker lacks:

- a deadline for the request line and headers (:data:`HEADER_SECONDS`): a client that
  has not sent them whole by then gets ``408`` and is disconnected, so a thread is never
  held longer than that by a client that dawdles (gunicorn itself waits only for the
  first byte, then reads the rest for as long as the client keeps sending);
- the site's security headers on the errors gunicorn answers itself, before the app sees
  the request (400 bad request line, 414 line too long, 431 too many or too large headers).

Behind a public address, put nginx in front (docs/nginx.conf): it buffers whole requests
and responses, so no slow client reaches gunicorn at all.
"""
from __future__ import annotations

import socket
import threading
import time

from gunicorn.workers.gthread import ThreadWorker

from webapp.security import SECURITY_HEADERS

#: Seconds a client has for its request line and headers (a browser sends them in one
#: packet; nginx's client_header_timeout defaults to 60 s between reads, Apache's
#: mod_reqtimeout to 20–40 s for the whole header). Counted from the first byte.
HEADER_SECONDS = 10.0
#: Threads per worker: each can be held up to HEADER_SECONDS by one dawdling client; the
#: requests themselves are CPU-bound, so more threads than that buy nothing.
THREADS = 16
#: gunicorn's ``timeout``: the main loop of a threaded worker reports every second whatever
#: its threads do, so a worker silent for this long is stuck and is restarted.
WORKER_TIMEOUT = 30
#: Seconds an idle kept-alive connection waits in the worker's poller (holding no thread).
KEEPALIVE_SECONDS = 5
#: Longest request line: a 500-character query in a non-Latin script is about 4,500
#: characters percent-encoded (gunicorn's default of 4094 answered 414); 8190 is its maximum.
LIMIT_REQUEST_LINE = 8190


def _security_header_lines() -> bytes:
    return b"".join(f"{name}: {value}\r\n".encode("latin-1") for name, value in SECURITY_HEADERS.items())


def with_security_headers(response: bytes) -> bytes:
    """An HTTP/1.x response (status line, headers, body) with the site's security headers
    added after its status line."""
    status, sep, rest = response.partition(b"\r\n")
    if not sep or not status.startswith(b"HTTP/"):
        return response
    return status + b"\r\n" + _security_header_lines() + rest


def request_timeout_response() -> bytes:
    body = (b"Request Timeout\nThe request headers did not arrive in time. "
            b"Send the whole request at once and try again.\n")
    return (b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n"
            + _security_header_lines()
            + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


class _SecureErrorSocket:
    """The client socket as gunicorn's error writer uses it: what it sends gets the site's
    security headers (gunicorn writes its 400/414/431 pages itself, the app never sees them)."""

    def __init__(self, sock) -> None:
        self._sock = sock

    def sendall(self, data: bytes) -> None:
        self._sock.sendall(with_security_headers(bytes(data)))

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


class GuardedThreadWorker(ThreadWorker):
    """gunicorn's threaded worker with a header deadline and secured error responses."""

    header_seconds = HEADER_SECONDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # connections whose request line and headers are being read: id -> (conn, deadline)
        self._reading: dict[int, tuple[object, float]] = {}
        self._reading_lock = threading.Lock()

    def handle(self, conn):
        """Runs in a pool thread; the deadline holds until the headers are parsed."""
        with self._reading_lock:
            self._reading[id(conn)] = (conn, time.monotonic() + self.header_seconds)
        try:
            return super().handle(conn)
        finally:
            with self._reading_lock:
                self._reading.pop(id(conn), None)

    def handle_request(self, req, conn):
        """Headers parsed: no deadline for the app's work (gunicorn's ``timeout`` watches that)."""
        with self._reading_lock:
            self._reading.pop(id(conn), None)
        if getattr(conn, "kb_cut", False):  # cut by the deadline just before: do not answer
            return False
        return super().handle_request(req, conn)

    def murder_pending(self) -> None:
        """Runs on the main loop about once a second, with gunicorn's own expiry."""
        super().murder_pending()
        self.cut_slow_readers()

    def cut_slow_readers(self) -> None:
        """Answer 408 and disconnect every client whose headers are overdue; the pool thread
        blocked reading them sees the connection end and is free again."""
        now = time.monotonic()
        with self._reading_lock:
            late = [conn for conn, deadline in self._reading.values() if deadline <= now]
            for conn in late:
                del self._reading[id(conn)]
                conn.kb_cut = True
        for conn in late:
            try:
                conn.sock.send(request_timeout_response(), socket.MSG_DONTWAIT)
            except OSError:
                pass
            try:
                conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.log.warning("Request headers from %s not complete after %.0f s: answered 408 and closed",
                             conn.client[0] if conn.client else "?", self.header_seconds)

    def handle_error(self, req, client, addr, exc) -> None:
        super().handle_error(req, _SecureErrorSocket(client), addr, exc)
