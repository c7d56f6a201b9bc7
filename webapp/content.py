"""The practice files of CONTENT_DIR, loaded once and reloaded when a file changes.

The index answers searches; the files are the source for what a practice page shows
(front matter and Markdown body), so an edit shows up without re-indexing.
A change is noticed through a cheap signature (number of files, newest mtime, total size),
taken at most every ``CONTENT_CHECK_SECONDS``.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from kb.corpus import Corpus, load_corpus
from kb.load import Document, practice_paths

log = logging.getLogger(__name__)

EXTENSION_KEY = "kb_content"


def signature(content_dir: Path) -> tuple[int, int, int]:
    """(file count, newest mtime in ns, total bytes) of the practice files under ``content_dir``."""
    count = newest = total = 0
    if not content_dir.is_dir():
        return (0, 0, 0)
    for path in practice_paths([content_dir]):
        try:
            st = path.stat()
        except OSError:
            continue
        count += 1
        newest = max(newest, st.st_mtime_ns)
        total += st.st_size
    return (count, newest, total)


class CorpusCache:
    """The corpus of one content folder, reloaded when its signature changes."""

    def __init__(self, content_dir: Path, check_seconds: float) -> None:
        self.content_dir = Path(content_dir)
        self.check_seconds = check_seconds
        self.corpus: Corpus | None = None
        self.by_id: dict[str, Document] = {}
        self._signature: tuple[int, int, int] | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def get(self) -> Corpus:
        now = time.monotonic()
        if self.corpus is not None and now - self._checked_at < self.check_seconds:
            return self.corpus
        with self._lock:
            current = signature(self.content_dir)
            self._checked_at = time.monotonic()
            if self.corpus is None or current != self._signature:
                corpus = self._load()
                self.by_id = corpus.by_id()
                self.corpus = corpus
                self._signature = current
        return self.corpus

    def _load(self) -> Corpus:
        if not self.content_dir.is_dir():
            log.warning("content folder %s does not exist; no practice pages", self.content_dir)
            return Corpus([])
        # language checks run in `kb validate`; serving does not need langdetect's cost
        corpus = load_corpus([self.content_dir], check_language=False)
        log.info("loaded %d practices from %s", len(corpus.good), self.content_dir)
        return corpus


def get_corpus() -> Corpus:
    """The corpus of the current app's CONTENT_DIR (good documents in ``.good``)."""
    return current_app.extensions[EXTENSION_KEY].get()


def get_documents() -> dict[str, Document]:
    """Good documents by practice id (the cached mapping: do not modify)."""
    cache = current_app.extensions[EXTENSION_KEY]
    cache.get()
    return cache.by_id


def get_document(practice_id: str) -> Document | None:
    """The good document whose practice has this id, or None."""
    return get_documents().get(practice_id)


def abstracts_of(practice_id: str) -> dict[str, dict]:
    """The written abstracts of a practice by language (see :func:`webapp.display.written_abstracts`),
    from its file: search and similar results carry the index's copy of the front matter,
    which is only as fresh as the last `kb index`."""
    from webapp.display import written_abstracts

    doc = get_document(practice_id)
    return written_abstracts(doc.practice) if doc else {}


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = CorpusCache(app.config["CONTENT_DIR"],
                                                float(app.config["CONTENT_CHECK_SECONDS"]))
