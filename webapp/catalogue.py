"""The practice catalogue as plain data: records, filters checked against the vocabularies,
facet counts and CSV rows. Shared by the API, the browse pages and the static export.
"""
from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from indexer.facets import FILTER_FIELDS
from kb import vocab
from kb.load import Document
from kb.model import EVIDENCE_LEVELS, STATUSES
from kb.suggest import closest

#: Filter (and facet) keys, in display order; the same keys as Index.search filters.
FILTER_KEYS: tuple[str, ...] = tuple(FILTER_FIELDS)

CSV_COLUMNS: tuple[str, ...] = (
    "id", "title", "city", "country", "language", "topics", "target_population",
    "evidence_level", "status", "start_year", "end_year", "organisation", "last_reviewed",
    "illustrative", "summary", "path",
)


class FilterError(ValueError):
    """An unknown filter key or value; the message names it and suggests a near match."""


def known_values(key: str) -> set[str]:
    """The values a filter accepts, from the kb vocabularies."""
    if key == "city":
        return set(vocab.cities())
    if key == "country":
        return vocab.countries()
    if key == "language":
        return set(vocab.languages())
    if key == "topic":
        return set(vocab.topics())
    if key == "target_population":
        return set(vocab.populations())
    if key == "evidence_level":
        return set(EVIDENCE_LEVELS)
    if key == "status":
        return set(STATUSES)
    raise FilterError(f'unknown filter "{key}"; use one of {", ".join(FILTER_KEYS)}')


def check_filters(raw: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Validate filter values; returns only non-empty filters, values deduplicated in order.

    Raises:
        FilterError: for the first value not in its vocabulary, with a "did you mean".
    """
    filters: dict[str, list[str]] = {}
    for key in FILTER_KEYS:
        values = [v.strip() for v in raw.get(key, []) if v.strip()]
        if not values:
            continue
        allowed = known_values(key)
        for value in values:
            if value not in allowed:
                guess = closest(value.lower(), allowed)
                hint = f' (did you mean "{guess}"?)' if guess else ""
                raise FilterError(f'unknown {key} "{value}"{hint}')
        filters[key] = list(dict.fromkeys(values))
    return filters


def content_path(doc: Document, content_dir: Path) -> str:
    """The file of ``doc`` relative to the content folder, with '/' (never a server path).

    Paths are compared as found, not resolved: a symlinked city folder keeps its name. A
    file outside the folder (which serving never loads) is named by its file name only.
    """
    path, root = os.path.abspath(doc.path), os.path.abspath(content_dir)
    if os.path.commonpath([path, root]) == root:
        return Path(os.path.relpath(path, root)).as_posix()
    return Path(path).name


def practice_record(doc: Document, content_dir: Path) -> dict:
    """A practice as JSON-able data: its front matter, the country filled from the city
    registry when absent, and the file path relative to ``content_dir``."""
    record = doc.practice.model_dump(mode="json", exclude_none=True)
    if "country" not in record:
        city = vocab.cities().get(record["city"])
        if city:
            record["country"] = city.country
    record["path"] = content_path(doc, content_dir)
    return record


def summary_record(record: Mapping) -> dict:
    """The short form used in lists: what a result card shows."""
    keys = ("id", "title", "city", "country", "language", "topics", "target_population",
            "evidence_level", "status", "summary", "last_reviewed", "illustrative")
    return {k: record[k] for k in keys if k in record}


#: First characters that make a spreadsheet read a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A formula start after a separator that some spreadsheet may split on, quotes or not: a
#: ';'-locale reads "Safe;=1+2" in a ','-file as the cells "Safe" and "=1+2".
_FORMULA_AFTER_SEPARATOR = re.compile(r"([;,\t\r\n] *)(?=[=+\-@\t\r])")
#: Spreadsheet programs read a CSV as UTF-8 (accents, Arabic, CJK) only with this mark.
BYTE_ORDER_MARK = "\ufeff"


def _inert(value: object) -> object:
    """Text with an apostrophe before every formula start (at the start and after a
    separator), so that it stays text; other values pass."""
    if not isinstance(value, str):
        return value
    value = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(records: Iterable[Mapping], columns: tuple[str, ...] = CSV_COLUMNS) -> str:
    """CSV with ``columns`` (default :data:`CSV_COLUMNS`), starting with a UTF-8 byte-order mark.

    Every text cell is quoted (numbers are not); list fields are joined with "; "; an
    apostrophe goes before text that a spreadsheet would run as a formula, at the start of a
    cell and after a separator a ';'-locale would split on.
    """
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(columns)
    for record in records:
        row = []
        for column in columns:
            value = record.get(column, "")
            if isinstance(value, list):
                value = "; ".join(str(v) for v in value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            elif value is None:
                value = ""
            row.append(_inert(value))
        writer.writerow(row)
    return buffer.getvalue()
