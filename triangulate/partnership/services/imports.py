"""Importing recommendations from CSV or XLSX: every row is checked; one bad row, none imported."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from triangulate.core import access, spreadsheets
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import Recommendation, Source
from ..models.recommendations import Timescale, number_problem

IMPORT_COLUMNS = ["number", "recommendation", "addressee", "timescale", "due date"]
TIMESCALE_WORDS = {
    "immediately": Timescale.IMMEDIATELY,
    "3 months": Timescale.THREE_MONTHS,
    "6 months": Timescale.SIX_MONTHS,
    "date": Timescale.DATE,
}


# Refusals name every bad row; nothing is imported.
ImportRefused = spreadsheets.SpreadsheetRefused
# A register import is a report's recommendations: a few hundred at most.
MAX_ROWS = 5_000


def parse_date(value: str) -> dt.date:
    """A date written 31/03/2026, or as an Excel date cell (read as 2026-03-31)."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(value)


def parse_import(filename: str, content: bytes, source: Source) -> list[dict]:
    """Check every row; raise ImportRefused naming each bad row so nothing is half-imported."""
    table = spreadsheets.read_table(file_name=filename, content=content, max_rows=MAX_ROWS)
    if [h.lower() for h in table.header[: len(IMPORT_COLUMNS)]] != IMPORT_COLUMNS:
        raise ImportRefused([f"The first row must be the headings: {', '.join(IMPORT_COLUMNS)}"])
    existing = set(source.recommendations.values_list("number", flat=True))
    seen: set[str] = set()
    parsed, problems = [], []
    for line, row in table.rows:
        number, text, addressee, timescale, due = (row + [""] * len(IMPORT_COLUMNS))[:5]
        errors = []
        problem = number_problem(number)
        if problem:
            errors.append(problem)
        elif number in existing or number in seen:
            errors.append(f"recommendation {number} already exists")
        if not text:
            errors.append("recommendation text is missing")
        if not addressee:
            errors.append("addressee is missing")
        errors += spreadsheets.field_problems(Recommendation, {"addressee": addressee})
        band = TIMESCALE_WORDS.get(timescale.lower())
        if band is None:
            errors.append("timescale must be immediately, 3 months, 6 months or date")
        due_on = None
        if due:
            try:
                due_on = parse_date(due)
            except ValueError:
                errors.append("due date must be a real date like 31/03/2026")
        elif band == Timescale.DATE:
            errors.append("due date is missing for a dated timescale")
        if errors:
            problems.append(f"Row {line}: {'; '.join(errors)}")
            continue
        seen.add(number)
        parsed.append(
            {
                "number": number,
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
