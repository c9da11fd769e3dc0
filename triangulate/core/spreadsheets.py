"""The one spreadsheet reader: every import of a CSV or Excel file goes through it.

It reads the same way for every import, so that imports agree with each other:

- ``.csv`` (UTF-8, with or without a byte-order mark), ``.xlsx`` and ``.xlsm`` (macros are
  never run or kept). An Excel workbook is read from its first sheet.
- Every value comes back as text with the spaces at either end removed: an empty cell is
  ``""``, a whole number stored as ``3.0`` is ``"3"``, and an Excel date is ``"2026-03-31"``
  (ISO 8601) so that it never depends on the reader's locale.
- Rows that are entirely empty are left out, and empty cells beyond the heading row's last
  column in a workbook are dropped (Excel pads every row to the widest); row numbers are as the user sees them in their
  spreadsheet program (the heading row is row 1).
- The workbook is streamed (never loaded whole) and always closed. A file that declares or
  turns out to hold more rows than the import allows, or that takes longer to read than its
  time budget, is refused as soon as that is known: a small file that unpacks to a million
  rows never ties up a worker.
- A value holding a control character (a NUL byte, for example) refuses the file, naming
  the row and column, so that nothing is imported that later breaks a page or an export.

Imports check their own values row by row with :func:`whole_number` and
:func:`field_problems`, collect every problem, and import nothing if there is any.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from django.conf import settings
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)
# C0 control characters other than tab, line feed and carriage return, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_PROBLEMS = 50
DEFAULT_MAX_ROWS = 100_000
DEFAULT_SECONDS = 20.0
MAX_COLUMNS = 200


class SpreadsheetRefused(Exception):
    """The file cannot be imported. ``problems`` says why, naming rows where it can."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Table:
    """The heading row and the data rows of a file, each row with its number."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def max_rows_default() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def seconds_default() -> float:
    return float(getattr(settings, "IMPORT_SECONDS", DEFAULT_SECONDS))


def _excel_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


UNREADABLE_WORKBOOK = "The file is not a readable Excel workbook (.xlsx)"
LAST_ROW = re.compile(r"(\d+)$")


def _too_slow(budget: float) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        [
            f"The file took too long to read (more than {budget:g} seconds). "
            "Split it into smaller files and upload them one at a time"
        ]
    )


def _count_sheet_rows(part, *, max_rows: int, deadline: float, budget: float) -> None:
    """Refuse a worksheet that declares or holds more rows than allowed, reading its XML as a
    stream (nothing is kept): openpyxl would otherwise parse a whole sheet that does not
    declare its size while merely opening the workbook."""
    parser = expat.ParserCreate(namespace_separator=" ")
    rows = 0

    def start(name: str, attributes: dict) -> None:
        nonlocal rows
        tag = name.rsplit(" ", 1)[-1]
        if tag == "row":
            rows += 1
            number = attributes.get("r", "")
            if rows > max_rows + 1 or (number.isdigit() and int(number) > max_rows + 1):
                raise SpreadsheetRefused([_too_many(max_rows)])
        elif tag == "dimension":
            last = LAST_ROW.search(attributes.get("ref", ""))
            if last and int(last.group(1)) > max_rows + 1:
                raise SpreadsheetRefused([_too_many(max_rows)])

    parser.StartElementHandler = start
    while chunk := part.read(64 * 1024):
        parser.Parse(chunk, False)
        if time.monotonic() > deadline:
            raise _too_slow(budget)
    parser.Parse(b"", True)


def _check_workbook_size(content: bytes, *, max_rows: int, deadline: float, budget: float) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with archive.open(name) as part:
                        _count_sheet_rows(part, max_rows=max_rows, deadline=deadline, budget=budget)
    except (zipfile.BadZipFile, expat.ExpatError, OSError, EOFError, RuntimeError):
        raise SpreadsheetRefused([UNREADABLE_WORKBOOK]) from None


def _excel_rows(
    content: bytes, *, max_rows: int, deadline: float, budget: float
) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    _check_workbook_size(content, max_rows=max_rows, deadline=deadline, budget=budget)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_vba=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetRefused([UNREADABLE_WORKBOOK]) from None
    try:
        if not book.worksheets:
            raise SpreadsheetRefused(["The workbook has no sheets"])
        try:
            for values in book.worksheets[0].iter_rows(values_only=True):
                yield [_excel_text(v) for v in values[:MAX_COLUMNS]]
        except SpreadsheetRefused:
            raise
        except Exception:  # a damaged sheet part: openpyxl raises many kinds
            raise SpreadsheetRefused([UNREADABLE_WORKBOOK]) from None
    finally:
        book.close()


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetRefused(
            [
                f"The file is not UTF-8 text (unreadable byte at position {error.start}). "
                "Save it as CSV UTF-8 and upload it again"
            ]
        ) from None
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            yield row[:MAX_COLUMNS]
    except csv.Error as error:
        raise SpreadsheetRefused([f"The file is not a readable CSV file ({error})"]) from None


def _too_many(max_rows: int) -> str:
    return (
        f"The file has more than {max_rows:,} rows, including empty ones. Split it into "
        "smaller files, or delete the empty rows at the end, and upload it again"
    )


def _control_character(number: int, cells: list[str]) -> str | None:
    for column, value in enumerate(cells, start=1):
        found = CONTROL_CHARACTERS.search(value)
        if found:
            return (
                f"Row {number}: column {column} holds a control character "
                f"(U+{ord(found.group()):04X}) that cannot be imported; remove it and upload "
                "the file again"
            )
    return None


def read_table(
    *,
    file_name: str,
    content: bytes,
    max_rows: int | None = None,
    seconds: float | None = None,
    excel: bool = True,
) -> Table:
    """The heading row and data rows of an uploaded CSV or Excel file.

    Refuses (:class:`SpreadsheetRefused`) a file of another kind, an unreadable one, one with
    more than ``max_rows`` rows after the heading (empty rows count: they cost as much to
    read), one that takes longer than ``seconds`` to read, and one holding control
    characters (every such row named). ``excel=False`` accepts CSV only.
    """
    max_rows = max_rows_default() if max_rows is None else max_rows
    budget = seconds_default() if seconds is None else seconds
    started = time.monotonic()
    deadline = started + budget
    name = file_name.lower()
    is_excel = excel and name.endswith(EXCEL_SUFFIXES)
    if is_excel:
        source = _excel_rows(content, max_rows=max_rows, deadline=deadline, budget=budget)
    elif name.endswith(CSV_SUFFIXES):
        source = _csv_rows(content)
    else:
        kinds = "a CSV file (.csv) or an Excel workbook (.xlsx)" if excel else "a CSV file (.csv)"
        raise SpreadsheetRefused([f"The file must be {kinds}"])
    table: Table | None = None
    problems: list[str] = []
    try:
        for number, raw in enumerate(source, start=1):
            if number > max_rows + 1:
                raise SpreadsheetRefused([_too_many(max_rows)])
            if time.monotonic() > deadline:
                raise _too_slow(budget)
            cells = [value.strip() for value in raw]
            if not any(cells):
                continue
            problem = _control_character(number, cells)
            if problem and len(problems) < MAX_PROBLEMS:
                problems.append(problem)
            if table is None:
                if is_excel:  # Excel pads rows to the widest one: the heading sets the width
                    while cells and not cells[-1]:
                        cells.pop()
                table = Table(header=cells)
            else:
                width = len(table.header)
                if is_excel and not any(cells[width:]):
                    cells = cells[:width] + [""] * (width - len(cells))
                table.rows.append((number, cells))
    finally:
        source.close()
    if problems:
        raise SpreadsheetRefused(problems)
    if table is None:
        raise SpreadsheetRefused(["The file is empty"])
    return table


def whole_number(text: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """``text`` as a whole number within the limits, or ValueError saying what is wrong.

    Only the digits 0 to 9 count ("²" and "٣" are not numbers here), and a number too big
    for the limits is refused before it is converted.
    """
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise ValueError("must be a whole number")
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        if maximum is None:
            raise ValueError(f"must be {minimum:,} or more")
        raise ValueError(f"must be a whole number from {minimum:,} to {maximum:,}")
    return number


# The largest primary key a 64-bit integer column holds (SQLite and PostgreSQL bigint).
MAX_RECORD_NUMBER = 2**63 - 1


def record_number(text) -> int | None:
    """A record's number as typed into a URL or a form, or None when it is not one."""
    try:
        return whole_number(str(text or ""), minimum=1, maximum=MAX_RECORD_NUMBER)
    except ValueError:
        return None


