"""Importing recommendations from CSV or XLSX: every row is checked; one bad row, none imported."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.db import transaction

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import Recommendation, Source
from ..models.recommendations import Timescale

IMPORT_COLUMNS = ["number", "recommendation", "addressee", "timescale", "due date"]
TIMESCALE_WORDS = {
    "immediately": Timescale.IMMEDIATELY,
    "3 months": Timescale.THREE_MONTHS,
    "6 months": Timescale.SIX_MONTHS,
    "date": Timescale.DATE,
}


class ImportRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _rows(filename: str, content: bytes) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:
            raise ImportRefused(["The file is not a readable XLSX workbook"]) from error
        return [
            [
                ""
                if c is None
                else (c.strftime("%d/%m/%Y") if isinstance(c, dt.datetime | dt.date) else str(c))
                for c in row
            ]
            for row in sheet.iter_rows(values_only=True)
        ]
    if filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRefused(["The file must be saved as UTF-8 CSV"]) from error
        return list(csv.reader(io.StringIO(text)))
    raise ImportRefused(["The file must be a CSV or XLSX file"])


def _parse_date(value: str) -> dt.date:
    return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()


def parse_import(filename: str, content: bytes, source: Source) -> list[dict]:
    """Check every row; raise ImportRefused naming each bad row so nothing is half-imported."""
    rows = _rows(filename, content)
    if not rows or [h.strip().lower() for h in rows[0][: len(IMPORT_COLUMNS)]] != IMPORT_COLUMNS:
        raise ImportRefused([f"The first row must be the headings: {', '.join(IMPORT_COLUMNS)}"])
    existing = set(source.recommendations.values_list("number", flat=True))
    seen: set[int] = set()
    parsed, problems = [], []
    for line, row in enumerate(rows[1:], start=2):
        row = [c.strip() for c in row] + [""] * len(IMPORT_COLUMNS)
        if not any(row):
            continue
        number, text, addressee, timescale, due = row[:5]
        errors = []
        if not number.isdigit():
            errors.append("number must be a whole number")
        elif int(number) in existing or int(number) in seen:
            errors.append(f"recommendation {number} already exists")
        if not text:
            errors.append("recommendation text is missing")
        if not addressee:
            errors.append("addressee is missing")
        band = TIMESCALE_WORDS.get(timescale.lower())
        if band is None:
            errors.append("timescale must be immediately, 3 months, 6 months or date")
        due_on = None
        if due:
            try:
                due_on = _parse_date(due)
            except ValueError:
                errors.append("due date must be a real date like 31/03/2026")
        elif band == Timescale.DATE:
            errors.append("due date is missing for a dated timescale")
        if errors:
            problems.append(f"Row {line}: {'; '.join(errors)}")
            continue
        seen.add(int(number))
        parsed.append(
            {
                "number": int(number),
                "text": text,
                "addressee": addressee,
                "timescale": band,
                "due_on": due_on,
            }
        )
    if problems:
        raise ImportRefused(problems)
    if not parsed:
        raise ImportRefused(["The file has no recommendations in it"])
    return parsed


@transaction.atomic
def recommendations_import(*, actor: User, source: Source, filename: str, content: bytes) -> int:
    """Import a whole file of recommendations or none of it."""
    access.require(actor, "partnership.manage")
    rows = parse_import(filename, content, source)
    Recommendation.objects.bulk_create([Recommendation(source=source, **row) for row in rows])
    audit(actor, AuditAction.CREATE, source, "import recommendations", detail={"rows": len(rows)})
    return len(rows)
