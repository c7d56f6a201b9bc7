"""What `kb validate` checks: practice files and exchange records, told apart by folder.

A file inside the exchange folder (:func:`kb.exchange_load.exchanges_dir`), or directly in
any folder named ``exchanges``, is an exchange record; any other file is a practice. Links from exchanges to practices are resolved against
the whole content folder (and the practices being validated), links between exchanges
against the whole exchange folder, so one file can be checked alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.corpus import load_corpus
from kb.exchange_load import ExchangeDocument, exchanges_dir, load_exchanges
from kb.load import Document, practice_paths
from kb.problems import Problem

#: The folder name of exchange records, wherever it is (``exchanges/``, ``tests/data/exchanges/``).
EXCHANGES_FOLDER = "exchanges"


@dataclass
class Checked:
    """Every document read by one `kb validate` run, practices first."""

    practices: list[Document]
    exchanges: list[ExchangeDocument]

    @property
    def documents(self) -> list[Document]:
        return [*self.practices, *self.exchanges]

    @property
    def good(self) -> list[Document]:
        return [doc for doc in self.documents if doc.ok]

    @property
    def problems(self) -> list[Problem]:
        return sorted(p for doc in self.documents for p in doc.problems)


def default_targets(content: Path) -> list[Path]:
    """What `kb validate` with no path checks: the content folder and, when it exists, the exchange folder."""
    exchanges = exchanges_dir(content)
    return [content, *([exchanges] if exchanges.is_dir() else [])]


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def is_exchange_file(path: Path, exchanges: Path) -> bool:
    """True for a file of the exchange folder, or directly in any folder named ``exchanges``
    (exchange records are flat: ``exchanges/<year>-<slug>.md``; practices sit in city folders)."""
    return (exchanges.is_dir() and _inside(path, exchanges)) or path.resolve().parent.name == EXCHANGES_FOLDER


def validate_targets(targets: list[Path], content: Path, *, check_language: bool = True) -> Checked:
    """Check every practice and exchange file under ``targets``.

    Args:
        targets: files or folders (a folder may hold both kinds, e.g. the repository root).
        content: the practice folder links are resolved against.
        check_language: run the langdetect comparison (slow).
    """
    exchanges = exchanges_dir(content)
    files = practice_paths(targets)
    exchange_files = [f for f in files if is_exchange_file(f, exchanges)]
    practice_files = [f for f in files if f not in exchange_files]
    context = [content] if content.is_dir() and all(_inside(f, content) for f in practice_files) else []
    practices = load_corpus(practice_files, check_language=check_language,
                            context=context).documents if practice_files else []
    if not exchange_files:
        return Checked(practices, [])
    seen = {doc.path.resolve() for doc in practices}
    linkable = practices + ([doc for doc in load_corpus([content], check_language=False).documents
                             if doc.path.resolve() not in seen] if content.is_dir() else [])
    return Checked(practices, load_exchanges(exchange_files, linkable,
                                             context=[exchanges] if exchanges.is_dir() else [],
                                             check_language=check_language))
