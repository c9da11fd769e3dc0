"""A person's addresses: read as the viewer may read them, withheld for safety by the agency
that holds them (core.sensitivity), and who else lives at the same one."""

from __future__ import annotations

from django.db.models import Q

from triangulate.core import access, records
from triangulate.core.models import User

from ..models import Person, PersonAddress


def person_addresses(*, actor: User, person: Person) -> list[PersonAddress]:
    return list(
        access.visible(actor, PersonAddress).filter(person=person).order_by("-from_date", "-id")
    )


def current_addresses(*, actor: User, people) -> dict[int, PersonAddress]:
    """Each person's current address the actor may see (the latest where several agencies
    hold one), by person."""
    found: dict[int, PersonAddress] = {}
    for address in (
        access.visible(actor, PersonAddress)
        .filter(person__in=[p.pk for p in people], to_date__isnull=True)
        .order_by("person_id", "from_date", "id")
    ):
        found[address.person_id] = address
    return found


def address_for_change(*, actor: User, person: Person, pk: int) -> PersonAddress:
    """An address on the person's record that the actor's agency may change."""
    return records.open_for_change(
        actor, PersonAddress, pk, purpose="label an address", within={"person": person}
    )


def address_label(*, actor: User, address: PersonAddress, expected_version: int, sensitivity: str):
    """Withhold an address for the child's safety, or stop withholding it (audited before and
    after; stale edits refused; core.records.relabel)."""
    access.require(actor, "register.flag")
    return records.relabel(
        actor,
        address,
        expected_version=expected_version,
        sensitivity=sensitivity,
        purpose="label an address",
    )


def address_labels_offered(*, actor: User, address: PersonAddress) -> list[str]:
    return records.labels_offered(actor, PersonAddress, address.owning_agency_id)


def household(*, actor: User, person: Person) -> list[Person]:
    """Other people the actor may see who live at the person's current address."""
    # An address withheld from the actor is never compared: who lives there would tell it.
    current = access.readable(actor, PersonAddress).filter(person=person, to_date__isnull=True)
    addresses = list(current.values_list("line_1", "postcode"))
    if not addresses:
        return []
    same = Q()
    for line_1, postcode in addresses:
        same |= Q(line_1=line_1, postcode=postcode)
    ids = (
        access.readable(actor, PersonAddress)
        .filter(same, to_date__isnull=True)
        .exclude(person=person)
        .values("person_id")
    )
    return list(
        access.visible(actor, Person)
        .filter(pk__in=ids, merged_into__isnull=True)
        .order_by("date_of_birth", "given_name", "id")
    )
