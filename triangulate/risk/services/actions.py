"""Safety-plan actions: added for an agency that delivers services and shared with it, who
may update them or name their owner, and the open and overdue actions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.roles import CASEWORK_ROLES, Role

from ..models import ActionStatus, PlanAction, SafetyPlan
from .errors import AssessmentInvalid

PARTNER_ACTION_PURPOSE = "safety plan action for a partner agency"


@transaction.atomic
def plan_action_add(
    *,
    actor: User,
    plan: SafetyPlan,
    text: str,
    responsible_agency: Agency,
    owner: User | None,
    due_on: dt.date,
    is_milestone: bool = False,
) -> PlanAction:
    """Add an action owned by an agency that delivers services; it is shared with that agency,
    to change (the action is theirs to carry out), so its named owner, or with nobody named
    its managers, see it and record its progress."""
    access.require(actor, "risk.assess")
    if responsible_agency.pk not in {a.pk for a in responsible_agencies()}:
        raise AssessmentInvalid(
            {"responsible_agency": "Choose an agency whose staff work with children"}
        )
    if owner is not None and owner.agency_id != responsible_agency.pk:
        raise AssessmentInvalid({"owner": "Choose a person from the agency responsible"})
    access.require_changeable(actor, plan, purpose="add a safety plan action")
    action = PlanAction.objects.create(
        owning_agency=plan.owning_agency,
        plan=plan,
        text=text,
        responsible_agency=responsible_agency,
        owner=owner,
        due_on=due_on,
        is_milestone=is_milestone,
    )
    audit(actor, AuditAction.CREATE, action, "add a safety plan action")
    records.share(
        actor,
        action,
        responsible_agency,
        basis=records.LawfulBasis.SAFEGUARDING,
        purpose=PARTNER_ACTION_PURPOSE,
        permits_change=True,
    )
    return action


def coordinates_actions_for(*, actor: User, agency_id: int | None) -> bool:
    """Whether unnamed actions for this agency reach this user: its team managers, or where
    the agency has none, everyone there whose work is with children."""
    if agency_id is None or actor.agency_id != agency_id or not actor.is_active:
        return False
    if actor.has_role(Role.TEAM_MANAGER):
        return True
    has_manager = User.objects.filter(
        is_active=True, agency_id=agency_id, grants__role=Role.TEAM_MANAGER
    ).exists()
    return not has_manager and actor.has_role(*CASEWORK_ROLES)


def action_owners(*, agency: Agency) -> list[User]:
    """People in the agency responsible who may be named to carry an action out."""
    return list(
        User.objects.filter(is_active=True, agency=agency, grants__role__in=CASEWORK_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def _may_change(actor: User, action: PlanAction) -> bool:
    """Whether the actor's agency may change the action: the plan's team, or the agency
    responsible through the share that gave it the action (one for reading is not enough)."""
    return access.changeable(actor, PlanAction).filter(pk=action.pk).exists()


def may_update_action(*, actor: User, action: PlanAction) -> bool:
    """The named owner, the plan's own team, or (for the agency responsible) whoever
    coordinates its actions may record progress and the outcome, while their agency may
    change the action."""
    return (
        action.owner_id == actor.pk
        or (action.owning_agency_id == actor.agency_id and access.may(actor, "risk.assess"))
        or coordinates_actions_for(actor=actor, agency_id=action.responsible_agency_id)
    ) and _may_change(actor, action)


def may_name_action_owner(*, actor: User, action: PlanAction) -> bool:
    return (
        (action.owning_agency_id == actor.agency_id and access.may(actor, "risk.assess"))
        or coordinates_actions_for(actor=actor, agency_id=action.responsible_agency_id)
    ) and _may_change(actor, action)


@transaction.atomic
def plan_action_update(
    *, actor: User, action: PlanAction, status: str, outcome: str = "", expected_version: int
) -> PlanAction:
    """Change an action's status and record its outcome; refused if someone changed it
    since it was opened."""
    if not may_update_action(actor=actor, action=action):
        raise access.AccessDenied("Only the action's owner or the plan's team can update it.")
    bump(
        action, expected_version,
        status=status, outcome=outcome,
        done_on=timezone.localdate() if status == ActionStatus.DONE else None,
    )  # fmt: skip
    action.refresh_from_db()
    audit(
        actor, AuditAction.CHANGE, action, "update a safety plan action", detail={"status": status}
    )
    return action


@transaction.atomic
def plan_action_name_owner(
    *, actor: User, action: PlanAction, owner: User, expected_version: int
) -> PlanAction:
    """Name the person in the agency responsible who will carry the action out."""
    if not may_name_action_owner(actor=actor, action=action):
        raise access.AccessDenied("Only the agency responsible or the plan's team can name who.")
    if owner.agency_id != action.responsible_agency_id or not owner.has_role(*CASEWORK_ROLES):
        raise AssessmentInvalid({"owner": "Choose a person from the agency responsible"})
    bump(action, expected_version, owner=owner)
    action.refresh_from_db()
    audit(
        actor, AuditAction.CHANGE, action, "name who owns a safety plan action",
        detail={"owner": owner.display_name},
    )  # fmt: skip
    return action


def plan_action_open(*, actor: User, pk: int) -> PlanAction:
    action = access.get_visible_or_403(actor, PlanAction, pk, purpose="safety plan action")
    audit(actor, AuditAction.VIEW, action, "view safety plan action")
    return action


def plan_actions(*, actor: User, plan: SafetyPlan) -> list[PlanAction]:
    return list(
        access.visible(actor, PlanAction)
        .filter(plan=plan)
        .select_related("responsible_agency", "owner")
        .order_by("due_on", "id")
    )


def open_actions_for_owner(*, actor: User) -> QuerySet[PlanAction]:
    """Open actions this user owns, and, for whoever coordinates their agency's actions,
    the agency's actions nobody has been named for yet; soonest due first."""
    mine = Q(owner=actor)
    if coordinates_actions_for(actor=actor, agency_id=actor.agency_id):
        mine |= Q(owner__isnull=True, responsible_agency_id=actor.agency_id)
    return (
        access.visible(actor, PlanAction)
        .filter(mine, status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
        .select_related("plan__person", "plan__owning_agency")
        .order_by("due_on", "id")
    )


def overdue_plan_actions(*, actor: User, today: dt.date | None = None) -> list[PlanAction]:
    today = today or timezone.localdate()
    return list(
        access.visible(actor, PlanAction)
        .filter(
            due_on__lt=today,
            status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS],
            plan__closed_at__isnull=True,
        )
        .select_related("plan__person", "responsible_agency")
        .order_by("due_on", "id")
    )


def responsible_agencies() -> list[Agency]:
    """Agencies that may be responsible for a safety-plan action: those whose staff work
    with children (not, say, the elected members' council or the partnership itself)."""
    return list(
        Agency.objects.filter(
            is_active=True,
            users__is_active=True,
            users__grants__role__in=CASEWORK_ROLES,
        )
        .distinct()
        .order_by("name", "id")
    )


def casework_users() -> list[User]:
    """People who may own an action: active users in an agency with a casework role."""
    return list(
        User.objects.filter(is_active=True, agency__isnull=False, grants__role__in=CASEWORK_ROLES)
        .select_related("agency")
        .distinct()
        .order_by("last_name", "first_name", "id")
    )
