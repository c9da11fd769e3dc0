"""Delivery plan writes: actions, updates, date changes, completion, overrides and versions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import (
    Action,
    ActionUpdate,
    DateChange,
    Milestone,
    Objective,
    RagOverride,
)
from . import PartnershipError, StaleEdit


def _bump(action: Action, expected_version: int) -> None:
    """Claim the next version of an action, or refuse: someone saved it after you opened it."""
    updated = Action.objects.filter(pk=action.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not updated:
        raise StaleEdit
    action.version = expected_version + 1


@transaction.atomic
def action_create(
    *,
    actor: User,
    objective: Objective,
    number: str,
    title: str,
    success_measure: str,
    lead_officer: User,
    target_date: dt.date,
    is_continuing: bool = False,
    keep_out_of_public_plan: bool = False,
    created_at: dt.datetime | None = None,
) -> Action:
    """Add an action to a plan; its target date may not be before the day it is created."""
    access.require(actor, "partnership.manage")
    created_at = created_at or timezone.now()
    if target_date < timezone.localdate(created_at):
        raise PartnershipError("Target date must be on or after the day the action is added")
    action = Action.objects.create(
        objective=objective,
        number=number,
        title=title,
        success_measure=success_measure,
        lead_officer=lead_officer,
        owning_agency=lead_officer.agency,
        target_date=target_date,
        original_target_date=target_date,
        is_continuing=is_continuing,
        is_public=not keep_out_of_public_plan,
        created_at=created_at,
    )
    audit(actor, AuditAction.CREATE, action, "add a plan action")
    return action


@transaction.atomic
def milestone_add(*, actor: User, action: Action, title: str, target_date: dt.date) -> Milestone:
    """Add a milestone; it must fall on or before its action's target date."""
    access.require(actor, "partnership.change_action", action)
    if target_date > action.target_date:
        raise PartnershipError("Milestone date must be on or before the action's target date")
    milestone = Milestone.objects.create(action=action, title=title, target_date=target_date)
    audit(actor, AuditAction.CREATE, milestone, "add a milestone", detail={"action": action.pk})
    return milestone


@transaction.atomic
def update_add(
    *,
    actor: User,
    action: Action,
    expected_version: int,
    note: str,
    written_on: dt.date,
    evidence_link: str = "",
    evidence_file=None,
) -> ActionUpdate:
    """Record a dated progress note with its evidence."""
    access.require(actor, "partnership.change_action", action)
    _bump(action, expected_version)
    update = ActionUpdate.objects.create(
        action=action,
        note=note,
        written_on=written_on,
        evidence_link=evidence_link,
        evidence_file=evidence_file or "",
        written_by=actor,
    )
    audit(actor, AuditAction.CREATE, update, "record progress on a plan action")
    return update


@transaction.atomic
def target_date_change(
    *,
    actor: User,
    action: Action,
    expected_version: int,
    new_date: dt.date,
    reason: str,
    approved_by: User,
) -> DateChange:
    """Move an action's target date, keeping the old date, the reason and who approved it."""
    access.require(actor, "partnership.change_action", action)
    if not access.may(approved_by, "partnership.approve"):
        raise PartnershipError("The approver must be a partnership manager or a chief officer")
    if new_date == action.target_date:
        raise PartnershipError("New target date must be different from the current one")
    if new_date < timezone.localdate(action.created_at):
        raise PartnershipError("New target date must be on or after the day the action was added")
    _bump(action, expected_version)
    change = DateChange.objects.create(
        action=action,
        old_date=action.target_date,
        new_date=new_date,
        reason=reason,
        changed_by=actor,
        approved_by=approved_by,
    )
    Action.objects.filter(pk=action.pk).update(target_date=new_date)
    action.target_date = new_date
    audit(
        actor,
        AuditAction.CHANGE,
        action,
        "move an action's target date",
        detail={"from": str(change.old_date), "to": str(new_date), "approved_by": approved_by.pk},
    )
    return change


@transaction.atomic
def completion_request(*, actor: User, action: Action, expected_version: int, evidence: str):
    """A lead says the action is done; it stays open until a chief officer signs it off."""
    access.require(actor, "partnership.change_action", action)
    if not evidence.strip():
        raise PartnershipError("Enter the evidence that the action is complete")
    _bump(action, expected_version)
    Action.objects.filter(pk=action.pk).update(
        completion_evidence=evidence, completion_requested_at=timezone.now()
    )
    audit(actor, AuditAction.CHANGE, action, "ask for an action to be signed off as complete")


@transaction.atomic
def completion_sign_off(*, actor: User, action: Action, expected_version: int) -> None:
    """A chief officer accepts the evidence: the action becomes complete (blue)."""
    access.require(actor, "partnership.sign_off", action)
    if action.completion_requested_at is None:
        raise PartnershipError("The lead has not yet given evidence that this action is complete")
    _bump(action, expected_version)
    Action.objects.filter(pk=action.pk).update(signed_off_at=timezone.now(), signed_off_by=actor)
    audit(actor, AuditAction.CHANGE, action, "sign off a plan action as complete")


@transaction.atomic
def override_propose(*, actor: User, action: Action, status: str, reason: str) -> RagOverride:
    """Propose showing a different colour; it is shown only after a second person approves."""
    access.require(actor, "partnership.change_action", action)
    override = RagOverride.objects.create(
        action=action, status=status, reason=reason, proposed_by=actor
    )
    audit(actor, AuditAction.CREATE, override, "propose a RAG override", detail={"status": status})
    return override


@transaction.atomic
def override_decide(*, actor: User, override: RagOverride, approve: bool) -> None:
    """Approve or refuse a proposed override; the proposer may not decide their own."""
    access.require(actor, "partnership.approve")
    if override.proposed_by_id == actor.pk:
        raise PartnershipError("Someone other than the proposer must decide an override")
    if override.decided_at is not None:
        raise PartnershipError("This override has already been decided")
    override.approved = approve
    override.decided_by = actor
    override.decided_at = timezone.now()
    override.save(update_fields=["approved", "decided_by", "decided_at"])
    audit(
        actor, AuditAction.CHANGE, override, "decide a RAG override", detail={"approved": approve}
    )


@transaction.atomic
def action_edit(
    *,
    actor: User,
    action: Action,
    expected_version: int,
    title: str,
    success_measure: str,
    lead_officer: User,
    is_continuing: bool,
) -> None:
    """Change what an action is and who leads it (dates move only through target_date_change)."""
    access.require(actor, "partnership.change_action", action)
    before = {"lead_officer": action.lead_officer_id, "title": action.title}
    _bump(action, expected_version)
    Action.objects.filter(pk=action.pk).update(
        title=title,
        success_measure=success_measure,
        lead_officer=lead_officer,
        owning_agency=lead_officer.agency,
        is_continuing=is_continuing,
    )
    audit(
        actor,
        AuditAction.CHANGE,
        action,
        "change a plan action",
        detail={"before": before, "lead_officer": lead_officer.pk},
    )
