"""Warm start: a served app answers its first search as fast as any other.

Without it, the first search of each process loads the embedding model and opens the index
(7.0 s in the browser, 3.9 s by curl, issue 13). ``kb serve`` therefore runs one search page
and one API search through the app before it takes requests: the development server before
it listens, each gunicorn worker after it is forked and before it accepts (gunicorn's
``post_worker_init``; forking a loaded model would share BLAS and OpenMP thread pools that do
not survive a fork). Until then, or when the warm-up failed, ``/healthz`` answers 503 with the
reason; an app made without ``WARM_START`` (tests, the static export) counts as warm.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote

from flask import Flask

log = logging.getLogger(__name__)

EXTENSION_KEY = "kb_warm"
#: The query of the warm-up: any text loads the model and the index; a realistic one also
#: touches the keyword index, the passages and the templates of a result page.
WARM_QUERY = "emergency shelter for women and children"
#: A failed warm-up is tried again by /healthz at most this often (seconds).
RETRY_SECONDS = 1.0


@dataclass
class WarmState:
    """Whether this process has run its warm-up, and why not yet."""

    warm: bool
    reason: str
    seconds: float | None = None
    tried_at: float | None = None

    def __post_init__(self) -> None:
        self.lock = threading.Lock()


def state_of(app: Flask) -> WarmState:
    return app.extensions[EXTENSION_KEY]


def warm_up(app: Flask) -> WarmState:
    """Run one search page and one API search through ``app``; mark it warm when both answer 200.

    Never raises: a failure is logged and kept as the reason /healthz gives.
    """
    state = state_of(app)
    with state.lock:
        if state.warm:
            return state
        began = time.perf_counter()
        state.tried_at = time.monotonic()
        try:
            client = app.test_client(use_cookies=False)
            for path in (f"/search?q={quote(WARM_QUERY)}", f"/api/search?q={quote(WARM_QUERY)}&limit=1"):
                status = client.get(path).status_code
                if status != 200:
                    state.reason = (f"warming up failed: {path.split('?')[0]} answered {status} "
                                    "(see the server log; `kb index` builds a missing index)")
                    log.error("warm-up: %s", state.reason)
                    return state
        except Exception as exc:  # the server must still start and say why it is not ready
            state.reason = f"warming up failed: {type(exc).__name__} (see the server log)"
            log.exception("warm-up failed")
            return state
        state.seconds = time.perf_counter() - began
        state.warm, state.reason = True, "warm"
        log.info("warm in %.2f s (model, index and one search)", state.seconds)
        return state


def ready_or_reason(app: Flask) -> str | None:
    """None when ``app`` is warm, else why not (a failed warm-up is retried now and then)."""
    state = state_of(app)
    if state.warm:
        return None
    if state.tried_at is not None and time.monotonic() - state.tried_at >= RETRY_SECONDS:
        warm_up(app)
    return None if state.warm else state.reason


def init_app(app: Flask) -> None:
    needs = bool(app.config.get("WARM_START"))
    app.extensions[EXTENSION_KEY] = WarmState(
        warm=not needs, reason="starting: loading the embedding model and the index" if needs else "warm")
