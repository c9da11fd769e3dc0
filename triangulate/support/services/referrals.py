"""Referrals to support: made from a person's record, owned by the referring agency, shared
with the agency that runs the service where it has one, read through the access policy."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction
from triangulate.core.presenters import age_on
from triangulate.register.models import Person, PersonKind
from triangulate.register.services import household, person_relationships

from ..models import (
    CONSENT_NEEDS_REASON,
    STILL_WAITING,
    Referral,
    ReferralConsent,
    ReferralStatus,
    ReferredAs,
    SupportService,
)
from . import Invalid

# Where a service states no typical wait, a referral waiting longer than this is shown to
# the referrer as waiting too long.
DEFAULT_WAIT_LIMIT_DAYS = 42
# However short the service's typical wait, a week's grace before a referral is flagged.
MIN_WAIT_LIMIT_DAYS = 7


def wait_limit_days(service: SupportService) -> int:
    """How long a referral may wait before the referrer is told: the service's typical wait
    (at least a week), or six weeks where it states none."""
    if service.waiting_weeks is None:
        return DEFAULT_WAIT_LIMIT_DAYS
    return max(service.waiting_weeks * 7, MIN_WAIT_LIMIT_DAYS)


def waiting_too_long(referral: Referral, today: dt.date) -> bool:
    return referral.still_waiting and referral.waiting_days(today) > wait_limit_days(
        referral.service
    )


def referred_as_choices(person: Person) -> list[tuple[str, str]]:
    """A child is referred as the child; an adult as a family member or an adult survivor.
    The register holds adults; an adult survivor is not put through children's workflows."""
    if person.kind == PersonKind.CHILD:
        return [(ReferredAs.CHILD, ReferredAs.CHILD.label)]
    return [
        (ReferredAs.FAMILY, ReferredAs.FAMILY.label),
        (ReferredAs.ADULT_SURVIVOR, ReferredAs.ADULT_SURVIVOR.label),
    ]


def linkable_children(*, actor, person: Person) -> list[Person]:
    """Children the actor may see who are related to, or live with, the person."""
    related = [other for _, other, _ in person_relationships(actor=actor, person=person)]
    seen, children = set(), []
    for other in related + household(actor=actor, person=person):
        if other.kind == PersonKind.CHILD and other.pk not in seen and other.pk != person.pk:
            seen.add(other.pk)
            children.append(other)
    return children


def _consent_errors(consent: str, consent_reason: str) -> dict:
    if consent not in ReferralConsent.values:
        return {"consent": "Select what happened about consent"}
    if consent in CONSENT_NEEDS_REASON and not consent_reason.strip():
        word = "refused" if consent == ReferralConsent.REFUSED else "not sought"
        return {"consent_reason": f"Enter why the referral is made although consent was {word}"}
    return {}


def _share_with_service(actor, referral: Referral) -> None:
    """Share with the agency that runs the service, once consent allows: given, or not sought
    for a recorded reason. A refusal or an unanswered request keeps it with the referrer."""
    agency = referral.service.agency
    if agency is None or referral.consent in (ReferralConsent.SOUGHT, ReferralConsent.REFUSED):
        return
    given = referral.consent == ReferralConsent.GIVEN
    records.share(
        actor,
        referral,
        agency,
        basis=records.LawfulBasis.CONSENT if given else records.LawfulBasis.SAFEGUARDING,
        purpose=f"referral to {referral.service.name}",
        consent=records.Consent.GIVEN if given else records.Consent.NOT_SOUGHT,
        consent_reason=referral.consent_reason,
        # The service records whether it offered a place, and when support started and ended.
        permits_change=True,
    )


@transaction.atomic
def referral_make(
    *,
    actor,
    person: Person,
    service: SupportService | None,
    referred_as: str,
    reason: str,
    consent: str,
    consent_reason: str = "",
    linked_child: Person | None = None,
    referred_on: dt.date | None = None,
) -> Referral:
    """Refer ``person`` (opened by the caller through the access policy) to ``service``."""
    access.require(actor, "support.refer")
    today = timezone.localdate()
    referred_on = referred_on or today
    errors = {}
    if service is None:
        errors["service"] = "Select the service"
    if referred_as not in dict(referred_as_choices(person)):
        errors["referred_as"] = "Select who is being referred"
    if not reason.strip():
        errors["reason"] = "Enter what help the referral is for"
    errors.update(_consent_errors(consent, consent_reason))
    if referred_on > today:
        errors["referred_on"] = "The date of the referral must be today or in the past"
    if referred_as == ReferredAs.FAMILY:
        if linked_child is None:
            errors["linked_child"] = "Select the child this family member is linked to"
        elif not access.visible(actor, Person).filter(pk=linked_child.pk).exists():
            errors["linked_child"] = "Select a child whose record you may see"
    else:
        linked_child = None
    if service is not None and not errors:
        errors.update(_eligibility(service, person, referred_as, referred_on))
    if errors:
        raise Invalid(errors)
    referral = Referral.objects.create(
        owning_agency=actor.agency,
        person=person,
        referred_as=referred_as,
        linked_child=linked_child,
        service=service,
        reason=reason.strip(),
        consent=consent,
        consent_reason=consent_reason.strip(),
        referred_on=referred_on,
        referred_by=actor,
    )
    audit(actor, AuditAction.CREATE, referral, f"refer to {service.name}")
    _share_with_service(actor, referral)
    return referral


