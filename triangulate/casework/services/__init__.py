"""Cases: open from a triage decision, allocate against capacity, tasks, close and reopen."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.clocks import add_working_days
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.frontdoor.models import Contact, Outcome, TriageDecision

from ..models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    ClosureRisk,
    ClosureSafer,
    Task,
    Team,
    TeamMember,
)

CASE_OUTCOMES = {Outcome.EXPLOITATION_TEAM, Outcome.STRATEGY, Outcome.MACE}


class CaseAlreadyOpen(Exception):
    def __init__(self, case: Case):
        super().__init__(f"An open case already exists: {case.reference}")
        self.case = case


class OverCapacity(Exception):
    """Allocating would take the worker over their capacity; confirm to go ahead."""

    def __init__(self, caseload: int, capacity: int):
        super().__init__(f"{caseload} open cases against a capacity of {capacity}")
        self.caseload = caseload
        self.capacity = capacity


class CannotOpen(Exception):
    """The contact's decision does not lead to an exploitation case."""


def _reference() -> str:
    return "EXP-" + "".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(8))


def _event(
    case: Case, actor: User, kind: str, detail: str = "", reason: str = "", handover: str = ""
) -> CaseEvent:
    return CaseEvent.objects.create(
        owning_agency=case.owning_agency,
        case=case,
        kind=kind,
        detail=detail,
        reason=reason,
        handover=handover,
        actor=actor,
    )


@transaction.atomic
def case_open(*, actor: User, contact: Contact) -> Case:
    """Open an exploitation case for the contact's child, from the front door's decision."""
    access.require(actor, "casework.open")
    decision = TriageDecision.objects.filter(contact=contact).first()
    if decision is None or decision.outcome not in CASE_OUTCOMES or contact.person_id is None:
        raise CannotOpen
    existing = (
        access.visible(actor, Case)
        .filter(person_id=contact.person_id, status=CaseStatus.OPEN)
        .first()
    )
    if existing:
        raise CaseAlreadyOpen(existing)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                owning_agency=actor.agency,
                reference=_reference(),
                person_id=contact.person_id,
                contact=contact,
                opened_by=actor,
            )
    except IntegrityError:
        raise CaseAlreadyOpen(
            Case.objects.filter(person_id=contact.person_id, status=CaseStatus.OPEN).first()
        ) from None
    _event(case, actor, CaseEventKind.OPENED, detail=f"From contact {contact.reference}")
    audit(actor, AuditAction.CREATE, case, "open exploitation case", detail={"contact": contact.pk})
    return case


def case_open_for(*, actor: User, pk: int) -> Case:
    case = access.get_visible_or_403(actor, Case, pk, purpose="open case")
    audit(actor, AuditAction.VIEW, case, "view case")
    return case


def cases_list(*, actor: User, status: str = CaseStatus.OPEN) -> list[Case]:
    cases = list(
        access.visible(actor, Case)
        .filter(status=status)
        .select_related("person", "team", "worker")
        .order_by("-opened_at", "id")[:500]
    )
    audit(actor, AuditAction.VIEW, None, "list cases", detail={"cases": [c.pk for c in cases]})
    return cases


