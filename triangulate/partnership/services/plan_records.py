"""Plan structure and history: plans, objectives, reviews, monthly versions, moves, slippage."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Prefetch

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import (
    Action,
    ActionMove,
    ActionUpdate,
    DateChange,
    DateMoveRequest,
    Milestone,
    Objective,
    Plan,
    PlanReview,
    PlanVersion,
    Priority,
    RagOverride,
    Recommendation,
)
from . import rag
from .plans import _bump


@transaction.atomic
def review_record(
    *, actor: User, plan: Plan, reviewed_on: dt.date, body: str, actions, notes: str = ""
) -> PlanReview:
    """Record a meeting of the plan's review cycle and the actions it looked at."""
    access.require(actor, "partnership.manage")
    review = PlanReview.objects.create(
        plan=plan, reviewed_on=reviewed_on, body=body, reviewed_by=actor, notes=notes
    )
    review.actions.set(actions)
    audit(actor, AuditAction.CREATE, review, "record a plan review")
    return review


def plan_actions(plan: Plan):
    return rag.with_rating_data(
        Action.objects.filter(objective__priority__plan=plan).select_related(
            "objective__priority", "lead_officer", "owning_agency"
        )
    ).order_by("objective__priority__number", "objective__number", "number", "id")


@transaction.atomic
def version_take(*, actor: User | None, plan: Plan, month: dt.date, today: dt.date) -> PlanVersion:
    """Keep the plan as it stands at the end of ``month`` (replacing a version of that month)."""
    rule_set = rag.rules_in_force(today)
    rows = []
    for action in plan_actions(plan):
        rating = rag.rate(action, rule_set, today)
        rows.append(
            {
                "id": action.pk,
                "number": action.number,
                "title": action.title,
                "target_date": str(action.target_date),
                "status": rating.shown_status,
                "reason": rating.reason,
            }
        )
    version, _ = PlanVersion.objects.update_or_create(
        plan=plan,
        month=month.replace(day=1),
        defaults={"snapshot": {"rules_version": rule_set.version, "actions": rows}},
    )
    audit(actor, AuditAction.CREATE, version, "keep a monthly version of a plan")
    return version


@transaction.atomic
def action_move(
    *,
    actor: User,
    action: Action,
    expected_version: int,
    to_objective: Objective,
    new_number: str,
    reason: str,
) -> ActionMove:
    """Move an action to another objective or plan; it keeps its updates and date history."""
    access.require(actor, "partnership.manage")
    _bump(action, expected_version)
    move = ActionMove.objects.create(
        action=action,
        from_objective=action.objective,
        to_objective=to_objective,
        old_number=action.number,
        new_number=new_number,
        reason=reason,
        moved_by=actor,
    )
    Action.objects.filter(pk=action.pk).update(objective=to_objective, number=new_number)
    audit(
        actor,
        AuditAction.CHANGE,
        action,
        "move an action to another plan",
        detail={"move": move.pk},
    )
    return move


def slippage(*, start: dt.date, end: dt.date, plan: Plan | None = None):
    """Every target date moved in a period, with the reason and who approved it."""
    changes = DateChange.objects.filter(
        changed_at__date__gte=start, changed_at__date__lte=end
    ).select_related("action__objective__priority__plan", "changed_by", "approved_by")
    if plan is not None:
        changes = changes.filter(action__objective__priority__plan=plan)
    return changes.order_by("changed_at", "id")


def with_history(queryset):
    """An action with everything its page shows: updates, date history, moves, links."""
    return queryset.select_related(
        "objective__priority__plan", "lead_officer", "owning_agency", "signed_off_by"
    ).prefetch_related(
        Prefetch(
            "updates",
            queryset=ActionUpdate.objects.select_related("written_by").order_by("written_on", "id"),
        ),
        Prefetch(
            "date_changes",
            queryset=DateChange.objects.select_related("changed_by", "approved_by").order_by(
                "changed_at", "id"
            ),
        ),
        Prefetch(
            "date_moves",
            queryset=DateMoveRequest.objects.select_related("requested_by", "approver").order_by(
                "requested_at", "id"
            ),
        ),
        Prefetch(
            "overrides",
            queryset=RagOverride.objects.select_related("proposed_by", "decided_by").order_by(
                "-proposed_at", "-id"
            ),
        ),
        Prefetch("milestones", queryset=Milestone.objects.order_by("target_date", "id")),
        Prefetch(
            "moves",
            queryset=ActionMove.objects.select_related(
                "from_objective__priority__plan", "to_objective__priority__plan", "moved_by"
            ).order_by("moved_at", "id"),
        ),
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.select_related("source").order_by(
                "source_id", "number"
            ),
        ),
        Prefetch("reviews", queryset=PlanReview.objects.order_by("-reviewed_on", "-id")),
    )


def moved_out(plan: Plan):
    """Actions that began in this plan and now live in another: listed, never lost."""
    return (
        ActionMove.objects.filter(from_objective__priority__plan=plan)
        .exclude(to_objective__priority__plan=plan)
        .select_related("action", "to_objective__priority__plan")
        .order_by("moved_at", "id")
    )


@transaction.atomic
def plan_create(
    *,
    actor: User,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    review_cycle: str,
    priorities: list[str],
    summary: str = "",
) -> Plan:
    """Start a delivery plan with its own list of priorities (Prevent, Protect ... or others)."""
    access.require(actor, "partnership.manage")
    plan = Plan.objects.create(
        title=title,
        summary=summary,
        starts_on=starts_on,
        ends_on=ends_on,
        review_cycle=review_cycle,
        owning_agency=actor.agency,
    )
    for number, name in enumerate(priorities, start=1):
        Priority.objects.create(plan=plan, number=number, title=name)
    audit(
        actor, AuditAction.CREATE, plan, "start a delivery plan", detail={"priorities": priorities}
    )
    return plan


@transaction.atomic
def objective_add(*, actor: User, priority: Priority, number: str, title: str) -> Objective:
    access.require(actor, "partnership.manage")
    objective = Objective.objects.create(priority=priority, number=number, title=title)
    audit(actor, AuditAction.CREATE, objective, "add a strategic objective")
    return objective


def evidence_open(*, actor: User, update: ActionUpdate):
    """Open an uploaded evidence file for a signed-in partnership user, and audit the look."""
    access.require(actor, "partnership.view")
    audit(actor, AuditAction.VIEW, update, "open progress evidence")
    return update.evidence_file.open("rb")


def recent_reviews(plan: Plan, limit: int = 6) -> list[PlanReview]:
    """The plan's latest reviews, newest first, each with ``actions_reviewed``."""
    return list(
        plan.reviews.select_related("reviewed_by")
        .annotate(actions_reviewed=Count("actions"))
        .order_by("-reviewed_on", "-id")[:limit]
    )
