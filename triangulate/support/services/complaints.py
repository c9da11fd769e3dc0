"""Complaints and whistleblowing: recorded without the raiser's identity, which is sealed to
the designated officer (the information governance lead; ADR 0015)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.clocks import add_working_days
from triangulate.core.concurrency import bump
from triangulate.core.models import Agency, AuditAction

from ..models import (
    Complaint,
    ComplaintCategory,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintStage,
    SealedIdentity,
    Ward,
)
from . import Invalid

# Working days each stage of the complaints procedure has (the statutory children's
# complaints procedure: 10 for local resolution, 25 for an investigation, 30 for a panel).
STAGE_WORKING_DAYS = {
    ComplaintStage.LOCAL: 10,
    ComplaintStage.INVESTIGATION: 25,
    ComplaintStage.PANEL: 30,
}
NEXT_STAGE = {
    ComplaintStage.LOCAL: ComplaintStage.INVESTIGATION,
    ComplaintStage.INVESTIGATION: ComplaintStage.PANEL,
}
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
WHAT_HAPPENED_MAX = 5000


def new_reference() -> str:
    while True:
        chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(12))
        reference = f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"
        if not Complaint.objects.filter(reference=reference).exists():
            return reference


def normalise_reference(value: str) -> str:
    chars = "".join(c for c in (value or "").upper() if c.isalnum())
    if len(chars) != 12:
        return ""
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def outward_code(postcode: str) -> str:
    compact = "".join((postcode or "").upper().split())
    return compact[:-3] if len(compact) >= 5 else ""


def ward_for_postcode(postcode: str) -> Ward | None:
    district = outward_code(postcode)
    if not district:
        return None
    return next((w for w in Ward.objects.all() if district in w.districts), None)


def stage_due(stage: str, started_on: dt.date) -> dt.date:
    return add_working_days(started_on, STAGE_WORKING_DAYS.get(stage, 0))


def _check(kind, category, what_happened) -> dict:
    errors = {}
    if kind not in ComplaintKind.values:
        errors["kind"] = "Select whether this is a complaint or a whistleblowing concern"
    if category not in ComplaintCategory.values:
        errors["category"] = "Select what it is about"
    if not (what_happened or "").strip():
        errors["what_happened"] = "Enter what happened"
    elif len(what_happened) > WHAT_HAPPENED_MAX:
        errors["what_happened"] = f"What happened must be {WHAT_HAPPENED_MAX} characters or fewer"
    return errors


def _create(*, actor, kind, category, agency_concerned, what_happened, postcode, name, contact,
            relationship, received_on=None) -> Complaint:  # fmt: skip
    errors = _check(kind, category, what_happened)
    if errors:
        raise Invalid(errors)
    received_on = received_on or timezone.localdate()
    complaint = Complaint.objects.create(
        reference=new_reference(),
        kind=kind,
        category=category,
        agency_concerned=agency_concerned,
        what_happened=what_happened.strip(),
        ward=ward_for_postcode(postcode),
        received_on=received_on,
        stage_started_on=received_on,
        stage_due_on=stage_due(ComplaintStage.LOCAL, received_on),
        recorded_by=actor,
    )
    if any(v.strip() for v in (name, contact, relationship)):
        SealedIdentity.objects.create(
            complaint=complaint,
            name=name.strip(),
            contact=contact.strip(),
            relationship=relationship.strip(),
        )
    # The audit entry says that it was raised, never by whom (the public route has no actor).
    audit(actor, AuditAction.CREATE, complaint, f"record a {complaint.get_kind_display().lower()}")
    return complaint


@transaction.atomic
def complaint_raise(*, kind, category, what_happened, agency_concerned=None, postcode="",
                    name="", contact="", relationship="") -> Complaint:  # fmt: skip
    """Raised through the public form (also the route for staff blowing the whistle): no
    signed-in user is recorded, so nothing but the sealed identity says who it was."""
    return _create(actor=None, kind=kind, category=category, agency_concerned=agency_concerned,
                   what_happened=what_happened, postcode=postcode, name=name, contact=contact,
                   relationship=relationship)  # fmt: skip


@transaction.atomic
def complaint_record(*, actor, kind, category, what_happened, agency_concerned=None,
                     postcode="", name="", contact="", relationship="",
                     received_on=None) -> Complaint:  # fmt: skip
    """Recorded by the partnership manager from a letter, call or email."""
    access.require(actor, "support.manage_complaints")
    if received_on is not None and received_on > timezone.localdate():
        raise Invalid({"received_on": "The date received must be today or in the past"})
    return _create(actor=actor, kind=kind, category=category, agency_concerned=agency_concerned,
                   what_happened=what_happened, postcode=postcode, name=name, contact=contact,
                   relationship=relationship, received_on=received_on)  # fmt: skip


def complaints_list(*, actor) -> list[Complaint]:
    access.require(actor, "support.complaints")
    return list(Complaint.objects.select_related("agency_concerned", "ward"))


def complaint_open(*, actor, pk: int) -> Complaint:
    access.require(actor, "support.complaints", record=("support.complaint", pk))
    complaint = get_object_or_404(
        Complaint.objects.select_related("agency_concerned", "ward"), pk=pk
    )
    audit(actor, AuditAction.VIEW, complaint, "read a complaint or concern")
    return complaint


def has_identity(complaint: Complaint) -> bool:
    return SealedIdentity.objects.filter(complaint=complaint).exists()


@transaction.atomic
def identity_open(*, actor, complaint: Complaint, reason: str) -> SealedIdentity | None:
    """The designated officer opens who raised it, saying why; every opening is audited."""
    access.require(actor, "support.unseal", complaint)
    if not (reason or "").strip():
        raise Invalid({"reason": "Enter why you need to know who raised it"})
    identity = SealedIdentity.objects.filter(complaint=complaint).first()
    audit(
        actor,
        AuditAction.VIEW,
        complaint,
        "open the sealed identity of who raised it",
        detail={"reason": reason.strip(), "held": identity is not None},
    )
    return identity


@transaction.atomic
def complaint_progress(*, actor, complaint: Complaint, expected_version: int, action: str,
                       on: dt.date | None, outcome: str = "", learning: str = "") -> None:  # fmt: skip
    """Move a complaint to its next stage, or close it with an outcome and the learning."""
    access.require(actor, "support.manage_complaints", complaint)
    errors = {}
    if on is None:
        errors["on"] = "Enter the date"
    elif on > timezone.localdate():
        errors["on"] = "The date must be today or in the past"
    elif on < complaint.stage_started_on:
        errors["on"] = "The date cannot be before the current stage started"
    if complaint.stage == ComplaintStage.CLOSED:
        errors["action"] = "This has already been closed"
    if action == "escalate" and complaint.stage not in NEXT_STAGE:
        errors["action"] = "A review panel is the last stage: close it with an outcome"
    if action == "close" and outcome not in ComplaintOutcome.values:
        errors["outcome"] = "Select the outcome"
    if action not in ("escalate", "close"):
        errors["action"] = "Select what happens next"
    if errors:
        raise Invalid(errors)
    if action == "escalate":
        stage = NEXT_STAGE[complaint.stage]
        changes = {"stage": stage, "stage_started_on": on, "stage_due_on": stage_due(stage, on)}
    else:
        changes = {"stage": ComplaintStage.CLOSED, "outcome": outcome, "closed_on": on,
                   "learning": learning.strip()}  # fmt: skip
    bump(complaint, expected_version, **changes)
    audit(actor, AuditAction.CHANGE, complaint, "progress a complaint or concern",
          detail={"stage": complaint.stage})  # fmt: skip


def complaint_status(reference: str) -> Complaint | None:
    """For the person who raised it, by reference: the stage and outcome, nothing more."""
    normal = normalise_reference(reference)
    return Complaint.objects.filter(reference=normal).first() if normal else None


def agencies() -> list[Agency]:
    return list(Agency.objects.order_by("name"))
