"""Writes and audited reads for the register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.identifiers import IdentifierError, normalise_nhs_number, normalise_upn
from triangulate.core.models import AuditAction, User

from ..models import Person, PersonAddress, PersonCinFactor, PersonFlag, Relationship
from ..names import name_key, normalise_name
from .addresses import (  # noqa: F401
    address_for_change,
    address_label,
    address_labels_offered,
    current_addresses,
    household,
    person_addresses,
)
from .matching import IntakeDetails, find_matches


@transaction.atomic
def person_create(
    *,
    actor: User,
    given_name: str,
    family_name: str,
    middle_names: str = "",
    known_as: str = "",
    date_of_birth: dt.date | None = None,
    sex: str = "U",
    ethnicity: str = "NOBT",
    nhs_number: str = "",
    upn: str = "",
    kind: str = "child",
    address: dict | None = None,
    purpose: str = "create register entry",
) -> Person:
    """Create a register entry owned by the actor's agency, with its first address."""
    access.require(actor, "register.create_person")
    person = Person(
        owning_agency=actor.agency,
        kind=kind,
        given_name=given_name.strip(),
        middle_names=middle_names.strip(),
        family_name=family_name.strip(),
        known_as=known_as.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
        ethnicity=ethnicity,
        nhs_number=normalise_nhs_number(nhs_number) if nhs_number else "",
        upn=normalise_upn(upn) if upn else "",
        created_by=actor,
    )
    person.refresh_search_keys()
    person.full_clean()
    person.save()
    if address and address.get("line_1"):
        PersonAddress.objects.create(person=person, owning_agency=actor.agency, **address)
    audit(actor, AuditAction.CREATE, person, purpose)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, expected_version: int, **changes) -> Person:
    """Change a register entry, refusing a stale edit (the version the user saw is not current)."""
    access.require_changeable(actor, person, purpose="change register entry")
    bump(person, expected_version, updated_at=timezone.now())
    person.refresh_from_db()
    for name, value in changes.items():
        setattr(person, name, value)
    person.refresh_search_keys()
    person.full_clean()
    person.save()
    audit(
        actor,
        AuditAction.CHANGE,
        person,
        "change register entry",
        detail={"fields": sorted(changes)},
    )
    return person


@dataclass(frozen=True)
class SearchQuery:
    name: str = ""
    date_of_birth: dt.date | None = None
    identifier: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name.strip() or self.date_of_birth or self.identifier.strip())


def _identifier_filter(identifier: str) -> Q:
    value = identifier.strip()
    try:
        return Q(nhs_number=normalise_nhs_number(value))
    except IdentifierError:
        pass
    try:
        return Q(upn=normalise_upn(value))
    except IdentifierError:
        pass
    raise IdentifierError("Enter a 10-digit NHS number or a 13-character unique pupil number")


def _likely(actor: User, query: SearchQuery, limit: int) -> list[Person]:
    """Entries the intake matcher finds for a first and last name (with any date of birth):
    the same candidates and the same name, nickname and date-slip rules as the front door,
    best first. Only entries the user may see are returned."""
    words = normalise_name(query.name).split()
    if len(words) < 2 or query.identifier.strip():
        return []
    details = IntakeDetails(
        given_name=" ".join(words[:-1]),
        family_name=words[-1],
        date_of_birth=query.date_of_birth,
    )
    return [m.person for m in find_matches(actor=actor, details=details, limit=limit).matches]


def person_search(*, actor: User, query: SearchQuery, limit: int = 50) -> list[Person]:
    """Search the entries this user may see, and write the search to the audit log.

    A first and last name are looked for as the front door's matcher looks (misspellings,
    short forms of names, slipped dates of birth), best first; entries that contain the
    words typed follow.
    """
    access.require(actor, "register.search")
    people: QuerySet[Person] = access.visible(actor, Person).filter(merged_into__isnull=True)
    if query.identifier.strip():
        people = people.filter(_identifier_filter(query.identifier))
    if query.date_of_birth:
        people = people.filter(date_of_birth=query.date_of_birth)
    for word in normalise_name(query.name).split():
        key = name_key(word)
        word_filter = (
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(known_as__icontains=word)
        )
        if key:
            word_filter |= Q(given_name_key=key) | Q(family_name_key=key)
        people = people.filter(word_filter)
    likely = _likely(actor, query, limit)
    seen = {p.pk for p in likely}
    results = likely + [
        p
        for p in people.select_related("owning_agency").order_by("family_name", "given_name", "id")[
            :limit
        ]
        if p.pk not in seen
    ]
    results = results[:limit]
    audit(
        actor,
        AuditAction.SEARCH,
        None,
        "search the register",
        detail={
            "name": query.name,
            "date_of_birth": query.date_of_birth.isoformat() if query.date_of_birth else "",
            "identifier": query.identifier,
            "results": [p.pk for p in results],
        },
    )
    return results