def open_caseload(user_ids) -> dict[int, int]:
    rows = (
        Case.objects.filter(worker_id__in=list(user_ids), status=CaseStatus.OPEN)
        .values("worker_id")
        .annotate(n=Count("id"))
    )
    return {row["worker_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class CaseloadRow:
    team: Team
    member: TeamMember
    open_cases: int

    @property
    def capacity(self) -> int:
        return self.member.effective_capacity

    @property
    def state(self) -> str:
        if self.open_cases > self.capacity:
            return "over"
        if self.open_cases == self.capacity:
            return "full"
        return "room"


def caseloads(*, teams=None) -> list[CaseloadRow]:
    members = list(
        TeamMember.objects.filter(**({"team__in": teams} if teams is not None else {}))
        .select_related("team", "user")
        .order_by("team__name", "user__last_name", "id")
    )
    counts = open_caseload(m.user_id for m in members)
    return [CaseloadRow(m.team, m, counts.get(m.user_id, 0)) for m in members]


def teams_for(user: User) -> list[Team]:
    return list(Team.objects.filter(agency=user.agency).order_by("name", "id"))


class TransferNeeded(Exception):
    """The case already has a worker: moving it to another is a transfer, with a reason and
    a handover note."""


class TransferInvalid(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _member_with_room(case: Case, team: Team, worker: User, confirmed: bool) -> TeamMember:
    """The worker's place in the team; refuse to take them over capacity unless confirmed."""
    member = TeamMember.objects.filter(team=team, user=worker).select_related("team").first()
    if member is None or team.agency_id != case.owning_agency_id:
        raise ValueError(f"{worker.display_name} is not in {team.name}")
    if case.worker_id != worker.pk:
        load = open_caseload([worker.pk]).get(worker.pk, 0)
        if load + 1 > member.effective_capacity and not confirmed:
            raise OverCapacity(load, member.effective_capacity)
    return member


# Working days the new worker has to read the handover and plan to see the child.
HANDOVER_WORKING_DAYS = 2


@transaction.atomic
def case_transfer(
    *,
    actor: User,
    case: Case,
    team: Team,
    worker: User,
    reason: str,
    handover: str,
    expected_version: int,
    confirm_over_capacity: bool = False,
) -> Case:
    """Move an open case to another worker (in the same or another team of the case's agency),
    with the reason and a handover note. Only a manager in the agency that owns the case may
    transfer it. The new worker gets a task on "My work" to read the handover."""
    access.require(actor, "casework.transfer", case)
    access.require_changeable(actor, case, purpose="transfer case")
    if not reason.strip():
        raise TransferInvalid("reason", "Enter why the case is moving")
    if not handover.strip():
        raise TransferInvalid("handover", "Enter a handover note for the new worker")
    if case.worker_id == worker.pk and case.team_id == team.pk:
        raise TransferInvalid("worker", f"The case is already with {worker.display_name}")
    _member_with_room(case, team, worker, confirm_over_capacity)
    before = (case.team, case.worker)
    bump(case, expected_version, where={"status": CaseStatus.OPEN}, team=team, worker=worker)
    case.refresh_from_db()
    was = (
        f"{before[1].display_name} ({before[0].name})"
        if before[1] and before[0]
        else "not allocated"
    )
    _event(
        case,
        actor,
        CaseEventKind.TRANSFERRED,
        detail=f"From {was} to {worker.display_name} ({team.name})"[:300],
        reason=reason.strip(),
        handover=handover.strip(),
    )
    Task.objects.create(
        owning_agency=case.owning_agency,
        case=case,
        title=f"Read the handover note: case {case.reference} transferred to you",
        owner=worker,
        due_on=add_working_days(timezone.localdate(), HANDOVER_WORKING_DAYS),
        created_by=actor,
    )
    audit(
        actor,
        AuditAction.CHANGE,
        case,
        "transfer case",
        detail={
            "from_team": before[0].pk if before[0] else None,
            "from_worker": before[1].pk if before[1] else None,
            "team": team.pk,
            "worker": worker.pk,
            "reason": reason.strip(),
        },
    )
    return case


@transaction.atomic
def case_allocate(
    *,
    actor: User,
    case: Case,
    team: Team,
    worker: User,
    expected_version: int,
    confirm_over_capacity: bool = False,
) -> Case:
    """Allocate a case to a team and worker; refuse to go over capacity unless confirmed."""
    access.require(actor, "casework.allocate")
    access.require_changeable(actor, case, purpose="allocate case")
    if case.worker_id is not None and case.worker_id != worker.pk:
        raise TransferNeeded
    member = _member_with_room(case, team, worker, confirm_over_capacity)
    bump(case, expected_version, team=team, worker=worker)
    case.refresh_from_db()
    over = open_caseload([worker.pk]).get(worker.pk, 0) > member.effective_capacity
    _event(
        case,
        actor,
        CaseEventKind.ALLOCATED,
        detail=f"{team.name}: {worker.display_name}"
        + (" (over capacity, confirmed)" if over else ""),
    )
    audit(
        actor,
        AuditAction.CHANGE,
        case,
        "allocate case",
        detail={"team": team.pk, "worker": worker.pk, "over_capacity": over},
    )
    return case


@transaction.atomic
def case_close(
    *, actor: User, case: Case, reason: str, expected_version: int, safer: str, risk: str
) -> Case:
    """Close an open case, recording whether the child is safer and the risk at closure."""
    access.require(actor, "casework.manage")
    access.require_changeable(actor, case, purpose="close case")
    if safer not in ClosureSafer.values or risk not in ClosureRisk.values:
        raise ValueError("Say whether the child is safer and the risk of exploitation now")
    bump(
        case,
        expected_version,
        where={"status": CaseStatus.OPEN},
        status=CaseStatus.CLOSED,
        closed_at=timezone.now(),
        closure_safer=safer,
        closure_risk=risk,
    )
    case.refresh_from_db()
    _event(case, actor, CaseEventKind.CLOSED, reason=reason.strip())
    audit(
        actor,
        AuditAction.CHANGE,
        case,
        "close case",
        detail={"reason": reason.strip(), "safer": safer, "risk": risk},
    )
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str, expected_version: int) -> Case:
    access.require(actor, "casework.manage")
    access.require_changeable(actor, case, purpose="reopen case")
    if (
        Case.objects.filter(person_id=case.person_id, status=CaseStatus.OPEN)
        .exclude(pk=case.pk)
        .exists()
    ):
        raise CaseAlreadyOpen(case)
    bump(
        case,
        expected_version,
        where={"status": CaseStatus.CLOSED},
        status=CaseStatus.OPEN,
        closed_at=None,
    )
    case.refresh_from_db()
    _event(case, actor, CaseEventKind.REOPENED, reason=reason.strip())
    audit(actor, AuditAction.CHANGE, case, "reopen case", detail={"reason": reason.strip()})
    return case


def case_events(*, actor: User, case: Case) -> list[CaseEvent]:
    return list(
        access.visible(actor, CaseEvent)
        .filter(case=case)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )


def case_tasks(*, actor: User, case: Case) -> list[Task]:
    return list(
        access.visible(actor, Task)
        .filter(case=case)
        .select_related("owner")
        .order_by("done_at", "due_on", "id")
    )


def possible_task_owners(case: Case) -> list[User]:
    return list(
        User.objects.filter(agency_id=case.owning_agency_id, is_active=True)
        .filter(Q(team_memberships__isnull=False) | Q(pk=case.worker_id))
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


@transaction.atomic
def task_add(*, actor: User, case: Case, title: str, owner: User, due_on: dt.date) -> Task:
    access.require(actor, "casework.work")
    access.require_changeable(actor, case, purpose="add case task")
    task = Task.objects.create(
        owning_agency=case.owning_agency,
        case=case,
        title=title.strip(),
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, task, "add case task", detail={"owner": owner.pk})
    return task


@transaction.atomic
def task_complete(*, actor: User, task: Task) -> Task:
    access.require(actor, "casework.work")
    access.require_changeable(actor, task, purpose="complete task")
    updated = Task.objects.filter(pk=task.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor
    )
    if updated:
        task.refresh_from_db()
        audit(actor, AuditAction.CHANGE, task, "complete task")
    return task


def task_get(*, actor: User, case_pk: int, pk: int) -> Task:
    """One task of one case (404 if the task is not that case's)."""
    return access.get_visible_or_403(
        actor, Task, pk, purpose="complete task", within={"case_id": case_pk}
    )


def contact_for_case(*, actor: User, pk: int) -> Contact:
    return access.get_visible_or_403(actor, Contact, pk, purpose="open case from contact")
