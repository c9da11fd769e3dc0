"""What every part of the intelligence services shares: the error for input that breaks a
rule, the date check, who counts as police, and sharing a record held by the actor's agency."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.models import Agency, RecordShare, User
from triangulate.core.records import LawfulBasis
from triangulate.core.refusals import Refused
from triangulate.core.roles import AgencyType, Role


class Invalid(Refused):
    """Input that breaks a rule; ``errors`` maps field names to GOV.UK error messages."""


def date_problem(on: dt.date | None, *, what: str, earliest=dt.date.min, before="") -> str:
    """What is wrong with the date something happened ("" if nothing): not given, in the
    future, or before ``earliest`` (``before`` says why it cannot be)."""
    if on is None:
        return f"Enter the date {what}"
    if on > timezone.localdate():
        return f"The date {what} must be today or in the past"
    return before if on < earliest else ""


def police_forces() -> list[Agency]:
    return list(Agency.objects.filter(agency_type=AgencyType.POLICE, is_active=True).order_by("id"))


def is_police(user) -> bool:
    """A police officer or analyst of a police force: the only people who grade and sanitise."""
    agency = getattr(user, "agency", None)
    return (
        bool(getattr(user, "is_authenticated", False))
        and agency is not None
        and agency.agency_type == AgencyType.POLICE
        and user.has_role(Role.POLICE_OFFICER, Role.POLICE_ANALYST)
    )


def partner_agencies(*, police: Agency) -> list[Agency]:
    return list(Agency.objects.filter(is_active=True).exclude(pk=police.pk).order_by("name"))


def shared_with(model, record) -> list[Agency]:
    """The agencies ``record`` is shared with now (for a place: they see referrals about it
    too)."""
    now = timezone.now()
    ids = (
        RecordShare.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=record.pk,
            revoked_at__isnull=True,
        )
        .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))
        .values("shared_with_id")
    )
    return list(Agency.objects.filter(pk__in=ids).order_by("id"))


def share_with_partner(actor: User, record, agency: Agency | None, purpose: str, *, what: str):
    """Share a place or a group held by the actor's agency with another agency, for reading,
    with the purpose the actor gives."""
    access.require_changeable(actor, record, purpose=f"share a {what}")
    errors = {}
    if agency is None or agency.pk == record.owning_agency_id:
        errors["agency"] = "Select the agency to share with"
    if not (purpose or "").strip():
        errors["purpose"] = f"Enter why the agency needs to see the {what}"
    if errors:
        raise Invalid(errors)
    return records.share(actor, record, agency, basis=LawfulBasis.SAFEGUARDING,
                         purpose=purpose.strip())  # fmt: skip