def person_open(*, actor: User, pk: int, purpose: str = "view record") -> Person:
    """Open one entry for viewing: scoped by access policy, audited, 403 if not allowed."""
    person = access.get_visible_or_403(actor, Person, pk, purpose=purpose)
    audit(actor, AuditAction.VIEW, person, purpose)
    return person


def persons_named(pks) -> QuerySet[Person]:
    """The people a record the user holds names, read to name them on its page as ADR 0009
    allows (what the viewer reads of each is `core.access.child_reference`'s to decide)."""
    return Person.objects.filter(pk__in=pks)


# Flags, CIN census factors and relationships ---------------------------------------------


class FlagAlreadySet(Exception):
    """Your agency has already set this flag on this person."""


@transaction.atomic
def flag_set(
    *, actor: User, person: Person, flag: str, reason: str, detail: str = ""
) -> PersonFlag:
    """Set a flag on a person, with why; held by the actor's agency."""
    access.require(actor, "register.flag")
    if PersonFlag.objects.filter(
        person=person, flag=flag, owning_agency=actor.agency, removed_at__isnull=True
    ).exists():
        raise FlagAlreadySet
    item = PersonFlag.objects.create(
        owning_agency=actor.agency,
        person=person,
        flag=flag,
        detail=detail.strip(),
        reason=reason.strip(),
        set_by=actor,
    )
    audit(actor, AuditAction.CREATE, item, "set a flag", detail={"flag": flag, "person": person.pk})
    return item


@transaction.atomic
def flag_remove(*, actor: User, person: Person, pk: int, reason: str) -> PersonFlag:
    """Remove a flag the actor's agency set on this person (404 if it is not this person's)."""
    access.require(actor, "register.flag")
    item = access.get_changeable_or_403(
        actor, PersonFlag, pk, purpose="remove a flag", within={"person": person}
    )
    PersonFlag.objects.filter(pk=item.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=actor, removal_reason=reason.strip()
    )
    item.refresh_from_db()
    audit(actor, AuditAction.CHANGE, item, "remove a flag", detail={"reason": reason.strip()})
    return item


@transaction.atomic
def cin_factor_add(
    *, actor: User, person: Person, code: str, identified_on: dt.date, note: str = ""
) -> PersonCinFactor:
    access.require(actor, "register.flag")
    item = PersonCinFactor.objects.create(
        owning_agency=actor.agency,
        person=person,
        code=code,
        identified_on=identified_on,
        note=note.strip(),
        recorded_by=actor,
    )
    audit(actor, AuditAction.CREATE, item, "record a CIN census factor", detail={"code": code})
    return item


@transaction.atomic
def relationship_add(
    *, actor: User, person: Person, other: Person, relationship: str, note: str = ""
) -> Relationship:
    access.require(actor, "register.flag")
    item = Relationship.objects.create(
        owning_agency=actor.agency,
        person=person,
        other=other,
        relationship=relationship,
        note=note.strip(),
        recorded_by=actor,
    )
    audit(actor, AuditAction.CREATE, item, "record a relationship", detail={"other": other.pk})
    return item


def person_flags(*, actor: User, person: Person, live_only: bool = True) -> list[PersonFlag]:
    flags = access.visible(actor, PersonFlag).filter(person=person)
    if live_only:
        flags = flags.filter(removed_at__isnull=True)
    return list(flags.select_related("set_by", "owning_agency").order_by("flag", "set_at", "id"))


def person_cin_factors(*, actor: User, person: Person) -> list[PersonCinFactor]:
    return list(
        access.visible(actor, PersonCinFactor)
        .filter(person=person)
        .select_related("recorded_by", "owning_agency")
        .order_by("-identified_on", "id")
    )


def person_relationships(*, actor: User, person: Person) -> list[tuple[str, Person, str]]:
    """(relationship as seen from this person, the other person, note), either direction."""
    visible_people = access.visible(actor, Person).values("id")
    rows = []
    for rel in (
        access.visible(actor, Relationship)
        .filter(person=person, other__in=visible_people)
        .select_related("other")
        .order_by("relationship", "id")
    ):
        rows.append((rel.get_relationship_display(), rel.other, rel.note))
    for rel in (
        access.visible(actor, Relationship)
        .filter(other=person, person__in=visible_people)
        .select_related("person")
        .order_by("relationship", "id")
    ):
        label = {"parent": "Child", "carer": "Cared for"}.get(
            rel.relationship, rel.get_relationship_display()
        )
        rows.append((label, rel.person, rel.note))
    return rows
