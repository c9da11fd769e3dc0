"""Referrals of a place to the licensing authority: made by police or the council's
children's services, owned by the referring agency and shared with the place's holders."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User
from triangulate.core.records import LawfulBasis, bump
from triangulate.core.roles import CASEWORK_ROLES, AgencyType

from ..models import LicensingOutcome, LicensingReferral, Place
from .common import Invalid, date_problem, is_police, shared_with


def may_refer_to_licensing(user) -> bool:
    """Police, and the council's children's services: the responsible authorities that ask
    the licensing authority to review a licence."""
    agency = getattr(user, "agency", None)
    return is_police(user) or (
        bool(getattr(user, "is_authenticated", False))
        and agency is not None
        and agency.agency_type == AgencyType.CHILDRENS_SOCIAL_CARE
        and user.has_role(*CASEWORK_ROLES)
    )


@transaction.atomic
def licensing_refer(
    *,
    actor: User,
    place: Place,
    referred_on: dt.date | None,
    licence_number: str,
    what_referred: str,
    referred_by: str,
):
    """Record a referral of a place to the licensing authority.

    The referral belongs to the agency that made it, and is shared for reading with the
    agency that holds the place and every agency the place is shared with.
    """
    access.require(actor, "intelligence.licensing")
    if not access.visible(actor, Place).filter(pk=place.pk).exists():
        raise access.AccessDenied(
            "You do not have access to this record.", record=place, purpose="refer to licensing"
        )
    errors = {}
    if problem := date_problem(referred_on, what="of the referral"):
        errors["referred_on"] = problem
    if not (licence_number or "").strip():
        errors["licence_number"] = "Enter the licence the referral concerns"
    if not (what_referred or "").strip():
        errors["what_referred"] = "Enter what is referred to the licensing authority"
    if not (referred_by or "").strip():
        errors["referred_by"] = "Enter who made the referral"
    if errors:
        raise Invalid(errors)
    referral = LicensingReferral.objects.create(
        owning_agency=actor.agency,
        place=place,
        referred_on=referred_on,
        licence_number=licence_number.strip().upper(),
        what_referred=what_referred.strip(),
        referred_by=referred_by.strip(),
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, referral, "refer a place to the licensing authority")
    for agency in [place.owning_agency, *shared_with(Place, place)]:
        if agency.pk != actor.agency_id:
            records.share(
                actor,
                referral,
                agency,
                basis=LawfulBasis.SAFEGUARDING,
                purpose="Agencies that hold or share the place see referrals about it",
            )
    return referral


@transaction.atomic
def licensing_outcome(
    *,
    actor: User,
    referral,
    expected_version: int,
    outcome: str,
    outcome_on: dt.date | None,
    outcome_note: str = "",
):
    """Record what the licensing authority decided, and when. Only the referring agency."""
    access.require(actor, "intelligence.licensing")
    access.require_changeable(actor, referral, purpose="record a licensing outcome")
    errors = {}
    if outcome not in LicensingOutcome.values or outcome == LicensingOutcome.AWAITED:
        errors["outcome"] = "Select the outcome"
    if problem := date_problem(
        outcome_on,
        what="of the outcome",
        earliest=referral.referred_on,
        before="The outcome cannot be dated before the referral",
    ):
        errors["outcome_on"] = problem
    if errors:
        raise Invalid(errors)
    bump(
        referral,
        expected_version,
        outcome=outcome,
        outcome_on=outcome_on,
        outcome_note=(outcome_note or "").strip(),
    )
    audit(actor, AuditAction.CHANGE, referral, "record a licensing outcome",
          detail={"outcome": outcome})  # fmt: skip
    return referral


def licensing_referrals_of(*, actor: User, place: Place) -> list:
    return list(
        access.visible(actor, LicensingReferral)
        .filter(place=place)
        .select_related("owning_agency")
        .order_by("-referred_on", "-id")
    )


def licensing_open(*, actor: User, pk: int):
    access.require(actor, "intelligence.licensing", record=("intelligence.licensingreferral", pk))
    return records.open(actor, LicensingReferral, pk, purpose="read a licensing referral")
