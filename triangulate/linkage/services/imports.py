"""Agency extract import: upload, column mapping, validation, and the (background) import.

Structural faults (a file that cannot be read, no or duplicate record IDs, rows with the
wrong number of columns) reject the whole file and import nothing. Data-quality faults in
single values (an NHS number failing its check digit, a malformed postcode, an impossible
date) are reported by row, and the value is treated as missing: never "fixed".
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from triangulate.core import access, background, spreadsheets
from triangulate.core.audit import audit
from triangulate.core.identifiers import (
    IdentifierError,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    parse_date_of_birth,
)
from triangulate.core.models import AuditAction, User

from ..engine.schema import COLUMN_LABELS, STANDARD_COLUMNS
from ..models import ColumnMapping, Extract, ExtractStatus, SourceRecord

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
MAX_ERRORS_SHOWN = 50
# Imports of more rows than this go on in the background (settings.LINKAGE_BACKGROUND_ROWS
# changes it).
BACKGROUND_ROWS = 2000
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


@transaction.atomic
def extract_upload(*, actor: User, source_name: str, file_name: str, content: bytes) -> Extract:
    """Store an uploaded file for mapping; a file that cannot be read is refused outright."""
    access.require(actor, "linkage.import")
    if _holds_binary_data(content, file_name):
        raise ExtractRejected([NOT_TEXT])
    table = read_table(content, file_name)
    if not len(table):
        raise ExtractRejected(["The file has a heading row but no records"])
    extract = Extract.objects.create(
        owning_agency=actor.agency,
        source_name=source_name,
        file_name=file_name,
        content=content,
        headers=table.header,
        total_rows=len(table),
        uploaded_by=actor,
    )
    audit(
        actor, AuditAction.CREATE, extract, "upload an agency extract", detail={"rows": len(table)}
    )
    return extract


NOT_TEXT = (
    "The selected file is not a CSV text file: it holds data that is not text, such as a "
    "picture or a program. Save it as CSV UTF-8 or Excel (.xlsx) and upload it again"
)


def _holds_binary_data(content: bytes, file_name: str) -> bool:
    """A file named .csv that is not text: a NUL byte, or more than 1 in 100 bytes of the
    start being control characters other than tab and line ends. (Workbooks are checked by
    the workbook reader.)"""
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        return False
    start = content[:65536]
    controls = sum(1 for byte in start if byte < 32 and byte not in (9, 10, 13))
    return b"\x00" in start or controls * 100 > len(start)


@transaction.atomic
def extract_delete(*, actor: User, pk: int) -> str:
    """Delete an extract nothing has been imported from (waiting for its columns, or
    rejected); its agency may. Returns the file's name. Imported records stay for linkage."""
    access.require(actor, "linkage.import")
    extract = access.get_changeable_or_403(actor, Extract, pk, purpose="delete an agency extract")
    if not extract.may_be_deleted:
        raise ExtractRejected(
            [
                "This file's records have been imported, so it cannot be deleted: they take part "
                "in linkage. Upload a corrected file from the same source to replace them"
            ]
        )
    name = extract.file_name
    audit(
        actor,
        AuditAction.DELETE,
        extract,
        "delete an agency extract",
        detail={"file_name": name, "status": extract.status},
    )
    extract.delete()
    return name


def extract_open(*, actor: User, pk: int) -> Extract:
    access.require(actor, "linkage.import")
    extract = access.get_visible_or_403(actor, Extract, pk, purpose="open an agency extract")
    audit(actor, AuditAction.VIEW, extract, "open an agency extract")
    return extract


def extracts_for(*, actor: User, limit: int = 50) -> list[Extract]:
    access.require(actor, "linkage.import")
    return list(
        access.visible(actor, Extract).defer("content").order_by("-uploaded_at", "-id")[:limit]
    )


