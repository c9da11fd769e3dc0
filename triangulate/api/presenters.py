"""What the API answers with: the documented shapes (OpenAPI schemas) and the functions that
fill them from records the services have already opened through ``core.access``."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from triangulate.core import access
from triangulate.core.access import child_reference
from triangulate.core.presenters import age_on
from triangulate.frontdoor.models import Consent, Indicator, Urgency, YesNoUnknown


def utc(moment: dt.datetime | None) -> dt.datetime | None:
    """Moments are answered in UTC: a local offset from the distant past (London's was
    -00:01:15 before 1847) is not a valid RFC 3339 time."""
    return moment.astimezone(dt.UTC) if moment is not None else None


# --- Problems (RFC 9457) -------------------------------------------------------------------


class FieldError(Schema):
    field: str = Field(description="The request field at fault, or empty for the whole request")
    message: str


class Problem(Schema):
    """An RFC 9457 problem, served as application/problem+json."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    request_id: str = ""
    errors: list[FieldError] = []


# --- A person's summary ----------------------------------------------------------------------


class Address(Schema):
    # The address, or for a caller its sensitivity label leaves out, that it is withheld and
    # whom to ask ("Withheld: the address, ...").
    address: str
    from_date: dt.date | None
    to_date: dt.date | None
    withheld: bool
    # The label's name for a caller entitled to read a labelled address ("" for none).
    sensitivity_label: str


class Flag(Schema):
    flag: str
    label: str
    detail: str
    set_by_agency: str
    set_at: dt.datetime


class PersonSummary(Schema):
    id: int
    kind: str
    full_name: str
    given_name: str
    middle_names: str
    family_name: str
    known_as: list[str]
    date_of_birth: dt.date | None
    age: int | None
    sex: str
    sex_label: str
    ethnicity: str
    ethnicity_label: str
    nhs_number: str
    upn: str
    current_address: str | None
    addresses: list[Address]
    flags: list[Flag]
    record_held_by: str
    merged_into: int | None


def _address(user, address) -> dict:
    held = access.withheld(user, address)
    return {
        "address": held.text if held else str(address),
        "from_date": address.from_date,
        "to_date": address.to_date,
        "withheld": held is not None,
        "sensitivity_label": access.label_shown(user, address),
    }


def person_summary(user, person, addresses, flags) -> dict:
    """What the register page's identity summary, address history and flags show."""
    current = next((a for a in addresses if a.to_date is None), None)
    return {
        "id": person.pk,
        "kind": person.kind,
        "full_name": person.full_name,
        "given_name": person.given_name,
        "middle_names": person.middle_names,
        "family_name": person.family_name,
        "known_as": person.known_as_names,
        "date_of_birth": person.date_of_birth,
        "age": age_on(person.date_of_birth),
        "sex": person.sex,
        "sex_label": person.get_sex_display(),
        "ethnicity": person.ethnicity,
        "ethnicity_label": person.get_ethnicity_display(),
        "nhs_number": person.nhs_number,
        "upn": person.upn,
        "current_address": _address(user, current)["address"] if current else None,
        "addresses": [_address(user, a) for a in addresses],
        "flags": [
            {
                "flag": f.flag,
                "label": f.get_flag_display(),
                "detail": f.detail,
                "set_by_agency": f.owning_agency.name,
                "set_at": utc(f.set_at),
            }
            for f in flags
        ],
        "record_held_by": person.owning_agency.name,
        "merged_into": person.merged_into_id,
    }


# --- Raising a contact -------------------------------------------------------------------------


def _choices(choices) -> dict:
    return {"json_schema_extra": {"enum": [value for value, _label in choices]}}


class ContactIn(Schema):
    """A concern about a child, checked by the same rules as the "Raise a concern" page."""

    child_given_name: str = ""
    child_family_name: str = ""
    child_known_as: str = Field("", description="Other names, separated by commas")
    child_date_of_birth: dt.date | None = None
    child_age_description: str = ""
    child_address: str = ""
    child_postcode: str = ""
    child_school: str = ""
    child_nhs_number: str = ""
    child_upn: str = ""
    concern: str = Field(description="What was seen or heard")
    location: str = ""
    indicators: list[str] = Field(
        [], json_schema_extra={"items": {"type": "string", "enum": Indicator.values}}
    )
    urgency: str = Field(**_choices(Urgency.choices))
    family_aware: str = Field(YesNoUnknown.NOT_KNOWN.value, **_choices(YesNoUnknown.choices))
    consent: str = Field(Consent.NOT_KNOWN.value, **_choices(Consent.choices))


class ContactOut(Schema):
    reference: str
    status: str
    received_at: dt.datetime
    decision_due_at: dt.datetime


