"""Slow clients for the load benchmark and the serving tests: sockets that send a request
line, then one header line every few seconds, and connect again whenever the server ends
the connection (what the outside review did to starve `kb serve --prod`)."""
from __future__ import annotations

import socket
import threading
import urllib.parse

HOST = "127.0.0.1"
#: As in the review: one header line every 5 s.
LINE_SECONDS = 5.0


class SlowClient(threading.Thread):
    """One dawdling socket, reconnecting until :meth:`stop`; counts its connections and keeps
    what the server sent back before it closed each one."""

    def __init__(self, port: int, line_seconds: float = LINE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.line_seconds = line_seconds
        self.stopping = threading.Event()
        self.connections = 0
        self.answers: list[bytes] = []

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                sock = socket.create_connection((HOST, self.port), timeout=5)
            except OSError:
                self.stopping.wait(0.5)
                continue
            self.connections += 1
            with sock:
                try:
                    path = "/api/search?" + urllib.parse.urlencode({"q": "slow client"})
                    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n".encode())
                    self._dawdle(sock)
                except OSError:
                    pass

    def _dawdle(self, sock: socket.socket) -> None:
        line = 0
        while not self.stopping.wait(self.line_seconds):
            sock.settimeout(0.05)
            try:
                data = sock.recv(65536)
            except socket.timeout:
                data = None
            if data is not None:  # the server answered or closed: start again
                self.answers.append(data)
                return
            line += 1
            sock.settimeout(5)
            sock.sendall(f"X-Slow-{line}: still typing\r\n".encode())

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)


class SlowClients:
    """``count`` slow clients, started and stopped together (a context manager)."""

    def __init__(self, port: int, count: int) -> None:
        self.clients = [SlowClient(port) for _ in range(count)]

    def __enter__(self) -> "SlowClients":
        for client in self.clients:
            client.start()
        return self

    def __exit__(self, *exc) -> None:
        for client in self.clients:
            client.stopping.set()
        for client in self.clients:
            client.stop()

    @property
    def connections(self) -> int:
        return sum(c.connections for c in self.clients)
