"""Referrals to the National Referral Mechanism and their reasonable and conclusive grounds
decisions."""

from __future__ import annotations

from django.db import transaction

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import Decision, ExploitationType, NrmReferral
from .common import Invalid, date_problem


@transaction.atomic
def nrm_refer(*, actor: User, person, exploitation_type: str, referred_on, first_responder: str):
    access.require(actor, "intelligence.pursue")
    errors = {}
    if exploitation_type not in ExploitationType.values:
        errors["exploitation_type"] = "Select the kind of exploitation"
    if problem := date_problem(referred_on, what="of the referral"):
        errors["referred_on"] = problem
    if not (first_responder or "").strip():
        errors["first_responder"] = "Enter the first responder organisation"
    if errors:
        raise Invalid(errors)
    referral = NrmReferral.objects.create(
        owning_agency=actor.agency,
        person=person,
        exploitation_type=exploitation_type,
        referred_on=referred_on,
        first_responder=first_responder.strip(),
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, referral, "refer to the National Referral Mechanism")
    return referral


@transaction.atomic
def nrm_decide(*, actor: User, referral, stage: str, decision: str, on):
    """Record the reasonable grounds or conclusive grounds decision, with its date."""
    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, referral, purpose="record an NRM decision")
    errors = {}
    if stage not in ("reasonable_grounds", "conclusive_grounds"):
        errors["stage"] = "Select which decision this is"
    if decision not in (Decision.POSITIVE, Decision.NEGATIVE):
        errors["decision"] = "Select the decision"
    if problem := date_problem(
        on,
        what="of the decision",
        earliest=referral.referred_on,
        before="The decision cannot be dated before the referral",
    ):
        errors["on"] = problem
    if (
        stage == "conclusive_grounds"
        and referral.reasonable_grounds != Decision.POSITIVE
        and not errors
    ):
        errors["stage"] = "A conclusive grounds decision follows a positive reasonable grounds one"
    if errors:
        raise Invalid(errors)
    setattr(referral, stage, decision)
    setattr(referral, f"{stage}_on", on)
    referral.save(update_fields=[stage, f"{stage}_on"])
    audit(actor, AuditAction.CHANGE, referral, "record an NRM decision",
          detail={"stage": stage, "decision": decision})  # fmt: skip
    return referral


def nrm_referrals(*, actor: User) -> list:
    access.require(actor, "intelligence.pursue")
    return list(
        access.visible(actor, NrmReferral).select_related("person").order_by("-referred_on", "-id")
    )


def nrm_open(*, actor: User, pk: int):
    access.require(actor, "intelligence.pursue", record=("intelligence.nrmreferral", pk))
    return records.open(actor, NrmReferral, pk, purpose="read an NRM referral")
