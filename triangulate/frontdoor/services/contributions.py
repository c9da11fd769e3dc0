"""Partner agencies asked what they know: the hub shares a contact, an agency adds its
contribution (and may share its record of the child), and the decision ends the shares."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import Agency, AuditAction, RecordShare, User
from triangulate.core.roles import AgencyType
from triangulate.register.models import Person, PersonAddress
from triangulate.register.services.matching import Holder, Match, MatchResult, find_matches

from ..models import Consent, Contact, Contribution, Status
from .intake import intake_details


class ConsentNotGiven(Exception):
    """Consent cannot be the lawful basis: the contact does not record that it was given."""


def contributions_for(*, actor: User, contact: Contact) -> list[Contribution]:
    return list(
        access.visible(actor, Contribution)
        .filter(contact=contact)
        .select_related("owning_agency", "author")
        .order_by("created_at", "id")
    )


def agencies_to_ask(*, contact: Contact) -> list[Agency]:
    return list(
        Agency.objects.filter(is_active=True)
        .exclude(pk=contact.owning_agency_id)
        .exclude(agency_type=AgencyType.OTHER)
        .order_by("name", "id")
    )


def agencies_asked(*, contact: Contact) -> set[int]:
    return set(
        RecordShare.objects.filter(
            content_type=ContentType.objects.get_for_model(Contact),
            object_id=contact.pk,
            revoked_at__isnull=True,
        ).values_list("shared_with_id", flat=True)
    )


@transaction.atomic
def contributions_request(*, actor: User, contact: Contact, agencies: list[Agency]) -> int:
    """Share the contact with partner agencies so each can add what it knows."""
    access.require(actor, "frontdoor.triage")
    access.require_changeable(actor, contact, purpose="ask a partner agency what it knows")
    asked = agencies_asked(contact=contact)
    made = 0
    for agency in agencies:
        if agency.pk in asked or agency.pk == contact.owning_agency_id:
            continue
        records.share(
            actor,
            contact,
            agency,
            basis=records.LawfulBasis.SAFEGUARDING,
            purpose=f"MASH triage of contact {contact.reference}",
        )
        made += 1
    return made


def own_matches(*, actor: User, contact: Contact) -> list[Match]:
    """A contributing agency's own register entries that are likely to be the contact's child,
    so that it can share the right one with the front door (audited search)."""
    access.require(actor, "frontdoor.contribute")
    result = find_matches(actor=actor, details=intake_details(contact))
    mine = [m for m in result.matches if m.person.owning_agency_id == actor.agency_id]
    audit(
        actor,
        AuditAction.SEARCH,
        contact,
        "find our record of the child in a contact",
        detail={"results": [m.person.pk for m in mine]},
    )
    return mine


def _consent_for(basis: str) -> str:
    """What a share on ``basis`` says about consent: given, where consent is the basis (the
    contact must record it given); otherwise not sought."""
    if basis == records.LawfulBasis.CONSENT:
        return records.Consent.GIVEN
    return records.Consent.NOT_SOUGHT


def _share_person(*, actor: User, person: Person, agency: Agency, lawful_basis: str, purpose: str):
    """Share a register entry and its addresses with an agency (read only): each record it
    newly shares is audited, the entry and each address."""
    shared = [person, *access.visible(actor, PersonAddress).filter(person=person).order_by("id")]
    for record in shared:
        records.share(
            actor,
            record,
            agency,
            basis=lawful_basis,
            purpose=purpose,
            consent=_consent_for(lawful_basis),
        )


@transaction.atomic
def contribution_add(
    *,
    actor: User,
    contact: Contact,
    summary: str,
    lawful_basis: str,
    share_person_pk: int | None = None,
) -> Contribution:
    """An agency records what it knows, held under its own rules and shared with the hub.

    It may also share its own register entry for the child, so that the front door can
    link the contact to the record the agency already holds instead of adding a new one.
    """
    access.require(actor, "frontdoor.contribute")
    if not access.visible(actor, Contact).filter(pk=contact.pk).exists():
        raise access.AccessDenied("This contact has not been shared with your agency.")
    if lawful_basis == records.LawfulBasis.CONSENT and contact.consent != Consent.GIVEN:
        raise ConsentNotGiven
    if share_person_pk is not None:
        person = access.get_visible_or_403(
            actor, Person, share_person_pk, purpose="share a record with the front door"
        )
        if person.owning_agency_id != actor.agency_id:
            raise access.AccessDenied("Only the agency holding a record can share it.")
        _share_person(
            actor=actor,
            person=person,
            agency=contact.owning_agency,
            lawful_basis=lawful_basis,
            purpose=f"MASH triage of contact {contact.reference}",
        )
    contribution = Contribution.objects.create(
        owning_agency=actor.agency,
        contact=contact,
        author=actor,
        summary=summary.strip(),
        lawful_basis=lawful_basis,
    )
    audit(actor, AuditAction.CREATE, contribution, "contribute to MASH triage")
    records.share(
        actor,
        contribution,
        contact.owning_agency,
        basis=lawful_basis,
        purpose=f"MASH triage of contact {contact.reference}",
        consent=_consent_for(lawful_basis),
    )
    if contact.status in (Status.DECIDED, Status.CLOSED):
        # Answered after the decision (the record the hub was waiting for): share ended.
        end_contribution_shares(
            actor=actor, contact=contact, at=timezone.now(), agency=actor.agency
        )
    return contribution


def awaited_holders(*, contact: Contact, result: MatchResult) -> list[Holder]:
    """Agencies holding a likely match that the hub has already asked what they know."""
    asked = agencies_asked(contact=contact)
    return [h for h in result.holders if h.agency_id in asked]


def end_contribution_shares(
    *, actor: User, contact: Contact, at: dt.datetime, agency: Agency | None = None
) -> None:
    """The contact was shared with partner agencies for their contributions: the decision
    ends those shares (each agency keeps its own contribution and sees the outcome).

    While the contact waits for the child's record from an agency holding a likely match,
    that agency's share stays until it answers (``contribution_add`` then ends it).
    """
    awaited: set[int] = set()
    if contact.person_id is None:
        result = find_matches(actor=actor, details=intake_details(contact))
        answered = set(contact.contributions.values_list("owning_agency_id", flat=True))
        awaited = {h.agency_id for h in result.holders} - answered
    ended = list(
        RecordShare.objects.filter(
            content_type=ContentType.objects.get_for_model(Contact),
            object_id=contact.pk,
            revoked_at__isnull=True,
        )
        .exclude(shared_with_id__in=awaited)
        .filter(**({"shared_with": agency} if agency else {}))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .select_related("shared_with")
        .order_by("id")
    )
    records.end_shares(
        actor, contact, ended, at=at, purpose="contact decided: shares for contributions ended"
    )
