"""Releasing a reviewed export once, as a PDF that never changes afterwards, refusing a
request, and downloading what was released."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, pdf
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.core.presenters import uk_date, uk_datetime

from ...models import OPEN_SUBJECT_ACCESS, SubjectAccessRequest, SubjectAccessStatus
from .requests import RULE, NotAllowed
from .review import in_review, reviewed_sections

STAFF_NOTE = (
    "Names of professionals acting in their work are not redacted: they are not third "
    "parties' private information (ICO guidance on subject access)."
)

# --- Release or refusal ---------------------------------------------------------------------


# Column widths (mm, A4 less margins) for the export's two- and four-column tables.
COLUMNS_MM = {2: [40, 134], 4: [30, 34, 50, 60]}


def export_pdf(request: SubjectAccessRequest, *, released_by: User, released_at) -> bytes:
    styles = pdf.stylesheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    story = [
        pdf.text("Subject access request: what Triangulate holds", styles["Title"]),
        pdf.table(
            [
                ["About", pdf.text(request.person.full_name, small)],
                ["Asked by", pdf.text(request.get_requester_kind_display(), small)],
                ["Received", pdf.text(uk_date(request.received_on), small)],
                [
                    "Released",
                    pdf.text(
                        f"{uk_datetime(released_at)} by {released_by.display_name}"
                        f" ({released_by.agency.name if released_by.agency else ''})",
                        small,
                    ),
                ],
                [
                    "Redactions",
                    pdf.text(
                        "Other people's details are replaced by a numbered label, the same "
                        f"label wherever they appear. {STAFF_NOTE}",
                        small,
                    ),
                ],
            ],
            [35 * pdf.mm, 139 * pdf.mm],
            bold="labels",
            font_size=8,
        ),
    ]
    for section in reviewed_sections(request):
        story.append(pdf.text(section["title"], styles["Heading3"]))
        if not section["rows"]:
            story.append(pdf.text("Nothing recorded.", styles["BodyText"]))
            continue
        widths = COLUMNS_MM.get(len(section["rows"][0]), [174 / len(section["rows"][0])] * 9)
        story.append(
            pdf.table(
                [[pdf.text(cell, small) for cell in row] for row in section["rows"]],
                [w * pdf.mm for w in widths[: len(section["rows"][0])]],
                bold="none",
                font_size=8,
            )
        )
    return pdf.build(story, title="Subject access request")


@transaction.atomic
def release(*, actor: User, request: SubjectAccessRequest, expected_version: int) -> None:
    """Release the reviewed export: the PDF is made once and never changes afterwards."""
    access.require(actor, RULE, request)
    in_review(request)
    now = timezone.now()
    content = export_pdf(request, released_by=actor, released_at=now)
    bump(request, expected_version, where={"status": SubjectAccessStatus.IN_REVIEW},
         status=SubjectAccessStatus.RELEASED, closed_by=actor, closed_at=now,
         released_pdf=content)  # fmt: skip
    kept = sum(1 for item in request.redactions if item["kept"])
    audit(actor, AuditAction.EXPORT, request, "subject access: release",
          detail={"redactions_kept": kept, "redactions_lifted": len(request.redactions) - kept},
          subject=request.person)  # fmt: skip


@transaction.atomic
def refuse(*, actor: User, request: SubjectAccessRequest, expected_version: int, reason: str):
    """Refuse the request with the reason (manifestly unfounded or excessive, identity not
    confirmed); the gathered export, if any, is discarded."""
    access.require(actor, RULE, request)
    reason = reason.strip()
    if request.status not in OPEN_SUBJECT_ACCESS or not reason:
        raise NotAllowed("Only an open request can be refused, with the reason.")
    bump(request, expected_version, where={"status__in": OPEN_SUBJECT_ACCESS},
         status=SubjectAccessStatus.REFUSED, refusal_reason=reason, closed_by=actor,
         closed_at=timezone.now(), sections=[], redactions=[])  # fmt: skip
    audit(actor, AuditAction.CHANGE, request, "subject access: refuse",
          detail={"reason": reason}, subject=request.person)  # fmt: skip


def download(*, actor: User, request: SubjectAccessRequest) -> bytes:
    """The released PDF (each download audited)."""
    access.require(actor, RULE, request)
    if request.status != SubjectAccessStatus.RELEASED:
        raise NotAllowed("Only a released export can be downloaded.")
    audit(actor, AuditAction.EXPORT, request, "subject access: download the released export",
          subject=request.person)  # fmt: skip
    return bytes(request.released_pdf)
