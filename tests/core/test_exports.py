"""The one spreadsheet writer: a linked cell opens the record in a spreadsheet and reads as
plain text in a CSV, and its text is made safe like any other value."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from triangulate.core import exports


def test_a_linked_cell_is_a_hyperlink_in_xlsx_and_its_text_in_csv():
    rows = [[exports.Link("=1+1", "https://example.org/cases/people/7"), 3]]

    book = load_workbook(
        io.BytesIO(
            exports.xlsx_bytes(
                sheet_title="A title longer than any sheet may have",
                header=["Record", "n"],
                rows=rows,
            )
        )
    )
    cell = book.active.cell(row=2, column=1)
    assert cell.value == "'=1+1"  # written as text, never a formula
    assert cell.hyperlink.target == "https://example.org/cases/people/7"
    assert book.active.title == "A title longer than any sheet m"

    response = exports.csv_response(filename="x.csv", header=["Record", "n"], rows=rows)
    assert response.content.decode().splitlines()[1] == "'=1+1,3"
