"""The minutes: what was discussed and decided about each item, an item shared with an
agency at the table, what the minutes lack, closing them and the PDF."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import Agency, AuditAction, RecordShare, User

from ..models import AgendaItem, Meeting
from .actions import actions_for_meeting
from .reading import agenda_entries
from .scheduling import _invited, _require_open, attendance


def closing_gaps(*, meeting: Meeting) -> list[str]:
    """What the minutes lack, to confirm before they close for good."""
    gaps = []
    if not meeting.attendance.exists():
        gaps.append("No attendance is recorded.")
    items = AgendaItem.objects.filter(meeting=meeting)
    total = items.count()
    undecided = items.filter(decision="").count()
    if undecided:
        gaps.append(
            f"No decision is recorded for {undecided} of the {total} "
            f"item{'s' if total != 1 else ''} on the agenda."
        )
    return gaps


class AlreadyShared(Exception):
    """The item is already shared with that agency."""


@transaction.atomic
def item_share(*, actor: User, item: AgendaItem, agency: Agency, purpose: str) -> RecordShare:
    """Share one agenda item (its reasons, discussion, decision and place in the minutes)
    with an agency at the table that may not see the child: a recorded decision, with the
    safeguarding lawful basis and the reason given, written to the audit. The child's own
    record stays closed to that agency unless it is shared separately."""
    access.require(actor, "meetings.manage", item.meeting)
    at_table = agency in sharing_agencies(meeting=item.meeting) or _invited(item.meeting, agency)
    if agency.pk == item.owning_agency_id or not at_table:
        raise access.AccessDenied("An item is shared only with another agency at the table.")
    if records.live_share(item, agency) is not None:
        raise AlreadyShared
    try:
        with transaction.atomic():
            return records.share(
                actor, item, agency, basis=records.LawfulBasis.SAFEGUARDING, purpose=purpose
            )
    except IntegrityError:  # shared by someone else at the same moment
        raise AlreadyShared from None


def sharing_agencies(*, meeting: Meeting) -> list[Agency]:
    """The other agencies at the table, to whom an item may be shared."""
    return list(
        Agency.objects.filter(pk__in=meeting.attendance.values("agency_id"))
        .exclude(pk=meeting.owning_agency_id)
        .order_by("name", "id")
    )


@transaction.atomic
def item_decide(
    *, actor: User, item: AgendaItem, expected_version: int, discussion: str, decision: str
) -> AgendaItem:
    """Record what was discussed and decided about one child; stale edits are refused."""
    access.require(actor, "meetings.manage", item.meeting)
    _require_open(item.meeting)
    bump(
        item,
        expected_version,
        discussion=discussion,
        decision=decision,
        decided_at=timezone.now(),
    )
    item.refresh_from_db()
    audit(actor, AuditAction.CHANGE, item, "record a meeting decision")
    return item


@transaction.atomic
def minutes_close(*, actor: User, meeting: Meeting, expected_version: int) -> Meeting:
    access.require(actor, "meetings.manage", meeting)
    bump(
        meeting,
        expected_version,
        where={"minutes_closed_at__isnull": True},
        minutes_closed_at=timezone.now(),
    )
    meeting.refresh_from_db()
    audit(actor, AuditAction.CHANGE, meeting, "close the minutes")
    return meeting


def minutes_export(*, actor: User, meeting: Meeting) -> bytes:
    """The minutes as a PDF, audited as an export: the items this user may read, and only
    a place for each of the others, as on the meeting's page."""
    from ..pdf import minutes_pdf

    content = minutes_pdf(
        meeting,
        agenda_entries(actor=actor, meeting=meeting),
        attendance(meeting=meeting),
        actions_for_meeting(actor=actor, meeting=meeting),
    )
    audit(actor, AuditAction.EXPORT, meeting, "export meeting minutes as PDF")
    return content
