"""Matching a contact to the register: likely entries for the child, linking the contact
to one, or adding the child when there is none."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, extensions
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User
from triangulate.register import services as register_services
from triangulate.register.models import Person
from triangulate.register.services.matching import Holder, MatchResult, find_matches

from ..models import Contact, Status
from .contacts import bump_contact
from .intake import intake_details


class LikelyHeldElsewhere(Exception):
    """Another agency holds a likely match: adding a new child needs the hub to confirm."""

    def __init__(self, holders: list[Holder]):
        super().__init__("Another agency holds a likely match for this child")
        self.holders = holders


def contact_matches(*, actor: User, contact: Contact) -> MatchResult:
    """Likely existing register entries for the child in this contact (audited search)."""
    access.require(actor, "frontdoor.triage")
    result = find_matches(actor=actor, details=intake_details(contact))
    audit(
        actor,
        AuditAction.SEARCH,
        contact,
        "match a contact to the register",
        detail={
            "results": [m.person.pk for m in result.matches],
            "withheld": result.withheld,
        },
    )
    return result


@transaction.atomic
def contact_link_person(
    *, actor: User, contact: Contact, person_pk: int, expected_version: int
) -> Person:
    """Link the contact to an existing register entry and tell other apps a contact arrived."""
    access.require(actor, "frontdoor.triage")
    access.require_changeable(actor, contact, purpose="link contact to child")
    person = access.get_visible_or_403(actor, Person, person_pk, purpose="link a contact")
    if person.merged_into_id:
        person = person.merged_into
    bump_contact(
        contact,
        expected_version,
        person=person,
        linked_by=actor,
        linked_at=timezone.now(),
        status=Status.IN_TRIAGE if contact.status == Status.NEW else contact.status,
    )
    audit(actor, AuditAction.CHANGE, contact, "link contact to child", detail={"person": person.pk})
    extensions.publish("contact.received", person=person, contact=contact, actor=actor)
    return person


@transaction.atomic
def contact_create_person(
    *, actor: User, contact: Contact, expected_version: int, confirmed: bool = False
) -> Person:
    """No match: add the child to the register from the contact's details, then link.

    When another agency holds a likely match the hub cannot see, a new entry could be a
    duplicate: it is refused (``LikelyHeldElsewhere``) unless the hub has confirmed.
    """
    access.require(actor, "frontdoor.triage")
    if not (contact.child_given_name and contact.child_family_name):
        raise ValueError("A first and last name are needed to add a child to the register")
    holders = find_matches(actor=actor, details=intake_details(contact)).holders
    if holders and not confirmed:
        raise LikelyHeldElsewhere(holders)
    address = None
    if contact.child_address:
        address = {"line_1": contact.child_address[:200], "postcode": contact.child_postcode}
    person = register_services.person_create(
        actor=actor,
        given_name=contact.child_given_name,
        family_name=contact.child_family_name,
        known_as=contact.child_known_as,
        date_of_birth=contact.child_date_of_birth,
        nhs_number=contact.child_nhs_number,
        upn=contact.child_upn,
        address=address,
        purpose=f"new child from contact {contact.reference}",
    )
    if holders:
        audit(
            actor,
            AuditAction.CREATE,
            person,
            "new child added although another agency holds a likely match",
            detail={"contact": contact.pk, "holders": {h.name: h.count for h in holders}},
        )
    return contact_link_person(
        actor=actor, contact=contact, person_pk=person.pk, expected_version=expected_version
    )
