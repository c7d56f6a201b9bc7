"""Rate limits per client for the endpoints that do work for anyone (validation, previews,
proposals): a sliding window per client address, kept in the memory of each process.

In-process means per worker: with gunicorn's ``--workers N`` a client gets up to N times
the limit, and a restart forgets. That bounds what one client costs a worker, which is the
point; a shared limit belongs in the reverse proxy (docs/nginx.conf). The client is
``request.remote_addr``, the address that connected; behind N reverse proxies of one's own
(``TRUSTED_PROXIES`` = N, env ``KB_TRUSTED_PROXIES``), it is the address the outermost of
them saw: the N-th from the end of ``X-Forwarded-For``, which a client cannot forge (it can
only add entries in front). Without it, behind nginx every visitor would share one budget.
"""
from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque

from flask import Flask, current_app, request

#: Clients remembered per limiter; the least recently seen are forgotten first (a flood of
#: spoofed addresses costs memory up to here, no further).
MAX_CLIENTS = 10_000


class TooManyRequests(Exception):
    """Over the limit; ``retry_after`` is in whole seconds."""

    def __init__(self, retry_after: int, limit: int, window: float) -> None:
        super().__init__(f"more than {limit} requests in {window:g} seconds")
        self.retry_after = retry_after
        self.limit = limit
        self.window = window


class RateLimiter:
    """At most ``limit`` requests per ``window`` seconds per client."""

    def __init__(self, limit: int, window: float, clock=time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, client: str) -> None:
        """Count one request of ``client``.

        Raises:
            TooManyRequests: the client already made ``limit`` requests in the window.
        """
        now = self._clock()
        with self._lock:
            times = self._seen.pop(client, None) or deque()
            while times and times[0] <= now - self.window:
                times.popleft()
            self._seen[client] = times
            while len(self._seen) > MAX_CLIENTS:
                self._seen.popitem(last=False)
            if len(times) >= self.limit:
                raise TooManyRequests(max(1, math.ceil(times[0] + self.window - now)), self.limit, self.window)
            times.append(now)


def client_key() -> str:
    """The client's address: the connecting one, or the one the trusted proxies saw."""
    return client_address(request.remote_addr, request.headers.getlist("X-Forwarded-For"),
                          current_app.config.get("TRUSTED_PROXIES") or 0)


def client_address(remote_addr: str | None, forwarded_for: list[str], trusted_proxies: int) -> str:
    """``remote_addr``, or with ``trusted_proxies`` proxies in front, the address the outermost
    one was connected from: the ``trusted_proxies``-th entry of ``X-Forwarded-For`` counted
    from the end (each proxy appends the address it saw). Fewer entries than proxies: the
    request did not come through them all, so the connecting address is kept."""
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    if trusted_proxies > 0 and len(hops) >= trusted_proxies:
        return hops[-trusted_proxies]
    return remote_addr or "unknown"


class AppLimiter:
    """A :class:`RateLimiter` bound to the requests' client addresses."""

    def __init__(self, limit: int, window: float) -> None:
        self.limiter = RateLimiter(limit, window)
        self.limit, self.window = limit, window

    def hit_request(self) -> None:
        """Count the current request.

        Raises:
            TooManyRequests: over the limit.
        """
        self.limiter.hit(client_key())


EXTENSION_KEY = "kb_rate_limits"
#: name -> config key holding (requests, seconds); defaults in webapp.create_app
LIMITS = {"validate": "VALIDATE_RATE_LIMIT", "proposals": "PROPOSALS_RATE_LIMIT"}


def limiter(name: str) -> AppLimiter:
    """The app's limiter called ``name`` (see :data:`LIMITS`)."""
    return current_app.extensions[EXTENSION_KEY][name]


def init_app(app: Flask) -> None:
    import os

    if "TRUSTED_PROXIES" not in app.config:
        app.config["TRUSTED_PROXIES"] = _proxy_count(os.environ.get("KB_TRUSTED_PROXIES", ""))
    app.extensions[EXTENSION_KEY] = {name: AppLimiter(*app.config[key]) for name, key in LIMITS.items()}


def _proxy_count(text: str) -> int:
    if not text.strip():
        return 0
    if not text.strip().isdigit():
        raise ValueError(f'KB_TRUSTED_PROXIES must be the number of reverse proxies in front of the '
                         f'service (1 behind docs/nginx.conf), got "{text}"')
    return int(text)
