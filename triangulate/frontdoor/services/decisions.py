"""The front door's decision on a contact: recorded, agreed by a manager where needed,
and corrected by a recorded amendment."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from triangulate.core import access, extensions
from triangulate.core.audit import audit
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditAction, User
from triangulate.core.roles import Role
from triangulate.register.services.matching import find_matches

from ..models import Contact, DecisionAmendment, NeedLevel, Outcome, Status, TriageDecision
from ..rules import is_hub_user
from .contacts import bump_contact
from .contributions import awaited_holders, end_contribution_shares
from .intake import intake_details
from .strategy import set_up_strategy_meeting

OUTCOMES_NEEDING_A_CHILD = {
    Outcome.EARLY_HELP,
    Outcome.EXPLOITATION_TEAM,
    Outcome.STRATEGY,
    Outcome.MACE,
    Outcome.POLICE,
}


class AlreadyDecided(Exception):
    """A decision has already been recorded for this contact."""


class DecisionNeedsChild(Exception):
    """The contact must be linked to a child in the register before this decision."""


class InconsistentDecision(Exception):
    """The decision does not fit the level of need chosen (the level's own list)."""

    def __init__(self, need_level: NeedLevel):
        labels = dict(Outcome.choices)
        fits = "; ".join(labels.get(o, o) for o in need_level.outcomes)
        super().__init__(
            f"This decision does not fit {need_level.label}. At this level choose: {fits}"
        )


class CannotAgree(Exception):
    """Only a team manager at the hub other than the decider agrees a decision."""


def needs_manager_agreement(*, contact: Contact, outcome: str) -> bool:
    """No further action on a concern about exploitation (any exploitation indicator ticked)
    needs a manager's agreement before it stands."""
    return outcome == Outcome.NFA_ADVICE and bool(contact.indicators)


def _check_decision(*, actor: User, contact: Contact, outcome: str, need_level: NeedLevel):
    if need_level.outcomes and outcome not in need_level.outcomes:
        raise InconsistentDecision(need_level)
    if (
        outcome in OUTCOMES_NEEDING_A_CHILD
        and contact.person_id is None
        and not (outcome == Outcome.POLICE and contact.names_no_child)
    ):
        # The child's record may be held by an agency that has been asked for it: the
        # decision need not wait for it (nor force a duplicate); the contact is linked when
        # the agency shares its record.
        result = find_matches(actor=actor, details=intake_details(contact))
        if not awaited_holders(contact=contact, result=result):
            raise DecisionNeedsChild


def _decided_status(agreement_needed: bool, now: dt.datetime) -> dict:
    """A decision awaiting a manager's agreement leaves the contact open (being looked at)."""
    if agreement_needed:
        return {"status": Status.IN_TRIAGE, "closed_at": None}
    return {"status": Status.DECIDED, "closed_at": now}


@transaction.atomic
def decision_record(
    *,
    actor: User,
    contact: Contact,
    expected_version: int,
    outcome: str,
    need_level: NeedLevel,
    reasons: str,
    referrer_feedback: str = "",
    strategy_at: dt.datetime | None = None,
) -> TriageDecision:
    """Record the front door's decision. A second, concurrent decision is refused.

    A strategy discussion sets up the strategy meeting (at ``strategy_at``, or 10:00 on the
    next working day) with the police, health and education invited.
    """
    access.require(actor, "frontdoor.triage")
    access.require_changeable(actor, contact, purpose="front-door decision")
    if TriageDecision.objects.filter(contact=contact).exists():
        raise AlreadyDecided
    if Contact.objects.filter(pk=contact.pk).values_list("version", flat=True).first() != (
        expected_version
    ):
        raise StaleEdit
    _check_decision(actor=actor, contact=contact, outcome=outcome, need_level=need_level)
    agreement = needs_manager_agreement(contact=contact, outcome=outcome)
    now = timezone.now()
    bump_contact(contact, expected_version, **_decided_status(agreement, now))
    try:
        with transaction.atomic():
            decision = TriageDecision.objects.create(
                owning_agency=contact.owning_agency,
                contact=contact,
                outcome=outcome,
                need_level=need_level,
                reasons=reasons.strip(),
                referrer_feedback=referrer_feedback.strip(),
                decided_by=actor,
                decided_at=now,
                agreement_needed=agreement,
            )
    except IntegrityError:
        raise AlreadyDecided from None
    audit(
        actor,
        AuditAction.CREATE,
        decision,
        "front-door decision",
        detail={
            "contact": contact.pk,
            "outcome": outcome,
            "level": need_level.code,
            "manager_agreement_needed": agreement,
        },
    )
    if outcome == Outcome.STRATEGY:
        set_up_strategy_meeting(actor=actor, decision=decision, held_at=strategy_at)
    end_contribution_shares(actor=actor, contact=contact, at=now)
    extensions.publish("contact.decided", contact=contact, decision=decision, actor=actor)
    return decision


def may_agree(*, actor: User, decision: TriageDecision) -> bool:
    return (
        decision.awaiting_agreement
        and is_hub_user(actor)
        and actor.has_role(Role.TEAM_MANAGER)
        and actor.agency_id == decision.owning_agency_id
        and actor.pk != decision.decided_by_id
    )


@transaction.atomic
def decision_agree(*, actor: User, decision: TriageDecision) -> TriageDecision:
    """A hub team manager (not the decider) agrees no further action on an exploitation
    concern; the contact is then closed as decided."""
    access.require(actor, "frontdoor.triage")
    decision = TriageDecision.objects.select_for_update().get(pk=decision.pk)
    if not may_agree(actor=actor, decision=decision):
        raise CannotAgree
    now = timezone.now()
    decision.agreed_by, decision.agreed_at = actor, now
    decision.save(update_fields=["agreed_by", "agreed_at"])
    contact = decision.contact
    bump_contact(contact, contact.version, status=Status.DECIDED, closed_at=now)
    audit(actor, AuditAction.CHANGE, decision, "manager agrees a front-door decision")
    return decision


def decisions_awaiting_agreement(*, actor: User) -> list[TriageDecision]:
    """Decisions at the actor's hub that wait for a manager's agreement (not their own)."""
    if not (is_hub_user(actor) and actor.has_role(Role.TEAM_MANAGER)):
        return []
    return list(
        access.visible(actor, TriageDecision)
        .filter(owning_agency=actor.agency, agreement_needed=True, agreed_at__isnull=True)
        .exclude(decided_by=actor)
        .select_related("contact")
        .order_by("decided_at", "id")[:50]
    )


@transaction.atomic
def decision_amend(
    *,
    actor: User,
    decision: TriageDecision,
    expected_version: int,
    outcome: str,
    need_level: NeedLevel,
    why: str,
) -> DecisionAmendment:
    """Correct a decision by a recorded amendment: what it replaced is kept with who changed
    it, when and why. The same rules apply as to a new decision (the level's decisions, a
    linked child, a manager's agreement for no further action on exploitation)."""
    access.require(actor, "frontdoor.triage")
    access.require_changeable(actor, decision.contact, purpose="amend a front-door decision")
    contact = decision.contact
    _check_decision(actor=actor, contact=contact, outcome=outcome, need_level=need_level)
    agreement = needs_manager_agreement(contact=contact, outcome=outcome)
    now = timezone.now()
    bump_contact(contact, expected_version, **_decided_status(agreement, now))
    amendment = DecisionAmendment.objects.create(
        owning_agency=decision.owning_agency,
        decision=decision,
        previous_outcome=decision.outcome,
        previous_need_level=decision.need_level,
        previous_reasons=decision.reasons,
        outcome=outcome,
        need_level=need_level,
        why=why.strip(),
        amended_by=actor,
        amended_at=now,
    )
    decision.outcome, decision.need_level = outcome, need_level
    decision.agreement_needed = agreement
    decision.agreed_by, decision.agreed_at = None, None
    decision.save(
        update_fields=["outcome", "need_level", "agreement_needed", "agreed_by", "agreed_at"]
    )
    if outcome == Outcome.STRATEGY and decision.strategy_meeting_id is None:
        set_up_strategy_meeting(actor=actor, decision=decision, held_at=None)
    audit(
        actor,
        AuditAction.CHANGE,
        decision,
        "amend a front-door decision",
        detail={
            "from": amendment.previous_outcome,
            "to": outcome,
            "level": need_level.code,
            "amendment": amendment.pk,
        },
    )
    return amendment


def amendments_for(decision: TriageDecision) -> list[DecisionAmendment]:
    return list(
        decision.amendments.select_related(
            "amended_by", "need_level", "previous_need_level"
        ).order_by("amended_at", "id")
    )


def decision_for(contact: Contact) -> TriageDecision | None:
    return TriageDecision.objects.filter(contact=contact).select_related("need_level").first()
