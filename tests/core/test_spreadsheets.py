"""The one spreadsheet reader behind every import: CSV and Excel read alike, other files and
slow reads refused."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from triangulate.core import spreadsheets
from triangulate.core.spreadsheets import SpreadsheetRefused, read_table


def workbook(*sheets: list[list]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for number, rows in enumerate(sheets):
        sheet = book.create_sheet(f"Sheet {number + 1}")
        for row in rows:
            sheet.append(row)
    book.active = len(sheets) - 1  # the last sheet open: the reader still reads the first
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_reading_stops_when_the_time_budget_is_spent():
    content = ("id\n" + "".join(f"{n}\n" for n in range(5000))).encode()
    with pytest.raises(SpreadsheetRefused) as refused:
        read_table(file_name="a.csv", content=content, seconds=0)
    assert "took too long to read" in refused.value.problems[0]


def test_csv_and_excel_read_alike():
    rows = [
        ["number", "due date", "note"],
        [3.0, dt.datetime(2026, 12, 1), "  kept  "],
        [None, None, None],
        [4, dt.date(2027, 1, 2), ""],
    ]
    from_excel = read_table(file_name="r.XLSM", content=workbook(rows, [["other sheet"]]))
    from_csv = read_table(
        file_name="r.csv",
        content=b"\xef\xbb\xbfnumber,due date,note\n3,2026-12-01,kept\n\n4,2027-01-02,\n",
    )
    assert from_excel.header == from_csv.header == ["number", "due date", "note"]
    assert (
        from_excel.rows
        == from_csv.rows
        == [
            (2, ["3", "2026-12-01", "kept"]),
            (4, ["4", "2027-01-02", ""]),
        ]
    )


def test_another_kind_of_file_is_refused():
    with pytest.raises(SpreadsheetRefused) as refused:
        read_table(file_name="r.ods", content=b"x")
    assert refused.value.problems == [
        "The file must be a CSV file (.csv) or an Excel workbook (.xlsx)"
    ]


def test_whole_number_limits():
    assert spreadsheets.whole_number("0042", maximum=100) == 42
    for text in ("-1", "1.5", "٣", "1e3", ""):
        with pytest.raises(ValueError):
            spreadsheets.whole_number(text)
