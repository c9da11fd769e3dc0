"""Sanitised versions of graded intelligence, written for one partner agency and shared with
it under a recorded proportionality decision (the original never leaves the force)."""

from __future__ import annotations

from django.db import transaction

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.records import LawfulBasis

from ..models import IntelligenceItem, Link, SanitisedIntelligence
from .common import Invalid


def _facts_length(item: IntelligenceItem) -> int:
    return len(item.what_seen) + len(item.where_seen) + len(item.who)


@transaction.atomic
def sanitised_write(
    *,
    actor: User,
    item: IntelligenceItem,
    shared_with: Agency | None,
    text: str,
    purpose: str,
    necessity: str,
    lawful_basis: str,
    person=None,
) -> SanitisedIntelligence:
    """Write a sanitised version for one partner agency and share it, recording why.

    Only graded intelligence is shared; the version may not be longer than the original's
    facts; the proportionality decision (purpose, necessity, lawful basis) is required.
    The original never leaves the force: only this version is shared.
    """
    access.require(actor, "intelligence.grade", item)
    access.require_changeable(actor, item, purpose="sanitise intelligence")
    errors = {}
    if not item.is_graded:
        errors["text"] = "Grade the intelligence before writing a version to share"
    text = (text or "").strip()
    if not text:
        errors["text"] = "Enter the sanitised version to share"
    elif len(text) > _facts_length(item):
        errors["text"] = (
            "The sanitised version must be shorter than the original "
            f"({_facts_length(item)} characters): share less, not more"
        )
    if shared_with is None or shared_with.pk == item.owning_agency_id:
        errors["shared_with"] = "Select the partner agency to share it with"
    if not (purpose or "").strip():
        errors["purpose"] = "Enter the purpose of sharing"
    if not (necessity or "").strip():
        errors["necessity"] = "Enter why sharing is necessary and proportionate"
    if lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Select the lawful basis for sharing"
    if person is not None and not Link.objects.filter(item=item, person=person).exists():
        errors["person"] = "Select a child this intelligence is linked to"
    if errors:
        raise Invalid(errors)
    version = SanitisedIntelligence.objects.create(
        owning_agency=item.owning_agency,
        item=item,
        shared_with=shared_with,
        person=person,
        text=text,
        purpose=purpose.strip(),
        necessity=necessity.strip(),
        lawful_basis=lawful_basis,
        grade=item.grade,
        handling_conditions=item.handling_conditions,
        written_by=actor,
    )
    audit(actor, AuditAction.CREATE, version, "sanitise intelligence")
    records.share(actor, version, shared_with, basis=lawful_basis, purpose=purpose.strip())
    return version


def sanitised_open(*, actor: User, pk: int) -> SanitisedIntelligence:
    return records.open(actor, SanitisedIntelligence, pk, purpose="read shared intelligence")


def sanitised_visible(*, actor: User, person=None, item=None) -> list[SanitisedIntelligence]:
    rows = access.visible(actor, SanitisedIntelligence).select_related("shared_with", "person")
    if person is not None:
        rows = rows.filter(person=person)
    if item is not None:
        rows = rows.filter(item=item)
    return list(rows.order_by("-written_at", "-id"))
