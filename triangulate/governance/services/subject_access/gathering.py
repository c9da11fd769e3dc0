"""Gathering a subject access request: the one exceptional read, every agency's records about
the person through the timeline's providers, with other people's names and identifiers
found for redaction. Police intelligence is never gathered."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, extensions
from triangulate.core.audit import audit, entries_for
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.core.presenters import uk_date, uk_datetime
from triangulate.frontdoor.models import Contact
from triangulate.register.models import Person, Relationship

from ...models import OPEN_SUBJECT_ACCESS, SubjectAccessRequest, SubjectAccessStatus
from .requests import RULE, NotAllowed

INTELLIGENCE_WITHHELD = (
    "Police intelligence is not included in this export. Intelligence is held by the police "
    "and is exempt from disclosure where releasing it would be likely to prejudice the "
    "prevention or detection of crime (Data Protection Act 2018, Schedule 2, paragraph 2). "
    "The request has been passed to the police force's disclosure team, who will decide "
    "what, if anything, they can release."
)
REGISTER_REASON = "Another person in the register"
REPORTER_REASON = "Someone who reported a concern"
IDENTIFIER_REASON = "Another person's identifier (NHS number, pupil number or contact details)"


def _person_rows(person: Person, actor: User) -> list[list[str]]:
    rows = [
        ["Name", person.full_name],
        ["Known as", person.known_as or "Not recorded"],
        ["Date of birth", uk_date(person.date_of_birth) or "Not recorded"],
        ["NHS number", person.nhs_number or "Not recorded"],
        ["Unique pupil number", person.upn or "Not recorded"],
        ["Added to the register by", person.owning_agency.name],
    ]
    relationships = (
        access.visible(actor, Relationship)
        .filter(person=person)
        .select_related("other", "owning_agency")
        .order_by("id")
    )
    for relation in relationships:
        rows.append(
            [
                relation.get_relationship_display(),
                f"{relation.other.full_name} (recorded by {relation.owning_agency.name})",
            ]
        )
    return rows


def _seen_rows(person: Person) -> list[list[str]]:
    """Who has seen or changed anything about the person: the recipients of their data."""
    return [
        [
            uk_datetime(entry.occurred_at),
            entry.actor_name,
            entry.agency_name,
            f"{entry.get_action_display()}: {entry.purpose}",
        ]
        for entry in entries_for(person).filter(actor__isnull=False).order_by("sequence")
    ]


def _third_parties(actor: User, person: Person, text: str) -> list[tuple[str, str]]:
    """(text, reason) for every other person's name or identifier found in ``text``."""
    found: dict[str, str] = {}
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", text)}
    others = (
        access.visible(actor, Person)
        .exclude(pk=person.pk)
        .filter(family_name_lower__in=words)
        .values_list("given_name", "family_name", "known_as", "nhs_number", "upn")
    )
    lowered = text.lower()
    for given, family, known_as, nhs, upn in others:
        names = [f"{given} {family}"] + [
            f"{n.strip()} {family}" for n in known_as.split(",") if n.strip()
        ]
        for name in names:
            if name.lower() in lowered:
                found.setdefault(name, REGISTER_REASON)
        for number in (nhs, upn):
            if number and number in text:
                found.setdefault(number, IDENTIFIER_REASON)
    reporters = (
        access.visible(actor, Contact)
        .filter(person=person, raised_by__isnull=True)
        .values_list("reporter_name", "reporter_contact")
    )
    for name, contact in reporters:
        for value, reason in ((name, REPORTER_REASON), (contact, IDENTIFIER_REASON)):
            value = value.strip()
            if len(value) > 2 and value.lower() in lowered:
                found.setdefault(value, reason)
    own = {person.full_name.lower(), f"{person.given_name} {person.family_name}".lower()}
    return [(value, reason) for value, reason in found.items() if value.lower() not in own]


def cells(sections) -> str:
    return "\n".join(cell for section in sections for row in section["rows"] for cell in row)


@transaction.atomic
def prepare(*, actor: User, request: SubjectAccessRequest, expected_version: int) -> None:
    """Gather everything held about the person, across agencies, and redact third parties.

    The exceptional read: every agency's records about this one person, for this request,
    audited. Only before review has ended (a released or refused request refuses it)."""
    access.require(actor, RULE, request)
    if request.status not in OPEN_SUBJECT_ACCESS:
        raise NotAllowed("This request is closed.")
    person = request.person
    with access.exceptional_reading(actor):
        entries = extensions.timeline(actor, person, purpose="gather a subject access request")
        register_rows = _person_rows(person, actor)
        sections = [
            {"title": "Register entry", "rows": register_rows},
            {
                "title": "What agencies recorded",
                "rows": [
                    [uk_datetime(e.occurred_at), e.agency, e.title, e.description]
                    for e in reversed(entries)
                ],
            },
            {"title": "Who has seen or changed the record", "rows": _seen_rows(person)},
            {"title": "Police intelligence", "rows": [["Withheld", INTELLIGENCE_WITHHELD]]},
        ]
        third = _third_parties(actor, person, cells(sections))
    redactions = [
        {"id": n, "text": value, "label": f"[third party {n}]", "reason": reason, "kept": True,
         "added_by_reviewer": False}
        for n, (value, reason) in enumerate(third, start=1)
    ]  # fmt: skip
    bump(request, expected_version, where={"status__in": OPEN_SUBJECT_ACCESS},
         sections=sections, redactions=redactions, prepared_at=timezone.now(),
         status=SubjectAccessStatus.IN_REVIEW)  # fmt: skip
    audit(
        actor,
        AuditAction.VIEW,
        request,
        "subject access: gather every agency's records (exceptional read)",
        detail={
            "entries": len(entries),
            "redactions": len(redactions),
            "withheld": "police intelligence: DPA 2018 Sch. 2 para. 2, for the force to decide",
        },
        subject=person,
    )