def contact_raised(contact) -> dict:
    return {
        "reference": contact.reference,
        "status": contact.status,
        "received_at": utc(contact.received_at),
        "decision_due_at": utc(contact.decision_due_at),
    }


# --- Intelligence ------------------------------------------------------------------------------


class Child(Schema):
    """A child as the viewer may see them (ADR 0009): ``id`` only when they may open the
    child's record; otherwise the name and age the work needs."""

    id: int | None
    name: str
    age: int | None


class Grade(Schema):
    grade: str
    source_evaluation: str
    assessment: str
    handling_code: str
    handling_conditions: str
    graded_at: dt.datetime | None


class IntelligenceItemOut(Schema):
    id: int
    reference: str
    police_force: str
    submitted_by_agency: str
    submitted_at: dt.datetime
    what_seen: str
    where_seen: str
    postcode: str
    seen_at: dt.datetime
    who: str
    vehicles: str
    phones: str
    handles: str
    # Whether handling code C withholds the submission from this caller (``what_seen`` then
    # says so and whom to ask), and the label's name for a caller entitled to read it.
    withheld: bool
    sensitivity_label: str
    child: Child | None
    grading: Grade


class SanitisedOut(Schema):
    id: int
    shared_by: str
    shared_with: str
    written_at: dt.datetime
    text: str
    purpose: str
    necessity: str
    lawful_basis: str
    grade: str
    handling_conditions: str
    child: Child | None


class IntelligenceLog(Schema):
    items: list[IntelligenceItemOut]
    shared: list[SanitisedOut]


class IntelligenceIn(Schema):
    """Intelligence for a police force, checked by the same rules as the "Submit" page."""

    police_force: int | None = Field(
        None, description="The force's agency id; may be left out when there is one force"
    )
    what_seen: str = Field(description="What was seen or heard")
    seen_at: dt.datetime = Field(description="When it was seen (UK local time if no offset)")
    where_seen: str = ""
    postcode: str = ""
    who: str = ""
    vehicles: str = Field("", description="Registrations, separated by commas")
    phones: str = Field("", description="Phone numbers, separated by commas")
    handles: str = ""
    person: int | None = Field(None, description="The register id of the child it concerns")


def _child(user, person) -> dict | None:
    if person is None:
        return None
    child = child_reference(user, person)
    return {"id": person.pk if child.href else None, "name": child.name, "age": child.age}


def intelligence_item(user, item) -> dict:
    """An item as its page shows it: for a caller its handling code C withholds it from, the
    words of the submission say so (``what_seen``) and the other details are empty."""
    held = access.withheld(user, item)
    return {
        "id": item.pk,
        "reference": item.reference,
        "police_force": item.owning_agency.name,
        "submitted_by_agency": item.submitted_by_agency.name,
        "submitted_at": utc(item.submitted_at),
        "what_seen": access.shown(user, item, "what_seen"),
        "where_seen": "" if held else item.where_seen,
        "postcode": "" if held else item.postcode,
        "seen_at": utc(item.seen_at),
        "who": "" if held else item.who,
        "vehicles": "" if held else item.vehicles,
        "phones": "" if held else item.phones,
        "handles": "" if held else item.handles,
        "withheld": held is not None,
        "sensitivity_label": access.label_shown(user, item),
        "child": _child(user, item.person) if item.person_id else None,
        "grading": {
            "grade": item.grade,
            "source_evaluation": item.source_evaluation,
            "assessment": item.assessment,
            "handling_code": item.handling_code,
            "handling_conditions": access.shown(user, item, "handling_conditions"),
            "graded_at": utc(item.graded_at),
        },
    }


def sanitised(user, version) -> dict:
    return {
        "id": version.pk,
        "shared_by": version.owning_agency.name,
        "shared_with": version.shared_with.name,
        "written_at": utc(version.written_at),
        "text": version.text,
        "purpose": version.purpose,
        "necessity": version.necessity,
        "lawful_basis": version.get_lawful_basis_display(),
        "grade": version.grade,
        "handling_conditions": version.handling_conditions,
        "child": _child(user, version.person) if version.person_id else None,
    }


# --- Published figures -------------------------------------------------------------------------


class PublishedReport(Schema):
    id: int
    title: str
    month: str = Field(description="The month reported, as YYYY-MM")
    published_at: dt.datetime


class FigureGroup(Schema):
    group: str
    value: str = Field(description="As published: counts of 1 to 4 read 'fewer than 5'")


class PublishedFigure(Schema):
    figure_id: str
    name: str
    definition_version: int
    definition: dict
    is_rate: bool
    value: str = Field(description="As published, small numbers suppressed")
    breakdown: list[FigureGroup]


class PublishedReportDetail(PublishedReport):
    figures: list[PublishedFigure]
