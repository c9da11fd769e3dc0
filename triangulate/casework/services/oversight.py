"""A manager's oversight: supervision of a case, and the team view of children not seen alone
lately, notes recorded late, and cases no one holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit, audit_shown
from triangulate.core.clocks import local, working_days_between
from triangulate.core.extensions import OversightItem
from triangulate.core.extensions import oversight as overdue_elsewhere
from triangulate.core.models import AuditAction, User

from ..models import Case, CaseNote, CaseStatus, Supervision, Task

# Defaults a borough may change in settings (CASEWORK_VISIT_GAP_DAYS and
# CASEWORK_NOTE_WORKING_DAYS); a manager may also ask for another number on the page.
VISIT_GAP_DAYS = 28
NOTE_WORKING_DAYS = 2


def visit_gap_days() -> int:
    return int(getattr(settings, "CASEWORK_VISIT_GAP_DAYS", VISIT_GAP_DAYS))


def note_working_days() -> int:
    return int(getattr(settings, "CASEWORK_NOTE_WORKING_DAYS", NOTE_WORKING_DAYS))


def days_without(last: dt.datetime | None, since: dt.datetime, now: dt.datetime) -> int:
    """Whole days from the last time (or, never, from ``since``) to ``now``."""
    return (now - (last or since)).days


def visit_overdue(
    last_seen_alone: dt.datetime | None, opened_at: dt.datetime, now: dt.datetime, days: int
) -> bool:
    """The visit-gap rule: a child on an open case must be seen alone at least every ``days``
    days, counted from the last time they were seen alone, or from the case opening if they
    never have been. Exactly ``days`` days is still on time."""
    return days_without(last_seen_alone, opened_at, now) > days


@dataclass(frozen=True)
class VisitGap:
    case: Case
    last_seen: dt.datetime | None
    last_seen_alone: dt.datetime | None
    days: int


def visit_gaps(*, actor: User, days: int, now: dt.datetime | None = None) -> list[VisitGap]:
    """Open cases of the manager's agency whose child has not been seen alone in ``days`` days,
    longest gap first. Seen and seen alone come from the notes the manager may see."""
    now = now or timezone.now()
    notes = access.visible(actor, CaseNote)
    cases = (
        access.visible(actor, Case)
        .filter(status=CaseStatus.OPEN, owning_agency_id=actor.agency_id)
        .annotate(
            last_seen=Max("notes__occurred_at", filter=Q(notes__child_seen=True, notes__in=notes)),
            last_seen_alone=Max(
                "notes__occurred_at", filter=Q(notes__child_seen_alone=True, notes__in=notes)
            ),
        )
        .select_related("person", "worker", "team")
        .order_by("id")
    )
    gaps = [
        VisitGap(
            case=case,
            last_seen=case.last_seen,
            last_seen_alone=case.last_seen_alone,
            days=days_without(case.last_seen_alone, case.opened_at, now),
        )
        for case in cases
        if visit_overdue(case.last_seen_alone, case.opened_at, now, days)
    ]
    return sorted(gaps, key=lambda g: (-g.days, g.case.pk))


def recorded_late(note: CaseNote, working_days: int) -> bool:
    """A note is late when typed more than ``working_days`` working days after the contact."""
    return (
        working_days_between(local(note.occurred_at).date(), local(note.recorded_at).date())
        > working_days
    )


def late_notes(
    *, actor: User, working_days: int, since_days: int = 90, now: dt.datetime | None = None
) -> list[CaseNote]:
    """Notes on the agency's cases in the last ``since_days`` days that were recorded late."""
    now = now or timezone.now()
    notes = (
        access.visible(actor, CaseNote)
        .filter(
            owning_agency_id=actor.agency_id,
            recorded_at__gte=now - dt.timedelta(days=since_days),
        )
        .select_related("case", "person", "recorded_by")
        .order_by("-recorded_at", "id")
    )
    return [note for note in notes if recorded_late(note, working_days)]


def unallocated(*, actor: User) -> list[Case]:
    return list(
        access.visible(actor, Case)
        .filter(status=CaseStatus.OPEN, owning_agency_id=actor.agency_id, worker__isnull=True)
        .select_related("person")
        .order_by("opened_at", "id")
    )


@dataclass(frozen=True)
class Overdue:
    case: Case
    item: OversightItem


def overdue_assessments(*, actor: User) -> list[Overdue]:
    """Open cases of the manager's agency whose child's risk assessment is overdue (or was
    never finished), as the apps that hold assessments say through the oversight extension
    point (casework does not import risk). Longest overdue first, never assessed first of all.
    """
    cases = list(
        access.visible(actor, Case)
        .filter(status=CaseStatus.OPEN, owning_agency_id=actor.agency_id)
        .select_related("person", "worker")
        .order_by("id")
    )
    by_person = {case.person_id: case for case in cases}
    rows = [
        Overdue(by_person[item.person_id], item)
        for item in overdue_elsewhere(actor, by_person)
        if item.person_id in by_person
    ]
    return sorted(rows, key=lambda r: (r.item.due_on or dt.date.min, r.case.pk))


def team_view(*, actor: User, gap_days: int, note_days: int) -> dict:
    """The four lists on the manager's oversight page, audited as one page shown."""
    access.require(actor, "casework.allocate")
    view = {
        "gaps": visit_gaps(actor=actor, days=gap_days),
        "late": late_notes(actor=actor, working_days=note_days),
        "unallocated": unallocated(actor=actor),
        "assessments": overdue_assessments(actor=actor),
    }
    # Whether the manager may open each child, asked once for the page, not once a row.
    access.remember_visibility(
        actor,
        [g.case.person for g in view["gaps"]]
        + [note.person for note in view["late"]]
        + [case.person for case in view["unallocated"]]
        + [o.case.person for o in view["assessments"]],
    )
    audit_shown(
        actor,
        [g.case for g in view["gaps"]]
        + view["late"]
        + view["unallocated"]
        + [o.case for o in view["assessments"]]
        + [o.item.record for o in view["assessments"] if o.item.record is not None],
        "view team oversight",
    )
    return view


@transaction.atomic
def supervision_record(
    *,
    actor: User,
    case: Case,
    held_on: dt.date,
    reflection: str,
    decisions: str,
    actions: list[tuple[str, User, dt.date]] = (),
) -> Supervision:
    """Record a supervision of a case; each action becomes a task on the case with its owner
    and due date."""
    access.require(actor, "casework.allocate")
    access.require_changeable(actor, case, purpose="record supervision")
    if held_on > timezone.localdate():
        raise ValueError("Supervision cannot be dated in the future")
    supervision = Supervision.objects.create(
        owning_agency=case.owning_agency,
        case=case,
        held_on=held_on,
        supervisor=actor,
        reflection=reflection.strip(),
        decisions=decisions.strip(),
    )
    for text, owner, due_on in actions:
        Task.objects.create(
            owning_agency=case.owning_agency,
            case=case,
            title=text.strip(),
            owner=owner,
            due_on=due_on,
            created_by=actor,
            supervision=supervision,
        )
    audit(
        actor,
        AuditAction.CREATE,
        supervision,
        "record supervision",
        detail={"case": case.pk, "actions": len(actions)},
    )
    return supervision


def supervisions(*, actor: User, case: Case) -> list[Supervision]:
    """The case's supervisions, newest first, each with its ``action_list``."""
    found = list(
        access.visible(actor, Supervision)
        .filter(case=case)
        .select_related("supervisor")
        .prefetch_related("actions__owner")
        .order_by("-held_on", "-id")
    )
    for supervision in found:
        supervision.action_list = list(supervision.actions.all())
    return found
