"""The exchange records of EXCHANGES_DIR, loaded once and reloaded when a file changes.

Like :mod:`webapp.content` for practices: the signatures of the files (mtime, size, inode),
checked at most every ``CONTENT_CHECK_SECONDS``, and all of them read again when one changes
(there are a handful); links to practices are resolved against the served corpus,
so the records are also reloaded when the corpus is. ``EXCHANGES_DIR`` defaults to
``$KB_EXCHANGES_DIR``, else the folder ``exchanges`` beside ``CONTENT_DIR``.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from kb.exchange import ExchangeRecord
from kb.exchange_load import EXCHANGES_ENV, ExchangeDocument, load_exchanges
from webapp.content import get_corpus, signatures

log = logging.getLogger(__name__)

EXTENSION_KEY = "kb_exchanges"


class ExchangeCache:
    """The good exchange records of one folder, by id, reloaded when the folder or the corpus changes."""

    def __init__(self, folder: Path, check_seconds: float) -> None:
        self.folder = Path(folder)
        self.check_seconds = check_seconds
        self.documents: list[ExchangeDocument] = []
        self.by_id: dict[str, ExchangeDocument] = {}
        self._key: tuple | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def get(self) -> dict[str, ExchangeDocument]:
        corpus = get_corpus()
        now = time.monotonic()
        if self._key is not None and self._key[1] == id(corpus) and now - self._checked_at < self.check_seconds:
            return self.by_id
        with self._lock:
            key = (tuple(sorted(signatures(self.folder).items())), id(corpus))
            self._checked_at = time.monotonic()
            if key != self._key:
                documents = self._load(corpus.documents)
                self.by_id = {doc.exchange.id: doc for doc in documents if doc.ok}
                self.documents = documents
                self._key = key
        return self.by_id

    def _load(self, practices) -> list[ExchangeDocument]:
        if not self.folder.is_dir():
            return []
        documents = load_exchanges([self.folder], practices, check_language=False)
        bad = [doc.display_path for doc in documents if not doc.ok]
        if bad:
            log.warning("exchange records with errors left out (run `kb validate`): %s", ", ".join(bad))
        log.info("loaded %d exchange records from %s", len(documents) - len(bad), self.folder)
        return documents


def get_exchange_documents() -> dict[str, ExchangeDocument]:
    """The servable exchange documents by id (the cached mapping: do not modify)."""
    return current_app.extensions[EXTENSION_KEY].get()


def get_exchanges() -> list[ExchangeRecord]:
    """The servable exchange records, oldest first (year, start date, id)."""
    return sort_exchanges(doc.exchange for doc in get_exchange_documents().values())


def get_exchange_document(exchange_id: str) -> ExchangeDocument | None:
    return get_exchange_documents().get(exchange_id)


def sort_exchanges(exchanges) -> list[ExchangeRecord]:
    """Oldest first: by year, then start date (undated last within a year), then id."""
    return sorted(exchanges, key=lambda e: (e.year, e.start or e.end or dt.date.max, e.id))


def init_app(app: Flask) -> None:
    if not app.config.get("EXCHANGES_DIR"):
        app.config["EXCHANGES_DIR"] = os.environ.get(EXCHANGES_ENV) or Path(app.config["CONTENT_DIR"]).parent / "exchanges"
    app.config["EXCHANGES_DIR"] = Path(app.config["EXCHANGES_DIR"])
    app.extensions[EXTENSION_KEY] = ExchangeCache(app.config["EXCHANGES_DIR"],
                                                  float(app.config["CONTENT_CHECK_SECONDS"]))