def extract_map_columns(*, actor: User, extract: Extract, mapping: dict) -> Extract:
    """Save the mapping for this agency and source, then validate and import the file.

    Structural faults reject the file (status "rejected", faults listed) and import nothing.
    """
    access.require(actor, "linkage.import")
    if extract.status != ExtractStatus.UPLOADED:
        raise ExtractRejected(["This file has already been mapped"])
    mapping = {k: v for k, v in mapping.items() if k in STANDARD_COLUMNS and v in extract.headers}
    with transaction.atomic():
        ColumnMapping.objects.update_or_create(
            agency=extract.owning_agency,
            source_name=extract.source_name,
            defaults={"mapping": mapping, "updated_by": actor, "updated_at": timezone.now()},
        )
        table = read_table(bytes(extract.content), extract.file_name)
        faults = structural_faults(table, mapping)
        if faults:
            extract.status = ExtractStatus.REJECTED
            extract.errors = faults
            extract.finished_at = timezone.now()
            extract.save(update_fields=["status", "errors", "finished_at"])
            audit(
                actor,
                AuditAction.CHANGE,
                extract,
                "reject an agency extract",
                detail={"faults": faults},
            )
            return extract
        extract.status = ExtractStatus.IMPORTING
        extract.processed_rows = 0
        extract.save(update_fields=["status", "processed_rows"])
        audit(
            actor,
            AuditAction.CHANGE,
            extract,
            "import an agency extract",
            detail={"mapping": mapping},
        )
    if len(table) > getattr(settings, "LINKAGE_BACKGROUND_ROWS", BACKGROUND_ROWS):
        background.enqueue(import_queued, extract.pk, mapping)
    else:
        extract_import(extract=extract, mapping=mapping, table=table)
    extract.refresh_from_db()
    return extract


@task()
def import_queued(extract_pk: int, mapping: dict) -> None:
    """A large import, as the background worker runs it."""
    try:
        extract = Extract.objects.get(pk=extract_pk)
        table = read_table(bytes(extract.content), extract.file_name)
        extract_import(extract=extract, mapping=mapping, table=table)
    except Exception:
        logger.exception("Background import of extract %s failed", extract_pk)
        _import_undo(extract_pk, "The import failed part-way; nothing was imported")


@background.on_interrupted(import_queued)
def import_interrupted(extract_pk: int, *args) -> None:
    """The worker stopped mid-import: the rows it wrote go and the extract says why."""
    _import_undo(
        extract_pk,
        "The import stopped part-way because the background worker stopped (the service may "
        "have restarted); nothing was imported. Upload the file again.",
    )


def _import_undo(extract_pk: int, reason: str) -> None:
    """An import that did not finish: the extract is rejected with ``reason`` and the rows
    it wrote so far are removed (they were never the extract's current records)."""
    with transaction.atomic():
        if Extract.objects.filter(pk=extract_pk, status=ExtractStatus.IMPORTING).update(
            status=ExtractStatus.REJECTED, errors=[reason]
        ):
            SourceRecord.objects.filter(extract_id=extract_pk).delete()


def extract_import(*, extract: Extract, mapping: dict, table: spreadsheets.Table) -> None:
    """Write the records in batches (progress after each), then swap them in at once.

    New records stay out of linkage until the last step, which in one transaction retires
    the source's previous records and makes the new ones current: all or nothing.
    """
    header = table.header
    positions = {column: header.index(heading) for column, heading in mapping.items()}
    extra = [h for h in header if h not in mapping.values()]
    extra_positions = {h: header.index(h) for h in extra}
    issues: list[dict] = []
    batch: list[SourceRecord] = []
    for done, (number, row) in enumerate(table.rows, start=1):
        raw = {column: row[i] for column, i in positions.items()}
        cleaned = clean_row(raw)
        for issue in cleaned.issues:
            issues.append({"row": number, "record_id": cleaned.values["record_id"], "issue": issue})
        batch.append(
            SourceRecord(
                owning_agency_id=extract.owning_agency_id,
                extract=extract,
                source_name=extract.source_name,
                is_current=False,
                attributes={h: row[i] for h, i in extra_positions.items() if row[i]},
                **cleaned.values,
            )
        )
        if len(batch) >= BATCH_SIZE:
            SourceRecord.objects.bulk_create(batch)
            batch = []
            Extract.objects.filter(pk=extract.pk).update(processed_rows=done)
    SourceRecord.objects.bulk_create(batch)
    with transaction.atomic():
        SourceRecord.objects.filter(
            owning_agency_id=extract.owning_agency_id,
            source_name=extract.source_name,
            is_current=True,
        ).update(is_current=False)
        SourceRecord.objects.filter(extract=extract).update(is_current=True)
        Extract.objects.filter(pk=extract.pk).update(
            status=ExtractStatus.IMPORTED,
            processed_rows=len(table),
            quality_issues=issues,
            finished_at=timezone.now(),
        )
