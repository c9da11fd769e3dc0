"""Disruption: tactics against a person of concern from the configurable catalogue (a notice
naming a child checks the child's eligibility), their outcomes and breaches, and the figures
a board asks for."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User
from triangulate.core.presenters import age_on
from triangulate.core.records import bump

from ..models import (
    ConcernStatus,
    Decision,
    LicensingOutcome,
    LicensingReferral,
    NrmReferral,
    StatusChange,
    Tactic,
    TacticOutcome,
    TacticType,
)
from .common import Invalid


def _looked_after(actor: User, person) -> bool:
    """Whether records this user may see show the child as looked after (a live flag)."""
    from triangulate.register.models import FlagType, PersonFlag

    return (
        access.visible(actor, PersonFlag)
        .filter(person=person, flag=FlagType.LOOKED_AFTER, removed_at__isnull=True)
        .exists()
    )


def notice_eligibility(*, person, on: dt.date, looked_after: bool) -> tuple[bool, str]:
    """Whether a child abduction warning notice may name this child on this date.

    A notice protects a child under 16, or a child under 18 who is looked after by a local
    authority. Returns (eligible, the reason in words).
    """
    age = age_on(person.date_of_birth, on)
    if age is None:
        return False, "The child's date of birth is not recorded, so their age cannot be checked"
    if age < 16:
        return True, f"Under 16 (aged {age})"
    if age < 18 and looked_after:
        return True, f"Aged {age} and looked after by a local authority"
    if age < 18:
        return False, (
            f"Aged {age} and not known to be looked after: a notice can name a child of 16 "
            "or 17 only if they are looked after"
        )
    return False, f"Aged {age}: a notice can only name a child under 18"


def tactic_types() -> list:
    return list(TacticType.objects.filter(is_active=True))


@transaction.atomic
def tactic_add(
    *,
    actor: User,
    concern,
    tactic_type,
    owner: str,
    started_on: dt.date | None,
    review_on: dt.date | None = None,
    person=None,
    looked_after: bool = False,
    note: str = "",
):
    """Add a tactic to a person of concern's disruption plan. A tactic that names a child
    (a child abduction warning notice) checks the child's eligibility first."""
    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, concern, purpose="plan disruption")
    errors = {}
    if tactic_type is None:
        errors["tactic_type"] = "Select the tactic"
    if not (owner or "").strip():
        errors["owner"] = "Enter who owns this tactic"
    if started_on is None:
        errors["started_on"] = "Enter the date it starts"
    if review_on and started_on and review_on < started_on:
        errors["review_on"] = "The review date must be on or after the start date"
    if tactic_type is not None and tactic_type.names_child:
        if person is None:
            errors["person"] = f"Select the child the {tactic_type.name.lower()} protects"
        elif tactic_type.checks_notice_eligibility and started_on:
            eligible, reason = notice_eligibility(
                person=person,
                on=started_on,
                looked_after=looked_after or _looked_after(actor, person),
            )
            if not eligible:
                errors["person"] = f"This child cannot be named in a notice. {reason}."
    if errors:
        raise Invalid(errors)
    tactic = Tactic.objects.create(
        owning_agency=concern.owning_agency,
        concern=concern,
        tactic_type=tactic_type,
        person=person if tactic_type.names_child else None,
        owner=owner.strip(),
        started_on=started_on,
        review_on=review_on,
        note=(note or "").strip(),
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, tactic, "plan disruption",
          detail={"tactic": tactic_type.code})  # fmt: skip
    return tactic


