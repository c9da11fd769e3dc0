"""The intelligence log: submitting intelligence from any agency, grading it with 3x5x2
(police only), and reading it."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import models, transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.extensions import publish
from triangulate.core.identifiers import IdentifierError, normalise_postcode
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.records import LawfulBasis, bump
from triangulate.core.roles import AgencyType

from ..identifiers import normalise_many, normalise_phone, normalise_registration
from ..models import Assessment, HandlingCode, IntelligenceItem, Link, SourceEvaluation
from .common import Invalid
from .links import link_once, phone_for, vehicle_for


def _check_submission(*, what_seen, postcode, vehicles, phones, seen_at) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict = {}
    if not (what_seen or "").strip():
        errors["what_seen"] = "Enter what was seen or heard"
    if seen_at is not None and seen_at > timezone.now():
        errors["seen_on"] = "The date it was seen must be today or in the past"
    if postcode:
        try:
            cleaned["postcode"] = normalise_postcode(postcode)
        except IdentifierError as error:
            errors["postcode"] = str(error)
    else:
        cleaned["postcode"] = ""
    cleaned["vehicles"], problems = normalise_many(vehicles, normalise_registration)
    if problems:
        errors["vehicles"] = problems[0]
    cleaned["phones"], problems = normalise_many(phones, normalise_phone)
    if problems:
        errors["phones"] = problems[0]
    return errors, cleaned


@transaction.atomic
def item_submit(
    *,
    actor: User,
    police: Agency,
    what_seen: str,
    seen_at: dt.datetime,
    where_seen: str = "",
    postcode: str = "",
    who: str = "",
    vehicles: str = "",
    phones: str = "",
    handles: str = "",
    person=None,
) -> IntelligenceItem:
    """Record intelligence from any agency with the police force that will grade it.

    The force owns the record; a partner that submits it keeps sight of its own submission
    through a read-only share. Vehicles and phones become the force's records (the same
    registration or number entered again is the same record) linked to the intelligence.
    """
    access.require(actor, "intelligence.submit")
    if police.agency_type != AgencyType.POLICE:
        raise Invalid({"police": "Select the police force to send it to"})
    if person is not None and not access.visible(actor, type(person)).filter(pk=person.pk).exists():
        raise access.AccessDenied(
            "You do not have access to this record.", record=person, purpose="submit intelligence"
        )
    errors, cleaned = _check_submission(
        what_seen=what_seen,
        postcode=postcode,
        vehicles=vehicles,
        phones=phones,
        seen_at=seen_at,
    )
    if errors:
        raise Invalid(errors)
    now = timezone.now()
    item = IntelligenceItem.objects.create(
        owning_agency=police,
        # Unique until the row has its number: short enough for the column on PostgreSQL.
        reference=f"new-{secrets.token_hex(6)}",
        submitted_by_agency=actor.agency,
        submitted_by=actor,
        submitted_at=now,
        what_seen=what_seen.strip(),
        where_seen=where_seen.strip(),
        postcode=cleaned["postcode"],
        seen_at=seen_at,
        who=who.strip(),
        vehicles=", ".join(cleaned["vehicles"]),
        phones=", ".join(cleaned["phones"]),
        handles=handles.strip(),
        person=person,
    )
    item.reference = f"INT-{item.pk:06d}"
    item.save(update_fields=["reference"])
    for registration in cleaned["vehicles"]:
        link_once(
            actor, police, item=item, vehicle=vehicle_for(agency=police, registration=registration)
        )
    for number in cleaned["phones"]:
        link_once(actor, police, item=item, phone=phone_for(agency=police, number=number))
    if person is not None:
        link_once(actor, police, item=item, person=person)
    audit(actor, AuditAction.CREATE, item, "submit intelligence")
    if actor.agency_id != police.pk:
        records.share(
            actor,
            item,
            actor.agency,
            basis=LawfulBasis.SAFEGUARDING,
            purpose="The agency that submitted this intelligence keeps sight of its submission",
        )
    if person is not None:
        publish("intelligence.received", person=person, actor=actor, item=item)
    return item


def grade_problems(
    *, source_evaluation: str, assessment: str, handling_code: str, handling_conditions: str
) -> dict[str, str]:
    """What is wrong with a 3x5x2 grade (empty when it is a whole, valid grade)."""
    errors = {}
    if source_evaluation not in SourceEvaluation.values:
        errors["source_evaluation"] = "Select a source evaluation of 1, 2 or 3"
    if assessment not in Assessment.values:
        errors["assessment"] = "Select an intelligence assessment from A to E"
    if handling_code not in HandlingCode.values:
        errors["handling_code"] = "Select a handling code of P or C"
    elif handling_code == HandlingCode.CONDITIONS and not (handling_conditions or "").strip():
        errors["handling_conditions"] = (
            "Enter the conditions for sharing: handling code C needs them"
        )
    return errors


@transaction.atomic
def item_grade(
    *,
    actor: User,
    item: IntelligenceItem,
    expected_version: int,
    source_evaluation: str,
    assessment: str,
    handling_code: str,
    handling_conditions: str = "",
) -> IntelligenceItem:
    """Grade (or regrade) intelligence with 3x5x2. Police officers and analysts only."""
    access.require(actor, "intelligence.grade", item)
    access.require_changeable(actor, item, purpose="grade intelligence")
    errors = grade_problems(
        source_evaluation=source_evaluation,
        assessment=assessment,
        handling_code=handling_code,
        handling_conditions=handling_conditions,
    )
    if errors:
        raise Invalid(errors)
    before = item.grade
    bump(
        item,
        expected_version,
        source_evaluation=source_evaluation,
        assessment=assessment,
        handling_code=handling_code,
        handling_conditions=(
            handling_conditions.strip() if handling_code == HandlingCode.CONDITIONS else ""
        ),
        graded_by=actor,
        graded_at=timezone.now(),
    )
    audit(
        actor,
        AuditAction.CHANGE,
        item,
        "grade intelligence",
        detail={"before": before, "after": item.grade},
    )
    return item


def item_open(*, actor: User, pk: int) -> IntelligenceItem:
    return records.open(actor, IntelligenceItem, pk, purpose="read intelligence")


def items_visible(*, actor: User, limit: int = 200) -> list[IntelligenceItem]:
    """Intelligence this user may read: the force's own log, or a partner's own submissions."""
    return list(
        access.visible(actor, IntelligenceItem)
        .select_related("submitted_by_agency", "person")
        .order_by("-submitted_at", "-id")[:limit]
    )


def items_about(*, actor: User, person) -> list[IntelligenceItem]:
    """Intelligence about a child that this user may read (submitted about them or linked)."""
    linked = access.visible(actor, Link).filter(person=person, item__isnull=False)
    return list(
        access.visible(actor, IntelligenceItem)
        .filter(models.Q(person=person) | models.Q(pk__in=linked.values("item_id")))
        .select_related("submitted_by_agency", "person")
        .order_by("-submitted_at", "-id")[:50]
    )
