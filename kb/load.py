"""Load practice files into :class:`Document` objects, one bad file never stopping the rest."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kb.model import Practice
from kb.parse import MAX_FILE_BYTES, FrontMatterError, Parsed, parse
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

    def problem(self, loc: tuple, message: str, level: str = "error", rule: str = "") -> None:
        """Record a problem located at the front-matter key ``loc`` (``()`` = file start)."""
        line, col = self.parsed.where(loc) if self.parsed else (1, 1)
        self.problems.append(Problem(self.display_path, line, col, level, message, rule))

    def problem_at(self, line: int, col: int, message: str, level: str = "error", rule: str = "") -> None:
        self.problems.append(Problem(self.display_path, line, col, level, message, rule))


def display(path: Path) -> str:
    """The path as a person would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_document(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and validate the structure of one file (vocabularies are checked in kb.rules)."""
    doc = Document(path=path, display_path=display(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        doc.problem_at(0, 0, f"cannot read file: {exc.strerror}", rule="io")
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
        doc.practice = Practice.model_validate(doc.parsed.metadata)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc, message = describe(err)
            doc.problem(loc, message, rule="schema")
    return doc


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


def practice_paths(paths: list[Path]) -> list[Path]:
    """Every ``.md`` file under the given files or folders, sorted; README-like files skipped."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*.md") if not p.name.startswith(("_", ".")) and p.name != "README.md")
        else:
            found.add(path)
    return sorted(found)
