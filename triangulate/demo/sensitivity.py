"""Sensitivity labels in the demo borough: the named nurse's sexual-health note on a child
whose record is shared with the police (shared with them for the chronology, its words
withheld from them), and a child whose address is withheld for safety from everyone but
children's services. Intelligence graded with handling code C comes from the pursue step."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from triangulate.casework.models import NoteKind
from triangulate.casework.services import casenotes
from triangulate.core import access, records
from triangulate.core.records import LawfulBasis
from triangulate.core.sensitivity import Sensitivity
from triangulate.register import services as register
from triangulate.register.models import Person, PersonAddress, PersonKind

NURSE_NOTE = (
    "Came to the school nurse drop-in asking for sexual health advice. Talked through "
    "consent and healthy relationships; booked into the young people's clinic for Thursday. "
    "She asked that this stays between her and the nurse."
)


def _children_shared_with_police(borough) -> list[Person]:
    council = borough.agencies["Children's Services"]
    officer = borough.users["priya.officer"]
    return list(
        access.visible(officer, Person)
        .filter(owning_agency=council, kind=PersonKind.CHILD, merged_into__isnull=True)
        .filter(addresses__to_date__isnull=True)
        .distinct()
        .order_by("pk")[:2]
    )


def _nurses_note(borough, child: Person) -> None:
    nurse = borough.users["ruth.nurse"]
    practitioner = borough.users["kim.practitioner"]
    health, police = borough.agencies["Health"], borough.agencies["Police"]
    if not access.visible(nurse, Person).filter(pk=child.pk).exists():
        records.share(
            practitioner, child, health, basis=LawfulBasis.SAFEGUARDING,
            purpose="Health assessment and the named nurse's work with her",
        )  # fmt: skip
    note = casenotes.note_record(
        actor=nurse,
        person=child,
        kind=NoteKind.VISIT,
        occurred_at=timezone.now() - dt.timedelta(days=3, hours=2),
        present="The child and the school nurse",
        child_seen=True,
        child_seen_alone=True,
        childs_words="I just want to know I'm OK.",
        summary=NURSE_NOTE,
        significant=True,
        sensitivity=Sensitivity.SEXUAL_HEALTH,
    )
    casenotes.note_share(
        actor=nurse,
        note=note,
        agency=police,
        purpose="For her chronology at the strategy discussion",
    )


def _withheld_address(borough, child: Person) -> None:
    practitioner = borough.users["kim.practitioner"]
    police = borough.agencies["Police"]
    address = (
        access.visible(practitioner, PersonAddress)
        .filter(person=child, to_date__isnull=True)
        .first()
    )
    if address is None:
        return
    records.share(
        practitioner, address, police, basis=LawfulBasis.SAFEGUARDING,
        purpose="Where she lives, for the police's safeguarding visits",
    )  # fmt: skip
    register.address_label(
        actor=practitioner,
        address=address,
        expected_version=address.version,
        sensitivity=Sensitivity.ADDRESS_WITHHELD,
    )


def generate(borough, *, children: int) -> None:
    shared = _children_shared_with_police(borough)
    if shared:
        _nurses_note(borough, shared[0])
        _withheld_address(borough, shared[-1])
