"""Documents on a child's record or a case: checked, scanned, stored, shared on purpose,
downloaded with an audit entry, withdrawn (never deleted)."""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from triangulate.core import access, filecheck, records, virusscan
from triangulate.core.audit import audit, audit_shown
from triangulate.core.concurrency import bump
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.roles import Role
from triangulate.register.models import Person

from ..models import Attachment, Case, CaseStatus


class AttachmentRefused(ValueError):
    """The upload was refused; the message is for the user (its field is the file)."""


class WithdrawnFile(Exception):
    """The attachment was withdrawn: only a manager of its agency may fetch it, for audit."""


def max_megabytes() -> int:
    return filecheck.max_bytes() // (1024 * 1024)


def _digest(upload) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def attachment_add(
    *, actor: User, person: Person, upload, title: str, case: Case | None = None
) -> Attachment:
    """Check ``upload`` by its content and size, scan it when a scanner is configured, and
    keep it on the child's record (and ``case``, which must be the child's and one the actor
    may change). Owned by the actor's agency: other agencies see it only through a share."""
    access.require(actor, "casework.attach")
    access.require(actor, "record.view", person)
    if case is not None:
        access.require_changeable(actor, case, purpose="attach a document to a case")
        if case.person_id != person.pk:
            raise ValueError("The case is not this child's")
    try:
        kind = filecheck.check(upload)
    except filecheck.FileRefused as refused:
        raise AttachmentRefused(str(refused)) from None
    try:
        result = virusscan.scan(upload)
    except virusscan.ScanRefused as infected:
        audit(
            actor, AuditAction.DENIED, person, "upload refused: the virus scanner found a virus",
            detail={"file": upload.name, "signature": infected.signature},
        )  # fmt: skip
        raise AttachmentRefused(
            "The selected file contains a virus and has not been uploaded"
        ) from None
    except virusscan.ScannerUnavailable:
        raise AttachmentRefused(
            "The file could not be checked for viruses. Try again later"
        ) from None
    # The checks and the scan run outside the transaction: a refusal is audited and stays
    # audited, and no database transaction waits on the scanner.
    return _keep(actor, person, upload, title, case, kind, result)


@transaction.atomic
def _keep(actor, person, upload, title, case, kind, result) -> Attachment:
    name = f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"
    attachment = Attachment.objects.create(
        owning_agency=actor.agency,
        person=person,
        case=case,
        title=title.strip(),
        file=name,
        original_name=(upload.name or "document")[-255:],
        content_type=kind.content_type,
        size=upload.size,
        sha256=_digest(upload),
        scanned=result.scanned,
        scan_detail=result.detail,
        uploaded_by=actor,
    )
    # Stored last, so that a failure to store leaves no record pointing at nothing.
    stored = default_storage.save(name, upload)
    if stored != name:
        Attachment.objects.filter(pk=attachment.pk).update(file=stored)
        attachment.file.name = stored
    audit(
        actor, AuditAction.CREATE, attachment, "attach a document",
        detail={
            "case": case.pk if case else None, "type": kind.content_type, "size": upload.size,
            "sha256": attachment.sha256, "scanned": result.scanned,
        },
    )  # fmt: skip
    return attachment


def attachments_for(*, actor: User, person: Person) -> list[Attachment]:
    """The child's documents the actor may see (their agency's and those shared), newest
    first, withdrawn ones included (they say so); the list is audited with the child as
    subject."""
    shown = list(
        access.visible(actor, Attachment)
        .filter(person=person)
        .select_related("uploaded_by", "withdrawn_by", "owning_agency", "case")
        .order_by("-uploaded_at", "-id")
    )
    if shown:
        audit_shown(actor, shown, "view the child's documents")
    else:
        audit(actor, AuditAction.VIEW, person, "view the child's documents")
    return shown


def may_fetch_withdrawn(actor: User, attachment: Attachment) -> bool:
    return actor.has_role(Role.TEAM_MANAGER) and actor.agency_id == attachment.owning_agency_id


def attachment_download(*, actor: User, pk: int) -> Attachment:
    """The attachment to download, with an audit entry naming the child. A withdrawn one only
    for a manager of its agency (for audit), said so in the entry."""
    attachment = access.get_visible_or_403(actor, Attachment, pk, purpose="download a document")
    withdrawn = attachment.withdrawn_at is not None
    if withdrawn and not may_fetch_withdrawn(actor, attachment):
        raise WithdrawnFile
    audit(
        actor, AuditAction.EXPORT, attachment,
        "download a withdrawn document (for audit)" if withdrawn else "download a document",
        detail={"sha256": attachment.sha256, "size": attachment.size},
    )  # fmt: skip
    return attachment


@transaction.atomic
def attachment_withdraw(
    *, actor: User, attachment: Attachment, reason: str, expected_version: int
) -> Attachment:
    """Withdraw an attachment (added in error, about another child, superseded) with the
    reason. The file and the record stay; refused if someone changed it meanwhile."""
    access.require(actor, "casework.attach")
    access.require_changeable(actor, attachment, purpose="withdraw a document")
    if not reason.strip():
        raise ValueError("Enter why the document is being withdrawn")
    bump(
        attachment, expected_version, where={"withdrawn_at__isnull": True},
        withdrawn_at=timezone.now(), withdrawn_by=actor, withdrawn_reason=reason.strip(),
    )  # fmt: skip
    attachment.refresh_from_db()
    audit(
        actor, AuditAction.CHANGE, attachment, "withdraw a document",
        detail={"reason": reason.strip()},
    )  # fmt: skip
    return attachment


def attachment_share(*, actor: User, attachment: Attachment, agency: Agency, purpose: str):
    """Let another agency read (and download) a document."""
    access.require(actor, "casework.attach")
    access.require_changeable(actor, attachment, purpose="share a document")
    return records.share(
        actor, attachment, agency, basis=records.LawfulBasis.SAFEGUARDING, purpose=purpose
    )


def open_file(attachment: Attachment):
    """The stored file, to read (after :func:`attachment_download` has checked and audited)."""
    return default_storage.open(attachment.file.name, "rb")


def attachment_for_change(*, actor: User, pk: int) -> Attachment:
    return records.open_for_change(actor, Attachment, pk, purpose="withdraw or share a document")


def open_cases_for(*, actor: User, person: Person) -> list[Case]:
    """The child's open cases the actor may attach a document to."""
    return list(
        access.changeable(actor, Case)
        .filter(person=person, status=CaseStatus.OPEN)
        .order_by("-opened_at", "id")
    )
