"""The one writer for CSV and XLSX downloads: every export in every app goes through it.

Two things make a spreadsheet export unsafe or fragile, and both are handled here:

- A text value starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken
  as a formula by spreadsheet programs (``=HYPERLINK("http://…","click")`` becomes a live
  link for every reader). Such values are written with a leading apostrophe, so the reader
  sees the text and nothing runs.
- Control characters (a NUL byte, for example) cannot be stored in an XLSX file and would
  make the whole export fail. Each one is replaced with U+FFFD (the replacement character)
  in both formats, so one bad value never stops the download for everyone.

Numbers, dates and empty values are written as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The characters XML 1.0 (and so XLSX) cannot hold: C0 controls other than tab, newline and
# carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Link:
    """A cell that shows ``text`` and opens ``url`` (a record's page) in a spreadsheet; a CSV
    gets the text."""

    text: str
    url: str


def cell_value(value):
    """``value`` made safe for a spreadsheet cell (see the module docstring)."""
    if value is None or isinstance(value, bool | int | float | dt.date | dt.datetime):
        return value
    if isinstance(value, Link):
        return Link(cell_value(value.text), value.url)
    text = CONTROL_CHARACTERS.sub(REPLACEMENT, str(value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _safe_rows(header: Sequence, rows: Iterable[Sequence]):
    yield [cell_value(v) for v in header]
    for row in rows:
        yield [cell_value(v) for v in row]


def csv_response(*, filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download (UTF-8) of ``header`` then ``rows``, every value made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in _safe_rows(header, rows):
        writer.writerow(["" if v is None else v.text if isinstance(v, Link) else v for v in row])
    return response


def xlsx_bytes(*, sheet_title: str, header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """A one-sheet workbook of ``header`` then ``rows``, every value made safe (the sheet's
    title cut to the 31 characters spreadsheet programs read)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    def cell(value):
        if not isinstance(value, Link):
            return value
        linked = WriteOnlyCell(sheet, value=value.text)
        linked.hyperlink = value.url
        linked.style = "Hyperlink"
        return linked

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title[:31])
    for row in _safe_rows(header, rows):
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, content: bytes) -> HttpResponse:
    """A download of a workbook made by :func:`xlsx_bytes`."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
