"""The catalogue CSV must not let a practice's free text run as a spreadsheet formula."""
from __future__ import annotations

import csv
import io

from webapp.catalogue import to_csv


def _row(record: dict) -> dict[str, str]:
    return next(csv.DictReader(io.StringIO(to_csv([record]))))


def test_cells_that_start_like_a_formula_are_neutralised():
    row = _row({"id": "x-y", "title": '=HYPERLINK("http://evil.example","click")',
                "summary": "+1 more", "organisation": "@SUM(A1)", "city": "-2+3"})
    for column in ("title", "summary", "organisation", "city"):
        assert row[column][0] == "'", (column, row[column])
    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'


def test_ordinary_text_and_numbers_are_unchanged():
    row = _row({"id": "x-y", "title": "Housing First", "start_year": 2010, "topics": ["a", "b"],
                "illustrative": False})
    assert row["title"] == "Housing First"
    assert row["start_year"] == "2010"
    assert row["topics"] == "a; b"
    assert row["illustrative"] == "false"
