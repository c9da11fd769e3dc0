"""What an extract's file must be to be imported: readable, text, one heading per column, a
record ID on every row; each row's values checked and cleaned; headings matched to the
standard columns.

Structural faults (a file that cannot be read, no or duplicate record IDs, rows with the
wrong number of columns) reject the whole file and import nothing. Data-quality faults in
single values (an NHS number failing its check digit, a malformed postcode, an impossible
date) are reported by row, and the value is treated as missing: never "fixed".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from triangulate.core import spreadsheets
from triangulate.core.identifiers import (
    IdentifierError,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    parse_date_of_birth,
)

from ..engine.schema import COLUMN_LABELS, STANDARD_COLUMNS
from ..models import ColumnMapping, SourceRecord

# An extract of more rows than this is refused before it is read to the end
# (settings.LINKAGE_IMPORT_MAX_ROWS changes it).
MAX_ROWS = 500_000
# Values longer than their column would be refused by PostgreSQL part-way through an import:
# they are structural faults, checked before anything is written. (Identifiers and dates are
# normalised or treated as missing instead.)
LENGTH_CHECKED = (
    "record_id",
    "first_name",
    "middle_names",
    "last_name",
    "known_as",
    "address",
    "phone",
    "email",
)


class ExtractRejected(spreadsheets.SpreadsheetRefused):
    """The file has structural faults; nothing was imported. ``errors`` names the rows."""

    @property
    def errors(self) -> list[str]:
        return self.problems


def read_table(content: bytes, file_name: str) -> spreadsheets.Table:
    """Header and numbered rows of a CSV or Excel file (read by the one spreadsheet reader),
    or ExtractRejected if it cannot be read or is too big."""
    try:
        table = spreadsheets.read_table(
            file_name=file_name,
            content=content,
            max_rows=getattr(settings, "LINKAGE_IMPORT_MAX_ROWS", MAX_ROWS),
        )
    except spreadsheets.SpreadsheetRefused as refused:
        raise ExtractRejected(refused.problems) from None
    if not all(table.header):
        raise ExtractRejected(["Every column in the first row needs a heading"])
    if len(set(table.header)) != len(table.header):
        raise ExtractRejected(["Two columns in the first row have the same heading"])
    return table


def _row_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" and {len(numbers) - 20} more" if len(numbers) > 20 else "")


def structural_faults(table: spreadsheets.Table, mapping: dict) -> list[str]:
    """Faults that reject the whole file. Row numbers count the heading as row 1."""
    header, rows = table.header, table.rows
    faults = []
    wrong_width = [number for number, row in rows if len(row) != len(header)]
    if wrong_width:
        faults.append(
            f"Rows {_row_list(wrong_width)} do not have {len(header)} columns like the heading row"
        )
    if not rows:
        faults.append("The file has a heading row but no records")
    for column in LENGTH_CHECKED:
        if not mapping.get(column):
            continue
        index = header.index(mapping[column])
        limit = SourceRecord._meta.get_field(column).max_length
        too_long = [number for number, row in rows if len(row) > index and len(row[index]) > limit]
        if too_long:
            faults.append(
                f"Rows {_row_list(too_long)} have a {COLUMN_LABELS[column].lower()} longer than "
                f"{limit} characters"
            )
    id_column = mapping.get("record_id")
    if not id_column:
        faults.append("Choose the column that holds the record ID")
        return faults
    index = header.index(id_column)
    missing = [number for number, row in rows if len(row) > index and not row[index]]
    if missing:
        faults.append(f"Rows {_row_list(missing)} have no record ID")
    seen: dict[str, int] = {}
    duplicates = []
    for number, row in rows:
        if len(row) > index and row[index]:
            if row[index] in seen:
                duplicates.append(number)
            else:
                seen[row[index]] = number
    if duplicates:
        faults.append(f"Rows {_row_list(duplicates)} repeat a record ID used earlier in the file")
    return faults


def parse_date(value: str) -> dt.date | None:
    """A date of birth in a common format, or None if it is not a real, possible date."""
    return parse_date_of_birth(value)


@dataclass
class CleanRow:
    values: dict
    issues: list[str]


def clean_row(raw: dict) -> CleanRow:
    """Validate one mapped row: faulty values are reported and left empty."""
    values = {k: (raw.get(k) or "").strip() for k in STANDARD_COLUMNS}
    issues = []
    checks = (
        ("nhs_number", normalise_nhs_number, "NHS number fails its format or check digit"),
        ("upn", normalise_upn, "unique pupil number fails its format or check letter"),
        ("postcode", normalise_postcode, "postcode is not a real UK postcode"),
    )
    for key, normalise, message in checks:
        if values[key]:
            try:
                values[key] = normalise(values[key])
            except IdentifierError:
                issues.append(f"{message} ({values[key]!r}); treated as missing")
                values[key] = ""
    dob = None
    if values["date_of_birth"]:
        dob = parse_date(values["date_of_birth"])
        if dob is None:
            issues.append(
                f"date of birth {values['date_of_birth']!r} is not a possible date; treated as missing"
            )
    values["date_of_birth"] = dob
    sex = values["sex"][:1].upper()
    values["sex"] = sex if sex in ("F", "M") else ""
    return CleanRow(values=values, issues=issues)


def suggested_mapping(header: list[str]) -> dict:
    """Match headings to standard columns by name (ignoring case, spaces and punctuation)."""

    def key(text: str) -> str:
        return "".join(c for c in text.lower() if c.isalnum())

    by_key = {key(h): h for h in header}
    suggestion = {}
    for column in STANDARD_COLUMNS:
        for candidate in (column, COLUMN_LABELS[column]):
            if key(candidate) in by_key:
                suggestion[column] = by_key[key(candidate)]
                break
    return suggestion


def saved_mapping(*, agency, source_name: str, header: list[str]) -> dict:
    """The mapping saved for this agency and source, kept only where the headings still exist."""
    mapping = ColumnMapping.objects.filter(agency=agency, source_name=source_name).first()
    if mapping is None:
        return suggested_mapping(header)
    return {k: v for k, v in mapping.mapping.items() if v in header}


NOT_TEXT = (
    "The selected file is not a CSV text file: it holds data that is not text, such as a "
    "picture or a program. Save it as CSV UTF-8 or Excel (.xlsx) and upload it again"
)


def holds_binary_data(content: bytes, file_name: str) -> bool:
    """A file named .csv that is not text: a NUL byte, or more than 1 in 100 bytes of the
    start being control characters other than tab and line ends. (Workbooks are checked by
    the workbook reader.)"""
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        return False
    start = content[:65536]
    controls = sum(1 for byte in start if byte < 32 and byte not in (9, 10, 13))
    return b"\x00" in start or controls * 100 > len(start)
