"""The whole set of practice files: loaded, checked, and looked up by id."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from kb.load import Document, load_document, load_text, practice_paths
from kb.model import Practice
from kb.parse import MAX_FILE_BYTES
from kb.problems import Problem
from kb.rule_run import check_document, read_reporting_bugs, rules_to_run
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
    rules = rules_to_run(DOCUMENT_RULES, check_language)
    for doc in documents:
        check_document(doc, rules, "practice")
    # Context first: a duplicate id is then reported on the file being validated.
    check_references(others + documents)
    return Corpus(documents)


def check_text(raw: bytes, path: Path, context: list[Document], *, replaces: Path | None = None,
               display_path: str | None = None, root: Path | None = None, check_language: bool = True,
               max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Check the text of a practice file that is not on disk (one being written in a form) with
    exactly the rules of `kb validate`, as if it were at ``path``, among ``context``.

    Links and ids are resolved against ``context`` (the documents of the live corpus), which
    is left untouched. ``replaces`` is the file this text is an edit of: it is left out of
    the context, so the practice is not its own duplicate. Messages name the other files
    relative to ``root`` when given (a server's paths stay private). Nothing is written.
    """
    doc = load_text(raw, path, display_path, max_bytes)
    check_document(doc, rules_to_run(DOCUMENT_RULES, check_language), "practice")
    gone = replaces.resolve() if replaces is not None else None
    # copies: the rules add the problems they find to both ends of a link
    others = [replace(other, problems=[], display_path=_relative(other.path, root) or other.display_path)
              for other in context if other.path.resolve() != gone]
    check_references(others + [doc])
    return doc


def _relative(path: Path, root: Path | None) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() if root is not None else None
    except ValueError:
        return None


def _read(path: Path, max_bytes: int) -> Document:
    return read_reporting_bugs(load_document, Document, path, max_bytes)