def integer_limits(model_field: models.Field) -> tuple[int | None, int | None]:
    """The range every supported database accepts for an integer field (PostgreSQL's)."""
    internal = model_field.get_internal_type()
    return BaseDatabaseOperations.integer_field_ranges.get(internal, (None, None))


def field_problems(
    model: type[models.Model], values: dict, labels: dict | None = None
) -> list[str]:
    """What in ``values`` the database would refuse for ``model``, checked before writing.

    Text longer than its column, or an integer outside its column's range, is refused on
    SQLite as PostgreSQL refuses it, instead of failing part-way through an import.
    """
    labels = labels or {}
    problems = []
    for name, value in values.items():
        if value is None or value == "":
            continue
        model_field = model._meta.get_field(name)
        label = labels.get(name, model_field.verbose_name)
        if (
            isinstance(value, str)
            and model_field.max_length
            and len(value) > model_field.max_length
        ):
            problems.append(f"{label} must be {model_field.max_length:,} characters or fewer")
        elif isinstance(value, int) and not isinstance(value, bool):
            low, high = integer_limits(model_field)
            if model_field.get_internal_type().startswith("Positive"):
                low = max(low or 0, 0)
            if (low is not None and value < low) or (high is not None and value > high):
                problems.append(f"{label} must be between {low:,} and {high:,}")
    return problems
