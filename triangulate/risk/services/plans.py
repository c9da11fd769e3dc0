"""Safety plans: the child's open plan, the child's and family's views, and the support
delivered under it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User

from ..models import SafetyPlan, SupportDelivered


def plan_for(*, actor: User, person) -> SafetyPlan | None:
    return (
        access.visible(actor, SafetyPlan)
        .filter(person=person, closed_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


def plan_open(*, actor: User, pk: int) -> SafetyPlan:
    plan = access.get_visible_or_403(actor, SafetyPlan, pk, purpose="view safety plan")
    audit(actor, AuditAction.VIEW, plan, "view safety plan")
    return plan


@transaction.atomic
def plan_create(*, actor: User, person) -> SafetyPlan:
    access.require(actor, "risk.assess")
    existing = plan_for(actor=actor, person=person)
    if existing:
        return existing
    plan = SafetyPlan.objects.create(owning_agency=actor.agency, person=person, created_by=actor)
    audit(actor, AuditAction.CREATE, plan, "start a safety plan")
    return plan


@transaction.atomic
def plan_update_views(
    *,
    actor: User,
    plan: SafetyPlan,
    expected_version: int,
    child_views: str,
    family_views: str,
    purpose: str | None = None,
) -> SafetyPlan:
    """Record what the plan is for and the child's and family's views in their own words;
    stale edits are refused."""
    access.require(actor, "risk.assess")
    access.require_changeable(actor, plan, purpose="record views on the safety plan")
    changes = {"child_views": child_views, "family_views": family_views}
    if purpose is not None:
        changes["purpose"] = purpose
    bump(plan, expected_version, **changes)
    plan.refresh_from_db()
    audit(actor, AuditAction.CHANGE, plan, "record views on the safety plan")
    return plan


@transaction.atomic
def support_record(
    *,
    actor: User,
    plan: SafetyPlan,
    delivered_on: dt.date,
    kind: str,
    description: str,
) -> SupportDelivered:
    """Record support or an intervention delivered, by the recording user's agency.

    The record belongs to the agency that delivered the support, not to the plan's owner:
    a partner who can read a shared plan adds what it did without changing the plan. The
    plan's owner is given a read share so the plan shows it.
    """
    access.require(actor, "risk.contribute", plan.person)
    support = SupportDelivered.objects.create(
        owning_agency=actor.agency,
        plan=plan,
        delivered_on=delivered_on,
        agency=actor.agency,
        kind=kind,
        description=description,
        recorded_by=actor,
    )
    audit(actor, AuditAction.CREATE, support, "record support delivered")
    records.share(
        actor,
        support,
        plan.owning_agency,
        basis=records.LawfulBasis.SAFEGUARDING,
        purpose="support delivered under the child's safety plan",
    )
    return support


def plan_support(*, actor: User, plan: SafetyPlan) -> list[SupportDelivered]:
    return list(
        access.visible(actor, SupportDelivered)
        .filter(plan=plan)
        .select_related("agency")
        .order_by("-delivered_on", "-id")
    )