def _eligibility(service, person, referred_as, on) -> dict:
    if referred_as == ReferredAs.FAMILY:
        if not service.for_family:
            return {"service": f"{service.name} does not take family members in their own right"}
        return {}
    age = age_on(person.date_of_birth, on)
    if age is not None and not service.is_for_age(age):
        return {
            "service": f"{service.name} is for ages {service.age_text().lower()}; "
            f"{person.given_name} is {age}"
        }
    return {}


UPDATE_FIELDS = ("status", "consent", "consent_reason", "declined_reason", "outcome")


@transaction.atomic
def referral_update(
    *,
    actor,
    referral: Referral,
    expected_version: int,
    status: str,
    on: dt.date | None,
    consent: str,
    consent_reason: str = "",
    declined_reason: str = "",
    outcome: str = "",
) -> Referral:
    """Record what happened: a place offered, accepted or declined (with the reason), the
    waiting list, support starting or ending (with the outcome), or a change of consent."""
    access.require_changeable(actor, referral, purpose="update a support referral")
    today = timezone.localdate()
    errors = {}
    if status not in ReferralStatus.values:
        errors["status"] = "Select the referral's status"
    errors.update(_consent_errors(consent, consent_reason))
    if on is None:
        errors["on"] = "Enter the date this happened"
    elif on > today:
        errors["on"] = "The date must be today or in the past"
    elif on < referral.referred_on:
        errors["on"] = "The date cannot be before the referral was made"
    if status == ReferralStatus.DECLINED and not declined_reason.strip():
        errors["declined_reason"] = "Enter why the place was declined"
    if status == ReferralStatus.ENDED and not outcome.strip():
        errors["outcome"] = "Enter the outcome of the support"
    if status == ReferralStatus.ENDED and referral.started_on is None:
        errors["status"] = "Support can end only after it has started"
    if errors:
        raise Invalid(errors)
    changes = {
        "status": status,
        "consent": consent,
        "consent_reason": consent_reason.strip(),
        "declined_reason": declined_reason.strip() if status == ReferralStatus.DECLINED else "",
        "outcome": outcome.strip(),
    }
    if status == ReferralStatus.STARTED and referral.started_on is None:
        changes["started_on"] = on
    if status in (ReferralStatus.DECLINED, ReferralStatus.ENDED):
        changes["closed_on"] = on
    elif status in STILL_WAITING or status == ReferralStatus.STARTED:
        changes["closed_on"] = None
    records.bump(referral, expected_version, **changes)
    audit(
        actor,
        AuditAction.CHANGE,
        referral,
        "update a support referral",
        detail={"status": status, "consent": consent},
    )
    _share_with_service(actor, referral)
    return referral


def referral_open(*, actor, pk: int) -> Referral:
    return records.open(actor, Referral, pk, purpose="read a support referral")


def referrals_about(*, actor, person: Person) -> list[Referral]:
    """The person's referrals, and those of family members linked to them, that the actor
    may see."""
    return list(
        access.visible(actor, Referral)
        .filter(Q(person=person) | Q(linked_child=person))
        .select_related("service", "person", "linked_child", "owning_agency")
        .order_by("-referred_on", "-id")
    )


def referrals_waiting_too_long(*, actor) -> list[Referral]:
    """The actor's own referrals still waiting longer than the service's usual wait."""
    today = timezone.localdate()
    waiting = (
        access.visible(actor, Referral)
        .filter(referred_by=actor, status__in=STILL_WAITING)
        .select_related("service", "person")
        .order_by("referred_on", "id")
    )
    return [r for r in waiting if waiting_too_long(r, today)]


def waiting_by_service(*, actor) -> dict[int, dict]:
    """For the directory: per service, how many are waiting now, the longest current wait,
    and the average days from referral to support starting. Counts only: no one is named,
    so the partnership manager (who reads no personal data) may see them."""
    access.require(actor, "support.directory")
    today = timezone.localdate()
    figures: dict[int, dict] = {}
    waiting = (
        Referral.objects.filter(status__in=STILL_WAITING)
        .values("service_id")
        .annotate(count=Count("id"), oldest=Min("referred_on"))
    )
    for row in waiting:
        figures.setdefault(row["service_id"], {}).update(
            waiting=row["count"], longest=(today - row["oldest"]).days
        )
    days: dict[int, list[int]] = {}
    for service_id, referred_on, started_on in Referral.objects.filter(
        started_on__isnull=False
    ).values_list("service_id", "referred_on", "started_on"):
        days.setdefault(service_id, []).append((started_on - referred_on).days)
    for service_id, values in days.items():
        figures.setdefault(service_id, {})["average_to_start"] = round(sum(values) / len(values))
    return figures
