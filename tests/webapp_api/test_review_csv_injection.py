"""The catalogue CSV must not let a practice's free text run as a spreadsheet formula."""
from __future__ import annotations

import csv
import io

from webapp.catalogue import to_csv


def _row(record: dict) -> dict[str, str]:
    return next(csv.DictReader(io.StringIO(to_csv([record]).removeprefix("\ufeff"))))


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


def _naive_cells(line: str, separator: str) -> list[str]:
    """Cells as a spreadsheet set to another separator splits them: at every separator,
    quotes or not (what a ';' locale does with a ',' file)."""
    return [cell.strip().lstrip('"') for cell in line.split(separator)]


def test_no_cell_starts_a_formula_when_a_semicolon_locale_splits_the_text():
    text = to_csv([{"id": "x-y", "title": "Safe;=1+2;@SUM(A1)", "summary": "a, +b\n-c\t=d"}])
    for line in text.splitlines()[1:]:  # a line break inside a cell starts a row too
        for separator in (";", ",", "\t"):
            for cell in _naive_cells(line, separator):
                assert not cell.startswith(("=", "+", "-", "@")), (separator, cell)


def test_every_text_cell_is_quoted_and_numbers_are_not():
    text = to_csv([{"id": "x-y", "title": "Housing First", "start_year": 2010}])
    header, line = text.removeprefix("\ufeff").splitlines()
    assert header.startswith('"id","title",')
    cells = line.split(",")
    assert cells[0] == '"x-y"' and cells[1] == '"Housing First"'
    assert "2010" in cells and '"2010"' not in cells


def test_a_title_with_separators_still_reads_back_whole():
    row = _row({"id": "x-y", "title": "Safe;=1+2;@SUM(A1)"})
    assert row["title"] == "Safe;'=1+2;'@SUM(A1)"


def test_the_csv_download_starts_with_a_utf8_byte_order_mark(client):
    response = client.get("/api/catalogue.csv")
    data = response.get_data()
    assert data.startswith("\ufeff".encode("utf-8"))
    assert response.mimetype == "text/csv" and response.mimetype_params.get("charset") == "utf-8"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and "id" in rows[0]
