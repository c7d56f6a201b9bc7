"""Running document rules and reading files so that a bug of ours costs one file, never the set.

Shared by the practice corpus (:mod:`kb.corpus`) and the exchange records (:mod:`kb.exchange_load`).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from kb.load import Document, display

D = TypeVar("D", bound=Document)


def rules_to_run(rules: Sequence[Callable], check_language: bool) -> list[Callable]:
    """``rules`` without the langdetect comparisons (``check_language*``, slow) unless asked for."""
    return [rule for rule in rules if check_language or not rule.__name__.startswith("check_language")]


def check_document(doc: Document, rules: Sequence[Callable], record: str) -> None:
    """Apply ``rules`` to a parsed ``doc``; a rule that raises drops the document's ``record``
    attribute (``practice``, ``exchange``) and reports the failure on the file itself."""
    if doc.parsed is None:
        return
    for rule in rules:
        try:
            rule(doc)
        except Exception as exc:  # a bug of ours must cost one file, not the corpus
            setattr(doc, record, None)
            doc.problem_at(1, 1, internal_error(f"checking it ({rule.__name__})", exc), rule="internal")


def read_reporting_bugs(load: Callable[..., D], empty: type[D], path: Path, max_bytes: int) -> D:
    """``load(path, max_bytes=…)``, with any unexpected failure reported on the file itself."""
    try:
        return load(path, max_bytes=max_bytes)
    except Exception as exc:  # the loader reports every known problem; this is a bug of ours
        doc = empty(path=path, display_path=display(path))
        doc.problem_at(1, 1, internal_error("reading it", exc), rule="internal")
        return doc


def internal_error(doing: str, exc: Exception) -> str:
    return (f"internal error while {doing}: {type(exc).__name__}: {exc}; the file is left out. "
            "Please report this with the file attached")
