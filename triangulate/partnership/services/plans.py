"""Delivery plan writes: actions, updates, date changes, completion, overrides and versions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.core.presenters import uk_date

from ..models import (
    Action,
    ActionUpdate,
    DateChange,
    DateMoveRequest,
    Milestone,
    Objective,
    RagOverride,
)
from . import PartnershipError


def _bump(action: Action, expected_version: int) -> None:
    """Claim the next version of an action, or refuse: someone saved it after you opened it."""
    bump(action, expected_version)


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


def check_update_date(action: Action, written_on: dt.date) -> None:
    """An update happened: not in the future, not before the action, not before the last one."""
    if written_on > timezone.localdate():
        raise PartnershipError("Date of this update must be today or in the past")
    if written_on < timezone.localdate(action.created_at):
        raise PartnershipError(
            "Date of this update must be on or after the day the action was added"
        )
    latest = ActionUpdate.objects.filter(action_id=action.pk).aggregate(latest=Max("written_on"))
    if latest["latest"] and written_on < latest["latest"]:
        raise PartnershipError(
            "Date of this update must be on or after the date of the previous update, "
            f"{uk_date(latest['latest'])}"
        )


@transaction.atomic
def milestone_done(*, actor: User, milestone: Milestone, done_on: dt.date | None = None) -> None:
    """Record that a milestone has been reached (today unless another past date is given)."""
    action = milestone.action
    access.require(actor, "partnership.change_action", action)
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise PartnershipError("A milestone cannot be done in the future")
    if Milestone.objects.filter(pk=milestone.pk, done_on__isnull=False).exists():
        raise PartnershipError("This milestone is already done")
    Milestone.objects.filter(pk=milestone.pk).update(done_on=done_on)
    milestone.done_on = done_on
    audit(
        actor, AuditAction.CHANGE, milestone, "mark a milestone done", detail={"action": action.pk}
    )


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
    """Record a dated progress note with its evidence (dated today or earlier, and not before
    the action's previous update)."""
    access.require(actor, "partnership.change_action", action)
    check_update_date(action, written_on)
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


def _check_new_date(action: Action, new_date: dt.date) -> None:
    if new_date == action.target_date:
        raise PartnershipError("New target date must be different from the current one")
    if new_date < timezone.localdate(action.created_at):
        raise PartnershipError("New target date must be on or after the day the action was added")


@transaction.atomic
def date_move_request(
    *,
    actor: User,
    action: Action,
    expected_version: int,
    new_date: dt.date,
    reason: str,
    approver: User,
) -> DateMoveRequest:
    """Ask a second person to approve moving an action's target date.

    Nothing moves yet: the request reaches the approver's "My work", and the date moves only
    when they approve it (:func:`date_move_decide`). Nobody may be asked to approve their
    own move, and an action has at most one move waiting.
    """
    access.require(actor, "partnership.change_action", action)
    if approver.pk == actor.pk:
        raise PartnershipError("Choose someone else to approve the move: nobody approves their own")
    if not approver.is_active or not access.may(approver, "partnership.approve"):
        raise PartnershipError("The approver must be a partnership manager or a chief officer")
    _check_new_date(action, new_date)
    _bump(action, expected_version)
    if DateMoveRequest.objects.filter(action=action, decided_at__isnull=True).exists():
        raise PartnershipError(
            "A move of this action's target date is already waiting for approval"
        )
    request = DateMoveRequest.objects.create(
        action=action,
        old_date=action.target_date,
        new_date=new_date,
        reason=reason,
        requested_by=actor,
        approver=approver,
    )
    audit(
        actor,
        AuditAction.CREATE,
        request,
        "ask for an action's target date to be moved",
        detail={"from": str(request.old_date), "to": str(new_date), "approver": approver.pk},
    )
    return request


@transaction.atomic
def date_move_decide(
    *, actor: User, request: DateMoveRequest, approve: bool, note: str = ""
) -> DateChange | None:
    """The person asked approves (the date moves, kept in its history) or refuses a move."""
    access.require(actor, "partnership.approve")
    request = DateMoveRequest.objects.select_for_update().get(pk=request.pk)
    if request.requested_by_id == actor.pk:
        raise PartnershipError("Someone other than the person who asked must approve the move")
    if request.approver_id != actor.pk:
        raise PartnershipError("Only the person asked to approve this move can decide it")
    if request.decided_at is not None:
        raise PartnershipError("This move has already been decided")
    action = Action.objects.select_for_update().get(pk=request.action_id)
    change = None
    if approve:
        if action.target_date != request.old_date:
            raise PartnershipError(
                "The target date has changed since this move was asked for: refuse it, "
                "and the lead can ask again"
            )
        _check_new_date(action, request.new_date)
        _bump(action, action.version)
        change = DateChange.objects.create(
            action=action,
            old_date=request.old_date,
            new_date=request.new_date,
            reason=request.reason,
            changed_by=request.requested_by,
            approved_by=actor,
            request=request,
        )
        Action.objects.filter(pk=action.pk).update(target_date=request.new_date)
    request.decided_at = timezone.now()
    request.approved = approve
    request.decision_note = note
    request.save(update_fields=["decided_at", "approved", "decision_note"])
    audit(
        actor,
        AuditAction.CHANGE,
        action,
        "approve moving an action's target date" if approve else "refuse moving a target date",
        detail={"from": str(request.old_date), "to": str(request.new_date), "request": request.pk},
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
    """Change what an action is and who leads it (dates move only through date_move_decide)."""
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
