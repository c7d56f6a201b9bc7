"""Load exchange records into :class:`ExchangeDocument` objects, one bad file never stopping the rest.

Exchange files are read like practice files (:func:`kb.parse.parse`: UTF-8, safe YAML, located
errors) and checked by the rules of :mod:`kb.exchange_rules`. Where the exchange folder is:
``KB_EXCHANGES_DIR``, else the folder ``exchanges`` beside the practice folder (``practices/``
and ``exchanges/`` at the top of the repository).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from kb.exchange import EXCHANGE_FIELDS, ExchangeRecord
from kb.files import NotAPracticeFile, check_name, read_practice_bytes
from kb.load import NON_BLOCKING_RULES, Document, describe, display, practice_paths
from kb.parse import MAX_FILE_BYTES, FrontMatterError, parse
from kb.rule_run import check_document, read_reporting_bugs, rules_to_run
from kb.suggest import did_you_mean

EXCHANGES_ENV = "KB_EXCHANGES_DIR"
_ID_FIELDS = ("id", "previous", "next")


def exchanges_dir(content_dir: Path) -> Path:
    """The exchange folder that goes with ``content_dir``: ``$KB_EXCHANGES_DIR``, else its sibling ``exchanges``."""
    configured = os.environ.get(EXCHANGES_ENV)
    return Path(configured) if configured else Path(content_dir).parent / "exchanges"


@dataclass
class ExchangeDocument(Document):
    """One exchange file as read: its record (``None`` when invalid), body and problems."""

    exchange: ExchangeRecord | None = None

    @property
    def ok(self) -> bool:
        """True when the exchange can be served (a dangling link to a practice does not keep it out)."""
        return self.exchange is not None and not any(
            p.level == "error" and p.rule not in NON_BLOCKING_RULES for p in self.problems
        )


def _describe(err: dict) -> tuple[tuple, str]:
    """:func:`kb.load.describe`, with the hints of exchange fields (their names, the id form)."""
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden" and len(loc) == 1:
        return loc, f"unknown field '{loc[0]}'{did_you_mean(str(loc[0]), EXCHANGE_FIELDS)}"
    if err["type"] == "string_pattern_mismatch" and len(loc) == 1 and loc[0] in _ID_FIELDS:
        return loc, (f"'{loc[0]}' has the wrong form (an exchange id is the year, a hyphen and a slug, "
                     f"e.g. '2014-chicago-paris'), got {err.get('input')!r}")
    return describe(err)


def load_exchange(path: Path, max_bytes: int = MAX_FILE_BYTES) -> ExchangeDocument:
    """Read and validate the structure of one exchange file (the rest is in kb.exchange_rules)."""
    doc = ExchangeDocument(path=path, display_path=display(path))
    try:  # only ordinary files, never past the limit (see kb.files)
        check_name(path)
        raw = read_practice_bytes(path, max_bytes)
    except NotAPracticeFile as exc:
        doc.problem_at(exc.line, exc.col, exc.message, rule=exc.rule)
        return doc
    try:
        doc.parsed = parse(raw, max_bytes=max_bytes)
    except FrontMatterError as exc:
        doc.problem_at(exc.line, exc.col, exc.message, rule=exc.rule)
        return doc
    for line, col, note in doc.parsed.notes:
        doc.problem_at(line, col, note, level="warning", rule="encoding")
    doc.body, doc.body_line = doc.parsed.body, doc.parsed.body_line
    try:
        doc.exchange = ExchangeRecord.model_validate(doc.parsed.metadata)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc, message = _describe(err)
            doc.problem(loc, message, rule="schema")
    return doc


def exchange_paths(paths: list[Path]) -> list[Path]:
    """Every exchange file under the given files or folders (README-like files skipped)."""
    return practice_paths([p for p in paths if p.exists()])


def load_exchanges(paths: list[Path], practices: list[Document], *, context: list[Path] | None = None,
                   check_language: bool = True, max_bytes: int = MAX_FILE_BYTES) -> list[ExchangeDocument]:
    """Load and check every exchange file under ``paths``.

    Args:
        paths: exchange files or folders to check.
        practices: the practice documents links are resolved against (the whole content
            folder, good or not: a practice with an error is still a practice).
        context: more exchange files, read only to resolve ``previous``/``next`` and duplicate
            ids (``kb validate exchanges/2014-x.md`` knows the other exchanges); their own
            problems are not reported.
        check_language: run the langdetect comparison (slow).
    """
    from kb.exchange_rules import DOCUMENT_RULES, check_references

    documents = [_read(path, max_bytes) for path in exchange_paths(paths)]
    wanted = {doc.path.resolve() for doc in documents}
    others = [_read(path, max_bytes) for path in exchange_paths(context or []) if path.resolve() not in wanted]
    rules = rules_to_run(DOCUMENT_RULES, check_language)
    for doc in documents:
        check_document(doc, rules, "exchange")
    check_references(others + documents, practices)
    return documents


def _read(path: Path, max_bytes: int) -> ExchangeDocument:
    return read_reporting_bugs(load_exchange, ExchangeDocument, path, max_bytes)
