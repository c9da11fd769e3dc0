"""Allocation: caseloads against each worker's capacity, allocating a case to a team and
worker, and transferring it to another with a reason and a handover note."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.clocks import add_working_days
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User

from ..models import Case, CaseEventKind, CaseStatus, Task, Team, TeamMember
from .cases import event


class OverCapacity(Exception):
    """Allocating would take the worker over their capacity; confirm to go ahead."""

    def __init__(self, caseload: int, capacity: int):
        super().__init__(f"{caseload} open cases against a capacity of {capacity}")
        self.caseload = caseload
        self.capacity = capacity


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
    event(
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
    event(
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
