"""The whole set of practice files: loaded, checked, and looked up by id."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.load import Document, display, load_document, practice_paths
from kb.model import Practice
from kb.parse import MAX_FILE_BYTES
from kb.problems import Problem
from kb.rules import DOCUMENT_RULES, check_references

DEFAULT_CONTENT_DIR = Path("practices")


@dataclass
class Corpus:
    """All documents read from the content folders, good and bad."""

    documents: list[Document]

    @property
    def problems(self) -> list[Problem]:
        return sorted(p for doc in self.documents for p in doc.problems)

    @property
    def good(self) -> list[Document]:
        """Documents without errors: what may be indexed and served."""
        return [doc for doc in self.documents if doc.ok]

    def practices(self) -> list[Practice]:
        return [doc.practice for doc in self.good]

    def by_id(self) -> dict[str, Document]:
        """Good documents by practice id."""
        return {doc.practice.id: doc for doc in self.good}


def load_corpus(paths: list[Path] | None = None, max_bytes: int = MAX_FILE_BYTES,
                check_language: bool = True, context: list[Path] | None = None) -> Corpus:
    """Load and check every practice file under ``paths`` (default ``practices/``).

    Files under ``context`` that are not under ``paths`` are read only to resolve links and
    duplicate ids (so ``kb validate practices/paris`` knows the other cities' practices);
    their own problems are not reported and they are not part of the corpus.
    """
    documents = [_read(path, max_bytes) for path in practice_paths(paths or [DEFAULT_CONTENT_DIR])]
    wanted = {doc.path.resolve() for doc in documents}
    others = [_read(path, max_bytes) for path in practice_paths(context or []) if path.resolve() not in wanted]
    # check_language and check_language_of_abstracts: the langdetect comparisons
    rules = [rule for rule in DOCUMENT_RULES if check_language or not rule.__name__.startswith("check_language")]
    for doc in documents:
        if doc.parsed is None:
            continue
        for rule in rules:
            try:
                rule(doc)
            except Exception as exc:  # a bug of ours must cost one file, not the corpus
                doc.practice = None
                doc.problem_at(1, 1, _internal(f"checking it ({rule.__name__})", exc), rule="internal")
    # Context first: a duplicate id is then reported on the file being validated.
    check_references(others + documents)
    return Corpus(documents)


def _read(path: Path, max_bytes: int) -> Document:
    """:func:`load_document`, with any unexpected failure reported on the file itself."""
    try:
        return load_document(path, max_bytes=max_bytes)
    except Exception as exc:  # load_document reports every known problem; this is a bug of ours
        doc = Document(path=path, display_path=display(path))
        doc.problem_at(1, 1, _internal("reading it", exc), rule="internal")
        return doc


def _internal(doing: str, exc: Exception) -> str:
    return (f"internal error while {doing}: {type(exc).__name__}: {exc}; the file is left out. "
            "Please report this with the file attached")
