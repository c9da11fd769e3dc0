"""Keeping an agency's teams: their names, the caseload a full-time worker is expected to
carry, who works in each and any worker's own capacity (part-time, newly qualified). Only the
agency's team managers and system administrator, each change audited."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.http import Http404

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.core.refusals import Refused
from triangulate.core.roles import Role

from ..models import CaseStatus, Team, TeamMember

CAPACITY_LIMIT = 50
# Who may work cases in a team.
WORKER_ROLES = (Role.EXPLOITATION_PRACTITIONER, Role.TEAM_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER)


class TeamInvalid(Refused):
    """A change that breaks a rule; ``errors`` maps fields to GOV.UK messages."""


def teams_kept(*, actor: User) -> list[Team]:
    """The actor's agency's teams, each with how many work in it."""
    access.require(actor, "casework.teams")
    return list(
        Team.objects.filter(agency_id=actor.agency_id)
        .annotate(workers=Count("members"))
        .order_by("name", "id")
    )


def team_open(*, actor: User, pk: int) -> Team:
    access.require(actor, "casework.teams", record=("casework.team", pk))
    team = Team.objects.filter(pk=pk).first()
    if team is None:
        raise Http404
    if team.agency_id != actor.agency_id:
        raise access.AccessDenied(
            "Only the team's own agency keeps it.", record=team, purpose="keep a team"
        )
    return team


def _checked(*, name: str, default_capacity, agency_id: int, team: Team | None = None) -> None:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "Enter the team's name"
    elif Team.objects.filter(name__iexact=name).exclude(pk=getattr(team, "pk", None)).exists():
        errors["name"] = "A team with this name already exists"
    if default_capacity is None or not 1 <= default_capacity <= CAPACITY_LIMIT:
        errors["default_capacity"] = f"Enter a caseload from 1 to {CAPACITY_LIMIT}"
    if errors:
        raise TeamInvalid(errors)


@transaction.atomic
def team_create(*, actor: User, name: str, default_capacity: int) -> Team:
    access.require(actor, "casework.teams")
    _checked(name=name, default_capacity=default_capacity, agency_id=actor.agency_id)
    team = Team.objects.create(
        name=name.strip(), agency_id=actor.agency_id, default_capacity=default_capacity
    )
    audit(actor, AuditAction.CREATE, team, "add a team",
          detail={"name": team.name, "default_capacity": default_capacity})  # fmt: skip
    return team


@transaction.atomic
def team_update(
    *, actor: User, team: Team, expected_version: int, name: str, default_capacity: int
) -> Team:
    """Rename a team or change the caseload a full-time worker in it carries; a page opened
    before someone else's change is refused."""
    team_open(actor=actor, pk=team.pk)
    _checked(name=name, default_capacity=default_capacity, agency_id=team.agency_id, team=team)
    before = {"name": team.name, "default_capacity": team.default_capacity}
    bump(team, expected_version, name=name.strip(), default_capacity=default_capacity)
    team.refresh_from_db()
    audit(actor, AuditAction.CHANGE, team, "change a team", detail={
        "before": before, "after": {"name": team.name, "default_capacity": team.default_capacity},
    })  # fmt: skip
    return team


def workers_to_add(*, team: Team) -> list[User]:
    """The agency's active accounts who work cases and are not yet in the team."""
    return list(
        User.objects.filter(agency_id=team.agency_id, is_active=True)
        .filter(grants__role__in=WORKER_ROLES)
        .exclude(team_memberships__team=team)
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def members_with_cases(team: Team) -> list[tuple]:
    """The team's workers by name, each with the open cases they hold in the team."""
    held = open_cases_in(team)
    return [
        (member, held.get(member.user_id, 0))
        for member in team.members.select_related("user").order_by("user__last_name", "id")
    ]


def open_cases_in(team: Team) -> dict[int, int]:
    """{worker id: open cases they hold in this team}."""
    from ..models import Case

    rows = (
        Case.objects.filter(team=team, status=CaseStatus.OPEN, worker__isnull=False)
        .values("worker_id")
        .annotate(n=Count("id"))
    )
    return {row["worker_id"]: row["n"] for row in rows}


def _capacity_checked(capacity) -> None:
    if capacity is not None and not 1 <= capacity <= CAPACITY_LIMIT:
        raise TeamInvalid(
            {"capacity": f"Enter a caseload from 1 to {CAPACITY_LIMIT}, or leave it empty"}
        )


@transaction.atomic
def member_add(
    *, actor: User, team: Team, expected_version: int, worker: User | None, capacity=None
) -> TeamMember:
    team_open(actor=actor, pk=team.pk)
    if worker is None or worker not in workers_to_add(team=team):
        raise TeamInvalid({"worker": "Select a worker from your agency who is not yet in the team"})
    _capacity_checked(capacity)
    bump(team, expected_version)
    member = TeamMember.objects.create(team=team, user=worker, capacity=capacity)
    audit(actor, AuditAction.CREATE, team, "add a worker to a team",
          detail={"worker": worker.pk, "capacity": capacity})  # fmt: skip
    return member


def _member(team: Team, member_pk) -> TeamMember:
    member = TeamMember.objects.filter(team=team, pk=member_pk).select_related("user").first()
    if member is None:
        raise TeamInvalid({"member": "Select a worker in the team"})
    return member


@transaction.atomic
def member_capacity(
    *, actor: User, team: Team, expected_version: int, member: int, capacity=None
) -> TeamMember:
    """Set a worker's own capacity (empty: the team's)."""
    team_open(actor=actor, pk=team.pk)
    found = _member(team, member)
    _capacity_checked(capacity)
    bump(team, expected_version)
    before = found.capacity
    TeamMember.objects.filter(pk=found.pk).update(capacity=capacity)
    audit(actor, AuditAction.CHANGE, team, "change a worker's capacity",
          detail={"worker": found.user_id, "before": before, "after": capacity})  # fmt: skip
    found.capacity = capacity
    return found


@transaction.atomic
def member_remove(*, actor: User, team: Team, expected_version: int, member: int) -> None:
    """Take a worker out of the team; not while they hold open cases in it (transfer them
    first)."""
    team_open(actor=actor, pk=team.pk)
    found = _member(team, member)
    held = open_cases_in(team).get(found.user_id, 0)
    if held:
        raise TeamInvalid({"member": f"{found.user.display_name} holds {held} open "
                                     f"{'case' if held == 1 else 'cases'} in the team: "
                                     "transfer them first"})  # fmt: skip
    bump(team, expected_version)
    found.delete()
    audit(actor, AuditAction.DELETE, team, "take a worker out of a team",
          detail={"worker": found.user_id})  # fmt: skip
