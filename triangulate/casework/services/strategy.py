"""Strategy discussions (police, social care, health and others decide on a section 47
enquiry) and the joint investigations they start."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.extensions import publish
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.roles import AgencyType

from ..models import (
    Case,
    JointInvestigation,
    StrategyAction,
    StrategyAgency,
    StrategyDecision,
    StrategyDiscussion,
)

# Working Together: a strategy discussion involves at least social care, police and health.
MUST_INVITE = (AgencyType.POLICE, AgencyType.HEALTH)
PURPOSE = "strategy discussion about a child"


class StrategyInvalid(ValueError):
    """What was entered cannot make a strategy discussion; ``field`` names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _share(actor, record, agency, *, permits_change=False):
    return records.share(
        actor,
        record,
        agency,
        basis=records.LawfulBasis.SAFEGUARDING,
        purpose=PURPOSE,
        permits_change=permits_change,
    )


@transaction.atomic
def strategy_record(
    *,
    actor: User,
    person,
    held_at: dt.datetime,
    invited: list[Agency],
    attended: list[Agency],
    information_shared: str,
    decision: str,
    reasons: str,
    case: Case | None = None,
    contact=None,
) -> StrategyDiscussion:
    """Record a strategy discussion and share it (to read) with every agency invited."""
    access.require(actor, "casework.strategy")
    if case is not None:
        access.require_changeable(actor, case, purpose="record a strategy discussion")
    if held_at > timezone.now():
        raise StrategyInvalid("held_time", "The strategy discussion must be now or in the past")
    types = {a.agency_type for a in invited} | {actor.agency.agency_type}
    missing = [AgencyType(t).label.lower() for t in MUST_INVITE if t not in types]
    if missing:
        raise StrategyInvalid(
            "invited", f"Invite {' and '.join(missing)}: a strategy discussion needs them"
        )
    if not {a.pk for a in attended} <= {a.pk for a in invited}:
        raise StrategyInvalid("attended", "An agency that took part must also have been invited")
    if decision not in StrategyDecision.values:
        raise StrategyInvalid("decision", "Select the decision")
    discussion = StrategyDiscussion.objects.create(
        owning_agency=actor.agency,
        person=person,
        case=case,
        contact=contact,
        held_at=held_at,
        information_shared=information_shared.strip(),
        decision=decision,
        reasons=reasons.strip(),
        chair=actor,
    )
    attended_pks = {a.pk for a in attended}
    StrategyAgency.objects.bulk_create(
        [
            StrategyAgency(discussion=discussion, agency=a, attended=a.pk in attended_pks)
            for a in invited
        ]
    )
    audit(
        actor,
        AuditAction.CREATE,
        discussion,
        "record a strategy discussion",
        detail={"decision": decision, "invited": [a.name for a in invited]},
    )
    for agency in invited:
        _share(actor, discussion, agency)
    publish("casework.strategy_discussion_held", discussion=discussion, actor=actor)
    return discussion


def strategy_open(*, actor: User, pk: int) -> StrategyDiscussion:
    return records.open(actor, StrategyDiscussion, pk, purpose="view a strategy discussion")


def may_change(actor: User, record) -> bool:
    return access.changeable(actor, type(record)).filter(pk=record.pk).exists()


def agencies(discussion: StrategyDiscussion) -> list[StrategyAgency]:
    return list(discussion.agencies.select_related("agency").order_by("agency__name", "id"))


def actions(*, actor: User, discussion: StrategyDiscussion) -> list[StrategyAction]:
    return list(
        access.visible(actor, StrategyAction)
        .filter(discussion=discussion)
        .select_related("owner", "owner__agency")
        .order_by("done_at", "due_on", "id")
    )


def investigation(*, actor: User, discussion: StrategyDiscussion) -> JointInvestigation | None:
    return access.visible(actor, JointInvestigation).filter(discussion=discussion).first()


def action_owners(discussion: StrategyDiscussion) -> list[User]:
    """People in the agencies at the discussion (and the chair's own) who may hold an action."""
    agency_ids = [a.agency_id for a in discussion.agencies.all()] + [discussion.owning_agency_id]
    return list(
        User.objects.filter(agency_id__in=agency_ids, is_active=True, grants__isnull=False)
        .select_related("agency")
        .distinct()
        .order_by("agency__name", "last_name", "first_name", "id")
    )


