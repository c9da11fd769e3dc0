"""Agency extract import: upload, column mapping, validation, and the (background) import.

What a file must be, and how its rows are checked, is in :mod:`.extract_files`: structural
faults reject the whole file; faulty single values are reported by row and treated as
missing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from triangulate.core import access, background, spreadsheets
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..engine.schema import STANDARD_COLUMNS
from ..models import ColumnMapping, Extract, ExtractStatus, SourceRecord
from .extract_files import (
    NOT_TEXT,
    ExtractRejected,
    clean_row,
    holds_binary_data,
    read_table,
    structural_faults,
)

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
MAX_ERRORS_SHOWN = 50
# Imports of more rows than this go on in the background (settings.LINKAGE_BACKGROUND_ROWS
# changes it).
BACKGROUND_ROWS = 2000


@transaction.atomic
def extract_upload(*, actor: User, source_name: str, file_name: str, content: bytes) -> Extract:
    """Store an uploaded file for mapping; a file that cannot be read is refused outright."""
    access.require(actor, "linkage.import")
    if holds_binary_data(content, file_name):
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
