"""A concern comes in: the hub that receives it, its reference, what it says about the
child and the concern, and a professional raising it."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

from django.db import IntegrityError, transaction
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.roles import AgencyType
from triangulate.register.services.matching import IntakeDetails

from ..models import Contact, Source
from .clocks import decision_due

# Unambiguous characters (no 0/O, 1/I/L): 31 ** 12 is about 2 ** 59 references.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class NoFrontDoor(Exception):
    """No children's social care agency is set up to receive contacts."""


def hub_agency() -> Agency:
    """The agency whose front door receives contacts (children's social care)."""
    agency = (
        Agency.objects.filter(agency_type=AgencyType.CHILDRENS_SOCIAL_CARE, is_active=True)
        .order_by("id")
        .first()
    )
    if agency is None:
        raise NoFrontDoor
    return agency


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(12))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise_reference(value: str) -> str:
    chars = "".join(c for c in (value or "").upper() if c.isalnum())
    if len(chars) != 12:
        return ""
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


@dataclass(frozen=True)
class ChildDetails:
    """What a concern says about the child: the one mapping between the concern forms (fields
    named ``child_…``), a contact's columns and the register's intake search."""

    given_name: str = ""
    family_name: str = ""
    known_as: str = ""
    date_of_birth: dt.date | None = None
    age_description: str = ""
    address: str = ""
    postcode: str = ""
    school: str = ""
    nhs_number: str = ""
    upn: str = ""

    @classmethod
    def fields(cls) -> list[str]:
        return [f.name for f in dataclass_fields(cls)]

    @classmethod
    def from_form(cls, data: dict) -> ChildDetails:
        """From a concern form's cleaned data; a form without a field (the public form asks
        for no date of birth or identifiers) leaves it empty."""
        return cls(**{
            name: data.get(f"child_{name}") or (None if name == "date_of_birth" else "")
            for name in cls.fields()
        })  # fmt: skip

    @classmethod
    def from_contact(cls, contact: Contact) -> ChildDetails:
        return cls(**{name: getattr(contact, f"child_{name}") for name in cls.fields()})

    def contact_fields(self) -> dict:
        """The contact's ``child_…`` columns, text trimmed."""
        return {
            f"child_{name}": value.strip() if isinstance(value, str) else value
            for name, value in ((name, getattr(self, name)) for name in self.fields())
        }

    def to_intake(self) -> IntakeDetails:
        """What the register's intake search looks for."""
        return IntakeDetails(
            given_name=self.given_name,
            family_name=self.family_name,
            known_as=self.known_as,
            date_of_birth=self.date_of_birth,
            postcode=self.postcode,
            nhs_number=self.nhs_number,
            upn=self.upn,
        )


@dataclass(frozen=True)
class ConcernDetails:
    concern: str
    location: str = ""
    indicators: tuple[str, ...] = ()
    urgency: str = "routine"
    family_aware: str = "not_known"
    consent: str = "not_known"

    @classmethod
    def from_form(cls, data: dict) -> ConcernDetails:
        """From a concern form's cleaned data (the public form asks fewer questions)."""
        return cls(
            concern=data["concern"],
            location=data["location"],
            indicators=tuple(data.get("indicators", ())),
            urgency=data.get("urgency", "routine"),
            family_aware=data.get("family_aware", "not_known"),
            consent=data.get("consent", "not_known"),
        )


def new_contact(
    *,
    source: str,
    child: ChildDetails,
    concern: ConcernDetails,
    received_at: dt.datetime | None,
    raised_by: User | None,
    reporter: dict,
) -> Contact:
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ValueError("A contact cannot be received in the future")
    contact = Contact(
        owning_agency=hub_agency(),
        reference=new_reference(),
        source=source,
        raised_by=raised_by,
        raised_by_agency=getattr(raised_by, "agency", None),
        reporter_name=reporter.get("name", ""),
        reporter_contact=reporter.get("contact", ""),
        reporter_relationship=reporter.get("relationship", ""),
        received_at=received_at,
        decision_due_at=decision_due(received_at=received_at, urgency=concern.urgency),
        **child.contact_fields(),
        concern=concern.concern.strip(),
        location=concern.location.strip(),
        indicators=sorted(set(concern.indicators)),
        urgency=concern.urgency,
        family_aware=concern.family_aware,
        consent=concern.consent,
    )
    contact.full_clean()
    for _ in range(5):
        try:
            with transaction.atomic():
                contact.save()
            return contact
        except IntegrityError:  # pragma: no cover - a reference collision is vanishingly rare
            contact.reference = new_reference()
    raise RuntimeError("Could not allocate a contact reference")  # pragma: no cover


@transaction.atomic
def contact_raise(
    *,
    actor: User,
    child: ChildDetails,
    concern: ConcernDetails,
    source: str = Source.PROFESSIONAL,
    reporter: dict | None = None,
    received_at: dt.datetime | None = None,
) -> Contact:
    """A signed-in professional raises a concern, or front-door staff record one they received.

    Staff recording a phone call, a 101 report or another body's form give its source and
    who reported it; the clock runs from when it was received, not when it was typed in.
    """
    access.require(actor, "frontdoor.raise")
    if source != Source.PROFESSIONAL:
        access.require(actor, "frontdoor.triage")
    contact = new_contact(
        source=source,
        child=child,
        concern=concern,
        received_at=received_at,
        raised_by=actor,
        reporter=reporter or {},
    )
    audit(actor, AuditAction.CREATE, contact, "raise a concern", detail={"source": source})
    return contact


def intake_details(contact: Contact) -> IntakeDetails:
    return ChildDetails.from_contact(contact).to_intake()
