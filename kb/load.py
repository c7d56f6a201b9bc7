"""Load practice files into :class:`Document` objects, one bad file never stopping the rest."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

# practice_paths is also imported from here (webapp.content, indexer.build).
from kb.files import NotAPracticeFile, check_name, practice_paths, read_practice_bytes  # noqa: F401
from kb.model import Practice
from kb.parse import MAX_FILE_BYTES, FrontMatterError, Parsed, parse_all
from kb.problems import Problem


#: Error rules that concern links to other files; they do not keep a practice out of the index.
NON_BLOCKING_RULES = frozenset({"reference"})


@dataclass
class Document:
    """One practice file as read: its practice (``None`` when invalid), body and problems."""

    path: Path
    display_path: str
    practice: Practice | None = None
    body: str = ""
    body_line: int = 1
    parsed: Parsed | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def meta(self) -> dict:
        """The raw front matter (empty when it could not be read)."""
        return self.parsed.metadata if self.parsed else {}

    @property
    def ok(self) -> bool:
        """True when the practice can be indexed and served.

        A dangling link to another practice is an error for ``kb validate`` but does not
        keep this file out: the other file may be the broken one.
        """
        return self.practice is not None and not any(
            p.level == "error" and p.rule not in NON_BLOCKING_RULES for p in self.problems
        )

    def problem(self, loc: tuple, message: str, level: str = "error", rule: str = "",
                about: tuple | None = None) -> None:
        """Record a problem located at the front-matter key ``loc`` (``()`` = file start);
        ``about`` is the field it concerns when that is not ``loc`` (a missing field)."""
        line, col = self.parsed.where(loc) if self.parsed else (1, 1)
        self.problems.append(Problem(self.display_path, line, col, level, message, rule,
                                     dotted(loc if about is None else about)))

    def problem_at(self, line: int, col: int, message: str, level: str = "error", rule: str = "",
                   field: str = "") -> None:
        """Record a problem at a line and column; its field, unless given, is the one written there."""
        self.problems.append(Problem(self.display_path, line, col, level, message, rule,
                                     field or self.field_at(line)))

    def field_at(self, line: int) -> str:
        """The field written on ``line``: the deepest key that starts at or above it, "body" past
        the front matter, "" when unknown."""
        if self.parsed is None or line <= 0:
            return ""
        if line >= self.parsed.body_line:
            return "body"
        above = [(at, loc) for loc, at in self.parsed.positions.items() if loc and at[0] <= line]
        if not above:
            return ""
        return dotted(max(above, key=lambda item: (item[0], len(item[1])))[1])


def dotted(loc: tuple) -> str:
    """A front-matter location as one string: ``("topics", 1)`` -> ``"topics.1"``."""
    return ".".join(str(part) for part in loc)


def display(path: Path) -> str:
    """The path as a person would type it: relative to the working directory when inside it.

    Symbolic links are not followed (a link's target never shows up as its name).
    """
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_document(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and validate the structure of one file (vocabularies are checked in kb.rules)."""
    doc = Document(path=path, display_path=display(path))
    try:
        check_name(path)
        raw = read_practice_bytes(path, max_bytes)
    except NotAPracticeFile as exc:
        doc.problem_at(exc.line, exc.col, exc.message, rule=exc.rule)
        return doc
    return read_document(doc, raw, max_bytes)


def load_text(raw: bytes, path: Path, display_path: str | None = None,
              max_bytes: int = MAX_FILE_BYTES) -> Document:
    """:func:`load_document` for the bytes of a file that is not on disk (a file being written
    in a form), as if it were at ``path``; nothing is read or written."""
    return read_document(Document(path=path, display_path=display_path or str(path)), raw, max_bytes)


def read_document(doc: Document, raw: bytes, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Parse ``raw`` into ``doc``: every front-matter problem, then the model's."""
    try:
        doc.parsed = parse_all(raw, max_bytes=max_bytes)
    except FrontMatterError as exc:
        doc.problem_at(exc.line, exc.col, exc.message, rule=exc.rule)
        return doc
    for line, col, note in doc.parsed.notes:
        doc.problem_at(line, col, note, level="warning", rule="encoding")
    for error in doc.parsed.errors:
        doc.problem_at(error.line, error.col, error.message, rule=error.rule, field=error.field)
    for warning in doc.parsed.warnings:
        doc.problem_at(warning.line, warning.col, warning.message, level="warning", rule=warning.rule,
                       field=warning.field)
    doc.body, doc.body_line = doc.parsed.body, doc.parsed.body_line
    try:
        practice = Practice.model_validate(doc.parsed.metadata)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            if _explained(tuple(err["loc"]), doc.parsed.explained):
                continue  # its YAML error says what is wrong with it
            loc, message = describe(err)
            doc.problem(loc, message, rule="schema", about=tuple(err["loc"]) or loc)
    else:
        # a front matter read field by field is incomplete: never indexed or served
        doc.practice = None if doc.parsed.errors else practice
    return doc


def _explained(loc: tuple, explained: set[tuple]) -> bool:
    return any(loc[:len(known)] == known for known in explained)


def describe(err: dict) -> tuple[tuple, str]:
    """A pydantic error as (location, message a committee member can act on)."""
    loc = tuple(err["loc"])
    field_name = ".".join(str(p) for p in loc) or "front matter"
    kind = err["type"]
    if kind == "missing":
        return loc[:-1], f"missing required field '{field_name}'"
    if kind == "extra_forbidden":
        from kb.suggest import did_you_mean
        from kb.model import FIELDS

        hint = did_you_mean(str(loc[-1]), FIELDS) if len(loc) == 1 else ""
        return loc, f"unknown field '{field_name}'{hint}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        from kb.suggest import did_you_mean

        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]
        hint = did_you_mean(str(err.get("input")), choices)
        return loc, f"'{field_name}' must be one of {expected}, not {err.get('input')!r}{hint}"
    if kind == "value_error" and not loc:
        message = err["msg"].removeprefix("Value error, ")
        where = ("end_year",) if "end_year" in message else ()
        return where, message
    if kind == "value_error":
        return loc, f"'{field_name}': {err['msg'].removeprefix('Value error, ')}"
    if kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length")
        return loc, f"'{field_name}' is {len(err.get('input') or '')} characters long, over the limit of {limit}; shorten it"
    if kind == "string_too_short":
        limit = err.get("ctx", {}).get("min_length")
        if not str(err.get("input") or "").strip():
            return loc, f"'{field_name}' is empty: write at least {limit} characters"
        return loc, f"'{field_name}' is too short: write at least {limit} characters"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return loc, f"'{field_name}' must be a whole number such as 2015, not {_short(err.get('input'))}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return loc, f"'{field_name}' must be a date written YYYY-MM-DD, such as 2026-03-31, not {_short(err.get('input'))}"
    if kind in ("bool_parsing", "bool_type"):
        return loc, f"'{field_name}' must be true or false, not {_short(err.get('input'))}"
    if kind == "list_type":
        return loc, f"'{field_name}' must be a list, e.g. [first, second], not {_short(err.get('input'))}"
    if kind in ("string_type", "model_type", "dict_type"):
        wanted = "text" if kind == "string_type" else "a group of 'key: value' lines"
        return loc, f"'{field_name}' must be {wanted}, not {_short(err.get('input'))}"
    if kind == "string_pattern_mismatch":
        return loc, f"'{field_name}' has the wrong form ({_pattern_hint(loc)}), got {err.get('input')!r}"
    return loc, f"'{field_name}': {err['msg']} (got {_short(err.get('input'))})"


def _pattern_hint(loc: tuple) -> str:
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    return {
        "language": "a two-letter ISO 639-1 code such as 'fr'",
        "country": "a two-letter ISO 3166-1 code such as 'FR'",
        "url": "a web address starting with http:// or https://",
        "email": "an email address",
    }.get(name, "lowercase letters, digits and single hyphens, e.g. 'housing-first'")


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