@transaction.atomic
def action_add(
    *, actor: User, discussion: StrategyDiscussion, text: str, owner: User, due_on: dt.date
) -> StrategyAction:
    """Give an action to a named person; their agency may read it and mark it done."""
    access.require(actor, "casework.strategy")
    access.require_changeable(actor, discussion, purpose="add a strategy action")
    action = StrategyAction.objects.create(
        owning_agency=discussion.owning_agency,
        discussion=discussion,
        person_id=discussion.person_id,
        text=text.strip(),
        owner=owner,
        due_on=due_on,
    )
    audit(actor, AuditAction.CREATE, action, "add a strategy action", detail={"owner": owner.pk})
    if owner.agency_id:
        _share(actor, action, owner.agency, permits_change=True)
    return action


@transaction.atomic
def action_done(*, actor: User, action: StrategyAction) -> StrategyAction:
    access.require_changeable(actor, action, purpose="complete a strategy action")
    if StrategyAction.objects.filter(pk=action.pk, done_at__isnull=True).update(
        done_at=timezone.now()
    ):
        action.refresh_from_db()
        audit(actor, AuditAction.CHANGE, action, "complete a strategy action")
    return action


@transaction.atomic
def investigation_start(
    *, actor: User, discussion: StrategyDiscussion, police_reference: str, started_on: dt.date
) -> JointInvestigation:
    """Start the joint investigation a discussion decided on; the police agencies at the
    discussion may record its outcome."""
    access.require(actor, "casework.investigate")
    access.require_changeable(actor, discussion, purpose="start a joint investigation")
    if discussion.decision != StrategyDecision.S47_JOINT:
        raise StrategyInvalid("police_reference", "Only a joint section 47 enquiry has one")
    if started_on > timezone.localdate():
        raise StrategyInvalid("started_on", "The start date must be today or in the past")
    investigation = JointInvestigation.objects.create(
        owning_agency=discussion.owning_agency,
        discussion=discussion,
        person_id=discussion.person_id,
        police_reference=police_reference.strip(),
        started_on=started_on,
    )
    audit(actor, AuditAction.CREATE, investigation, "start a joint investigation")
    for row in discussion.agencies.select_related("agency"):
        if row.agency.agency_type == AgencyType.POLICE:
            _share(actor, investigation, row.agency, permits_change=True)
    publish("casework.joint_investigation_started", investigation=investigation, actor=actor)
    return investigation


@transaction.atomic
def investigation_update(
    *,
    actor: User,
    investigation: JointInvestigation,
    expected_version: int,
    outcome: str,
    ended_on: dt.date | None,
    outcome_detail: str,
) -> JointInvestigation:
    """Record where the investigation has got to; a stale edit is refused."""
    access.require(actor, "casework.investigate")
    access.require_changeable(actor, investigation, purpose="record an investigation outcome")
    if ended_on and ended_on < investigation.started_on:
        raise StrategyInvalid("ended_on", "The end date must be on or after the start date")
    records.bump(
        investigation,
        expected_version,
        outcome=outcome,
        ended_on=ended_on,
        outcome_detail=outcome_detail.strip(),
    )
    audit(
        actor,
        AuditAction.CHANGE,
        investigation,
        "record an investigation outcome",
        detail={"outcome": outcome},
    )
    return investigation


def invitable_agencies(actor: User) -> list[Agency]:
    return list(
        Agency.objects.filter(is_active=True).exclude(pk=actor.agency_id).order_by("name", "id")
    )


def counts(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Figure F15: strategy discussions held and joint investigations started in the period
    (inclusive), across every agency: a count, naming no one."""
    return {
        "strategy_discussions": StrategyDiscussion.objects.filter(
            held_at__date__gte=start, held_at__date__lte=end
        ).count(),
        "section_47": StrategyDiscussion.objects.filter(
            held_at__date__gte=start,
            held_at__date__lte=end,
            decision__in=[StrategyDecision.S47_JOINT, StrategyDecision.S47_SINGLE],
        ).count(),
        "joint_investigations": JointInvestigation.objects.filter(
            started_on__gte=start, started_on__lte=end
        ).count(),
    }


def discussions_for_case(*, actor: User, case: Case) -> list[StrategyDiscussion]:
    return list(
        access.visible(actor, StrategyDiscussion).filter(case=case).order_by("-held_at", "-id")
    )
