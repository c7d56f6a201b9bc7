"""The search index, opened once per process and swapped when `kb index` publishes a new one.

Each request checks ``indexer.store.current_version`` (one small read). When the version
changed, the first request to notice opens the new index while concurrent requests keep
using the old one; if the new one cannot be opened the last good index stays in service
and the failure is logged once per version.

Every answer follows from what is on disk, so that all workers give the same one: when
``CURRENT`` is gone (the index folder was removed), there is no index, as for `kb serve`
at start, and every worker answers 503 — also one that still has an index open and would
otherwise keep serving it while a newly started worker cannot.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g

log = logging.getLogger(__name__)

EXTENSION_KEY = "kb_index"


class IndexHolder:
    """The live index of one app and the version it was opened from."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self.index: Any = None
        self.version: str | None = None
        self.failed_version: str | None = None
        self.error: Exception | None = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        """The current index, reopened if a new version was published.

        Raises:
            indexer.errors.IndexProblem: when no index could ever be opened (e.g. IndexMissing).
        """
        from indexer.errors import IndexMissing
        from indexer.store import current_version

        try:
            latest = current_version(self.index_dir)
        except Exception as exc:  # an unreadable CURRENT must not break a working server
            log.warning("cannot read the index version in %s: %s", self.index_dir, exc)
            latest = self.version
        else:
            if latest is None:  # CURRENT is gone, or its whole folder: no index, for every worker
                self._forget()
                raise IndexMissing(self.index_dir)
        if self.index is not None and latest in (self.version, self.failed_version, None):
            return self.index
        if self.index is None:
            with self._lock:  # nothing to serve meanwhile: everyone waits for the first load
                if self.index is None or latest not in (self.version, self.failed_version):
                    self._load(latest)
            if self.index is None:
                raise self.error  # type: ignore[misc]
            return self.index
        if self._lock.acquire(blocking=False):  # others keep serving the old index
            try:
                if latest not in (self.version, self.failed_version):
                    self._load(latest)
            finally:
                self._lock.release()
        return self.index

    def _forget(self) -> None:
        """Drop the open index (its folder is gone): the next good version is opened afresh."""
        with self._lock:
            if self.index is not None:
                log.error("the index in %s is gone (no CURRENT); answering 503 until `kb index` "
                          "builds one", self.index_dir)
            self.index, self.version, self.failed_version, self.error = None, None, None, None

    def _load(self, latest: str | None) -> None:
        from indexer.store import open_index

        try:
            # exactly the version this request saw: CURRENT may move again meanwhile, and a
            # failure must be recorded against the version that failed
            fresh = open_index(self.index_dir, version=latest)
        except Exception as exc:  # IndexProblem, or a half-written or foreign folder alike
            self._failed(latest, exc)
            return
        self.index, self.version = fresh, getattr(fresh, "version", latest)
        self.failed_version, self.error = None, None
        log.info("serving index version %s from %s", self.version, self.index_dir)

    def _earlier(self, latest: str | None) -> Any:
        """The newest earlier version that opens, for a process that has none loaded yet
        (a worker started after the good index was replaced by a broken one)."""
        from indexer.store import open_index, versions

        for version in versions(self.index_dir):
            if latest is not None and version >= latest:
                continue
            try:
                return open_index(self.index_dir, version=version)
            except Exception:  # that one is broken too: try the one before
                continue
        return None

    def _failed(self, latest: str | None, exc: Exception) -> None:
        self.error = exc
        if self.index is None:
            earlier = self._earlier(latest)
            if earlier is None:
                log.error("cannot open the index in %s: %s", self.index_dir, exc)
                return  # nothing to fall back to: retry on the next request
            self.index, self.version = earlier, earlier.version
        self.failed_version = latest
        log.error("cannot open index version %s in %s (%s); still serving version %s",
                  latest, self.index_dir, exc, self.version)


def get_index() -> Any:
    """The indexer ``Index`` of the current app (cached for the request).

    Raises:
        indexer.errors.IndexProblem: no usable index (the error says to run `kb index`).
    """
    if "kb_index" not in g:
        g.kb_index = current_app.extensions[EXTENSION_KEY].get()
    return g.kb_index


def init_app(app: Flask) -> None:
    """Attach an index holder for ``app.config['INDEX_DIR']`` (opened lazily)."""
    app.extensions[EXTENSION_KEY] = IndexHolder(app.config["INDEX_DIR"])
