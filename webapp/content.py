"""The practice files of CONTENT_DIR, loaded once and reloaded file by file when they change.

The index answers searches; the files are the source for what a practice page shows
(front matter and Markdown body), so an edit shows up without re-indexing.
Every file has a signature (modification time, size, inode), taken at most every
``CONTENT_CHECK_SECONDS``: only new and changed files are read and checked again (at 5,000
files a full reload took 15 s in every worker on every edit); the checks between files
are not needed to serve except one: of two files with the same id, the first (in path
order, as for `kb index`) is served. Links between practices are `kb validate`'s business;
its check (with "did you mean" suggestions over every id) cost minutes at 5,000 files.
"""
from __future__ import annotations

import dataclasses
import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from kb.corpus import Corpus, load_corpus
from kb.load import Document, practice_paths

log = logging.getLogger(__name__)

EXTENSION_KEY = "kb_content"
#: Problems found by comparing files with each other (kb.rules.check_references): a file
#: loaded alone has none that mean anything, so none is kept from its own load.
CROSS_FILE_RULES = frozenset({"duplicate", "reference", "reciprocity"})

FileSignature = tuple[int, int, int]


def signatures(content_dir: Path) -> dict[Path, FileSignature]:
    """(mtime in ns, size, inode) of every practice file under ``content_dir``."""
    found: dict[Path, FileSignature] = {}
    if not content_dir.is_dir():
        return found
    for path in practice_paths([content_dir]):
        try:
            st = path.stat()
        except OSError:
            continue
        found[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return found


@dataclasses.dataclass
class _Loaded:
    """One file as last read: its signature, its document and the problems of the file alone."""

    signature: FileSignature
    document: Document
    own_problems: tuple


def _load_file(path: Path, signature: FileSignature) -> _Loaded:
    # language checks run in `kb validate`; serving does not need langdetect's cost
    document = load_corpus([path], check_language=False).documents[0]
    own = tuple(p for p in document.problems if p.rule not in CROSS_FILE_RULES)
    return _Loaded(signature, document, own)


def assemble(loaded: list[_Loaded]) -> Corpus:
    """The corpus of these files (in path order): fresh copies with their own problems, and a
    duplicate-id error on every file after the first with an id (as kb.rules reports it)."""
    documents = [dataclasses.replace(item.document, problems=list(item.own_problems)) for item in loaded]
    first_with: dict[str, Document] = {}
    for doc in documents:
        practice_id = doc.meta.get("id")
        if not isinstance(practice_id, str):
            continue
        first = first_with.setdefault(practice_id, doc)
        if first is not doc:
            doc.problem(("id",), f'duplicate id "{practice_id}": also used by {first.display_path}',
                        rule="duplicate")
    return Corpus(documents)


class CorpusCache:
    """The corpus of one content folder, reloaded file by file when signatures change."""

    def __init__(self, content_dir: Path, check_seconds: float) -> None:
        self.content_dir = Path(content_dir)
        self.check_seconds = check_seconds
        self.corpus: Corpus | None = None
        self.by_id: dict[str, Document] = {}
        #: files read since the cache was made (a test reads it: only changed files are read)
        self.files_read = 0
        self._files: dict[Path, _Loaded] = {}
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def get(self) -> Corpus:
        if self.corpus is not None and time.monotonic() - self._checked_at < self.check_seconds:
            return self.corpus
        if self.corpus is not None:
            # another thread is checking: serve what is loaded rather than wait for it
            if not self._lock.acquire(blocking=False):
                return self.corpus
        else:
            self._lock.acquire()  # nothing to serve yet: wait for the first load
        try:
            if self.corpus is None or time.monotonic() - self._checked_at >= self.check_seconds:
                self._refresh()
        finally:
            self._lock.release()
        return self.corpus

    def _refresh(self) -> None:
        current = signatures(self.content_dir)
        self._checked_at = time.monotonic()
        if self.corpus is not None and current.keys() == self._files.keys() and all(
                self._files[path].signature == sig for path, sig in current.items()):
            return
        if not current and not self.content_dir.is_dir():
            log.warning("content folder %s does not exist; no practice pages", self.content_dir)
        files: dict[Path, _Loaded] = {}
        changed = 0
        for path, sig in current.items():
            known = self._files.get(path)
            if known is not None and known.signature == sig:
                files[path] = known
                continue
            try:
                files[path] = _load_file(path, sig)
            except OSError as exc:  # gone between the listing and the read: next check sees it
                log.warning("cannot read %s: %s", path, exc)
                continue
            changed += 1
        self.files_read += changed
        corpus = assemble([files[path] for path in sorted(files)])
        self._files = files
        self.by_id = corpus.by_id()  # before the corpus: a reader never sees ids of an older one
        self.corpus = corpus
        log.info("loaded %d practices from %s (%d files read)", len(corpus.good), self.content_dir, changed)


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


def illustrative_of(practice_id: str) -> bool:
    """Whether a practice is an illustrative write-up (``illustrative: true``), from its file."""
    doc = get_document(practice_id)
    return bool(doc and doc.practice.illustrative)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = CorpusCache(app.config["CONTENT_DIR"],
                                                float(app.config["CONTENT_CHECK_SECONDS"]))