@transaction.atomic
def tactic_update(
    *,
    actor: User,
    tactic,
    expected_version: int,
    outcome: str,
    outcome_on: dt.date | None = None,
    breached_on: dt.date | None = None,
    breach_note: str = "",
    review_on: dt.date | None = None,
):
    """Record a tactic's outcome (and a breach, for a notice or order in force)."""
    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, tactic, purpose="record a disruption outcome")
    today = timezone.localdate()
    errors = {}
    if outcome not in TacticOutcome.values:
        errors["outcome"] = "Select the outcome"
    if outcome_on and outcome_on > today:
        errors["outcome_on"] = "The date of the outcome must be today or in the past"
    if outcome_on and outcome_on < tactic.started_on:
        errors["outcome_on"] = "The date of the outcome must be on or after the start date"
    if breached_on:
        if breached_on > today:
            errors["breached_on"] = "The date of the breach must be today or in the past"
        elif breached_on < tactic.started_on:
            errors["breached_on"] = "The date of the breach must be on or after the start date"
        elif outcome != TacticOutcome.ISSUED and tactic.outcome != TacticOutcome.ISSUED:
            errors["breached_on"] = "Only a notice or order that was issued can be breached"
        if not (breach_note or "").strip():
            errors["breach_note"] = "Enter what happened in the breach"
    if errors:
        raise Invalid(errors)
    bump(
        tactic,
        expected_version,
        outcome=outcome,
        outcome_on=outcome_on,
        breached_on=breached_on,
        breach_note=(breach_note or "").strip(),
        review_on=review_on or tactic.review_on,
    )
    audit(actor, AuditAction.CHANGE, tactic, "record a disruption outcome",
          detail={"outcome": outcome, "breached": bool(breached_on)})  # fmt: skip
    return tactic


def tactics_of(*, actor: User, concern) -> list:
    return list(
        access.visible(actor, Tactic)
        .filter(concern=concern)
        .select_related("tactic_type", "person")
        .order_by("-started_on", "-id")
    )


def tactic_open(*, actor: User, pk: int):
    access.require(actor, "intelligence.pursue", record=("intelligence.tactic", pk))
    return records.open(actor, Tactic, pk, purpose="read a disruption tactic")


def disruption_figures(*, actor: User, since: dt.date, until: dt.date) -> list[tuple[str, int]]:
    """Counts from the records this user may see, for tactics and decisions dated in
    [since, until]."""
    access.require(actor, "intelligence.pursue")
    tactics = access.visible(actor, Tactic)
    licensing = access.visible(actor, LicensingReferral)
    decided = licensing.exclude(outcome=LicensingOutcome.AWAITED).filter(
        outcome_on__range=(since, until)
    )
    issued = tactics.filter(outcome=TacticOutcome.ISSUED, outcome_on__range=(since, until))
    changes = access.visible(actor, StatusChange).filter(on__range=(since, until))
    referrals = access.visible(actor, NrmReferral)
    return [
        ("Child abduction warning notices issued",
         issued.filter(tactic_type__code="cawn").count()),
        ("Orders obtained", issued.filter(tactic_type__is_order=True).count()),
        ("Notices and orders breached", tactics.filter(breached_on__range=(since, until)).count()),
        ("Other tactics completed", tactics.filter(
            outcome=TacticOutcome.COMPLETED, outcome_on__range=(since, until)).count()),
        ("Arrests", changes.filter(status=ConcernStatus.ARRESTED).count()),
        ("Charges", changes.filter(status=ConcernStatus.CHARGED).count()),
        ("Convictions", changes.filter(status=ConcernStatus.CONVICTED).count()),
        ("NRM referrals made", referrals.filter(referred_on__range=(since, until)).count()),
        ("Positive reasonable grounds decisions", referrals.filter(
            reasonable_grounds=Decision.POSITIVE,
            reasonable_grounds_on__range=(since, until)).count()),
        ("Positive conclusive grounds decisions", referrals.filter(
            conclusive_grounds=Decision.POSITIVE,
            conclusive_grounds_on__range=(since, until)).count()),
        ("Referrals to the licensing authority",
         licensing.filter(referred_on__range=(since, until)).count()),
        ("Licensing outcomes decided", decided.count()),
        ("Licences suspended or revoked", decided.filter(
            outcome__in=[LicensingOutcome.SUSPENDED, LicensingOutcome.REVOKED]).count()),
    ]  # fmt: skip
