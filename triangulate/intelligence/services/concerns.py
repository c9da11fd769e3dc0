"""Persons of concern: adults in the register with the force's record of them, their status
history, and their prioritisation under the written, versioned criteria."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User
from triangulate.core.records import bump

from ..models import ConcernStatus, Harm, Link, PersonOfConcern, PriorityCriteria, StatusChange
from ..priority import Facts, prioritise
from .common import Invalid


@transaction.atomic
def concern_create(
    *,
    actor: User,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None = None,
    sex: str = "U",
    aliases: str = "",
    harm: int = 2,
    status: str = "suspect",
    status_on: dt.date | None = None,
    summary: str = "",
):
    """Record a person of concern: an adult in the register (so matching finds them) and the
    force's record of them, with their first status."""
    from triangulate.register.services import person_create

    access.require(actor, "intelligence.pursue")
    errors = {}
    if not (given_name or "").strip():
        errors["given_name"] = "Enter their first name"
    if not (family_name or "").strip():
        errors["family_name"] = "Enter their last name"
    if status not in ConcernStatus.values:
        errors["status"] = "Select their status"
    if int(harm or 0) not in Harm.values:
        errors["harm"] = "Select the harm they pose"
    status_on = status_on or timezone.localdate()
    if status_on > timezone.localdate():
        errors["status_on"] = "The date of the status must be today or in the past"
    if errors:
        raise Invalid(errors)
    person = person_create(
        actor=actor,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
        kind="adult",
        known_as=aliases,
        purpose="record a person of concern",
    )
    concern = PersonOfConcern.objects.create(
        owning_agency=actor.agency,
        person=person,
        aliases=aliases.strip(),
        status=status,
        status_since=status_on,
        harm=int(harm),
        summary=summary.strip(),
        created_by=actor,
    )
    StatusChange.objects.create(
        owning_agency=actor.agency, concern=concern, status=status, on=status_on, recorded_by=actor
    )
    audit(actor, AuditAction.CREATE, concern, "record a person of concern")
    return concern


@transaction.atomic
def concern_status(*, actor: User, concern, expected_version: int, status: str, on, note=""):
    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, concern, purpose="change a person of concern's status")
    errors = {}
    if status not in ConcernStatus.values:
        errors["status"] = "Select their status"
    if on is None:
        errors["on"] = "Enter the date of the status"
    elif on > timezone.localdate():
        errors["on"] = "The date of the status must be today or in the past"
    if errors:
        raise Invalid(errors)
    bump(concern, expected_version, status=status, status_since=on)
    StatusChange.objects.create(
        owning_agency=concern.owning_agency,
        concern=concern,
        status=status,
        on=on,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    audit(actor, AuditAction.CHANGE, concern, "change a person of concern's status",
          detail={"status": status, "on": on.isoformat()})  # fmt: skip
    return concern


def concern_open(*, actor: User, pk: int):
    access.require(actor, "intelligence.pursue", record=("intelligence.personofconcern", pk))
    return records.open(actor, PersonOfConcern, pk, purpose="read a person of concern")


def concern_history(*, actor: User, concern) -> list:
    return list(access.visible(actor, StatusChange).filter(concern=concern).order_by("-on", "-id"))


def current_criteria():
    return PriorityCriteria.objects.order_by("-version").first()


def concerns_prioritised(
    *, actor: User, today: dt.date | None = None, as_at: dt.datetime | None = None
) -> list[tuple]:
    """Every person of concern this user may see, highest priority first, with reasons.
    ``as_at`` ranks them as the records stood then (people and links recorded by then)."""
    access.require(actor, "intelligence.pursue")
    today = today or timezone.localdate()
    criteria = current_criteria()
    concerns = access.visible(actor, PersonOfConcern).select_related("person")
    links = access.visible(actor, Link)
    if as_at is not None:
        concerns = concerns.filter(created_at__lte=as_at)
        links = links.filter(created_at__lte=as_at)
    concerns = list(concerns)
    links = links.filter(concern__in=concerns)
    dates: dict[int, list[dt.date]] = {c.pk: [] for c in concerns}
    children: dict[int, set[int]] = {c.pk: set() for c in concerns}
    for concern_id, person_id, seen_at in links.values_list(
        "concern_id", "person_id", "item__seen_at"
    ):
        if seen_at is not None:
            dates[concern_id].append(timezone.localtime(seen_at).date())
        if person_id is not None:
            children[concern_id].add(person_id)
    ranked = []
    for concern in concerns:
        facts = Facts(
            harm=concern.harm,
            harm_label=Harm(concern.harm).label,
            intelligence_dates=tuple(dates[concern.pk]),
            children=len(children[concern.pk]),
        )
        ranked.append((concern, prioritise(facts, criteria, today)))
    ranked.sort(key=lambda pair: (-pair[1].score, pair[0].person.family_name, pair[0].pk))
    return ranked
