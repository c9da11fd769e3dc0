"""Writes and audited reads for intelligence, persons of concern, places and disruption.

Every function is keyword-only and transactional; reads go through ``core.access`` and
``core.records``; every write checks who may change what it changes.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import models, transaction
from django.utils import timezone

from triangulate.core import access, records, suppression
from triangulate.core.audit import audit
from triangulate.core.extensions import publish
from triangulate.core.identifiers import IdentifierError, normalise_postcode
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.records import LawfulBasis, bump
from triangulate.core.roles import CASEWORK_ROLES, AgencyType, Role
from triangulate.core.spreadsheets import record_number

from .identifiers import normalise_many, normalise_phone, normalise_registration
from .models import (
    Assessment,
    Group,
    HandlingCode,
    IntelligenceItem,
    Link,
    Phone,
    Place,
    SanitisedIntelligence,
    SourceEvaluation,
    Vehicle,
)

__all__ = ["Invalid"]


class Invalid(Exception):
    """Input that breaks a rule; ``errors`` maps field names to GOV.UK error messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _date_problem(on: dt.date | None, *, what: str, earliest=dt.date.min, before="") -> str:
    """What is wrong with the date something happened ("" if nothing): not given, in the
    future, or before ``earliest`` (``before`` says why it cannot be)."""
    if on is None:
        return f"Enter the date {what}"
    if on > timezone.localdate():
        return f"The date {what} must be today or in the past"
    return before if on < earliest else ""


def police_forces() -> list[Agency]:
    return list(Agency.objects.filter(agency_type=AgencyType.POLICE, is_active=True).order_by("id"))


def is_police(user) -> bool:
    """A police officer or analyst of a police force: the only people who grade and sanitise."""
    agency = getattr(user, "agency", None)
    return (
        bool(getattr(user, "is_authenticated", False))
        and agency is not None
        and agency.agency_type == AgencyType.POLICE
        and user.has_role(Role.POLICE_OFFICER, Role.POLICE_ANALYST)
    )


# Vehicles and phones: one record per force, however often they are entered ---------------


def vehicle_for(*, agency: Agency, registration: str) -> Vehicle:
    vehicle, _ = Vehicle.objects.get_or_create(
        owning_agency=agency, registration=normalise_registration(registration)
    )
    return vehicle


def phone_for(*, agency: Agency, number: str) -> Phone:
    phone, _ = Phone.objects.get_or_create(owning_agency=agency, number=normalise_phone(number))
    return phone


def _link(actor: User, agency: Agency, note: str = "", **ends) -> Link:
    """One link between two ends, made once (the same pair again returns the first)."""
    if len([v for v in ends.values() if v is not None]) != 2:
        raise ValueError("A link joins exactly two things")
    existing = Link.objects.filter(owning_agency=agency, **ends).first()
    if existing is not None:
        return existing
    return Link.objects.create(owning_agency=agency, created_by=actor, note=note, **ends)


# Submitting intelligence --------------------------------------------------------------------


def _check_submission(*, what_seen, postcode, vehicles, phones, seen_at) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict = {}
    if not (what_seen or "").strip():
        errors["what_seen"] = "Enter what was seen or heard"
    if seen_at is not None and seen_at > timezone.now():
        errors["seen_on"] = "The date it was seen must be today or in the past"
    if postcode:
        try:
            cleaned["postcode"] = normalise_postcode(postcode)
        except IdentifierError as error:
            errors["postcode"] = str(error)
    else:
        cleaned["postcode"] = ""
    cleaned["vehicles"], problems = normalise_many(vehicles, normalise_registration)
    if problems:
        errors["vehicles"] = problems[0]
    cleaned["phones"], problems = normalise_many(phones, normalise_phone)
    if problems:
        errors["phones"] = problems[0]
    return errors, cleaned


@transaction.atomic
def item_submit(
    *,
    actor: User,
    police: Agency,
    what_seen: str,
    seen_at: dt.datetime,
    where_seen: str = "",
    postcode: str = "",
    who: str = "",
    vehicles: str = "",
    phones: str = "",
    handles: str = "",
    person=None,
) -> IntelligenceItem:
    """Record intelligence from any agency with the police force that will grade it.

    The force owns the record; a partner that submits it keeps sight of its own submission
    through a read-only share. Vehicles and phones become the force's records (the same
    registration or number entered again is the same record) linked to the intelligence.
    """
    access.require(actor, "intelligence.submit")
    if police.agency_type != AgencyType.POLICE:
        raise Invalid({"police": "Select the police force to send it to"})
    if person is not None and not access.visible(actor, type(person)).filter(pk=person.pk).exists():
        raise access.AccessDenied(
            "You do not have access to this record.", record=person, purpose="submit intelligence"
        )
    errors, cleaned = _check_submission(
        what_seen=what_seen,
        postcode=postcode,
        vehicles=vehicles,
        phones=phones,
        seen_at=seen_at,
    )
    if errors:
        raise Invalid(errors)
    now = timezone.now()
    item = IntelligenceItem.objects.create(
        owning_agency=police,
        # Unique until the row has its number: short enough for the column on PostgreSQL.
        reference=f"new-{secrets.token_hex(6)}",
        submitted_by_agency=actor.agency,
        submitted_by=actor,
        submitted_at=now,
        what_seen=what_seen.strip(),
        where_seen=where_seen.strip(),
        postcode=cleaned["postcode"],
        seen_at=seen_at,
        who=who.strip(),
        vehicles=", ".join(cleaned["vehicles"]),
        phones=", ".join(cleaned["phones"]),
        handles=handles.strip(),
        person=person,
    )
    item.reference = f"INT-{item.pk:06d}"
    item.save(update_fields=["reference"])
    for registration in cleaned["vehicles"]:
        _link(
            actor, police, item=item, vehicle=vehicle_for(agency=police, registration=registration)
        )
    for number in cleaned["phones"]:
        _link(actor, police, item=item, phone=phone_for(agency=police, number=number))
    if person is not None:
        _link(actor, police, item=item, person=person)
    audit(actor, AuditAction.CREATE, item, "submit intelligence")
    if actor.agency_id != police.pk:
        records.share(
            actor,
            item,
            actor.agency,
            basis=LawfulBasis.SAFEGUARDING,
            purpose="The agency that submitted this intelligence keeps sight of its submission",
        )
    if person is not None:
        publish("intelligence.received", person=person, actor=actor, item=item)
    return item


# Grading (3x5x2) ------------------------------------------------------------------------------


def grade_problems(
    *, source_evaluation: str, assessment: str, handling_code: str, handling_conditions: str
) -> dict[str, str]:
    """What is wrong with a 3x5x2 grade (empty when it is a whole, valid grade)."""
    errors = {}
    if source_evaluation not in SourceEvaluation.values:
        errors["source_evaluation"] = "Select a source evaluation of 1, 2 or 3"
    if assessment not in Assessment.values:
        errors["assessment"] = "Select an intelligence assessment from A to E"
    if handling_code not in HandlingCode.values:
        errors["handling_code"] = "Select a handling code of P or C"
    elif handling_code == HandlingCode.CONDITIONS and not (handling_conditions or "").strip():
        errors["handling_conditions"] = (
            "Enter the conditions for sharing: handling code C needs them"
        )
    return errors


@transaction.atomic
def item_grade(
    *,
    actor: User,
    item: IntelligenceItem,
    expected_version: int,
    source_evaluation: str,
    assessment: str,
    handling_code: str,
    handling_conditions: str = "",
) -> IntelligenceItem:
    """Grade (or regrade) intelligence with 3x5x2. Police officers and analysts only."""
    access.require(actor, "intelligence.grade", item)
    access.require_changeable(actor, item, purpose="grade intelligence")
    errors = grade_problems(
        source_evaluation=source_evaluation,
        assessment=assessment,
        handling_code=handling_code,
        handling_conditions=handling_conditions,
    )
    if errors:
        raise Invalid(errors)
    before = item.grade
    bump(
        item,
        expected_version,
        source_evaluation=source_evaluation,
        assessment=assessment,
        handling_code=handling_code,
        handling_conditions=(
            handling_conditions.strip() if handling_code == HandlingCode.CONDITIONS else ""
        ),
        graded_by=actor,
        graded_at=timezone.now(),
    )
    audit(
        actor,
        AuditAction.CHANGE,
        item,
        "grade intelligence",
        detail={"before": before, "after": item.grade},
    )
    return item


# Linking --------------------------------------------------------------------------------------

LINK_KINDS = {
    "person": "Child",
    "concern": "Person of concern",
    "place": "Place",
    "vehicle": "Vehicle",
    "phone": "Phone",
    "group": "Peer group or context",
}


def _end(*, actor: User, agency: Agency, kind: str, value: str, kinds) -> dict:
    """One end of a new link: a vehicle or phone by registration or number (the force's one
    record for it), or a child, person of concern, place or group by its number, if visible."""
    from triangulate.register.models import Person

    from .models import PersonOfConcern

    value = (value or "").strip()
    if kind not in kinds:
        raise Invalid({"kind": "Select what to link it to"})
    try:
        if kind == "vehicle":
            return {"vehicle": vehicle_for(agency=agency, registration=value)}
        if kind == "phone":
            return {"phone": phone_for(agency=agency, number=value)}
    except IdentifierError as error:
        raise Invalid({"value": str(error)}) from None
    model = {"person": Person, "concern": PersonOfConcern, "place": Place, "group": Group}[kind]
    number = record_number(value)
    target = access.visible(actor, model).filter(pk=number).first() if number else None
    if target is None:
        raise Invalid({"value": f"Select the {LINK_KINDS[kind].lower()} to link"})
    return {kind: target}


def _linked(actor: User, record, end: dict, kind: str, purpose: str, **this) -> Link:
    link = _link(actor, record.owning_agency, **this, **end)
    audit(actor, AuditAction.CHANGE, record, purpose,
          detail={"linked": kind, "to": str(next(iter(end.values())).pk)})  # fmt: skip
    return link


@transaction.atomic
def item_link(*, actor: User, item: IntelligenceItem, kind: str, value: str) -> Link:
    """Link intelligence to a child, a person of concern, a place, a vehicle, a phone or a
    peer group or context."""
    access.require(actor, "intelligence.grade", item)
    access.require_changeable(actor, item, purpose="link intelligence")
    end = _end(actor=actor, agency=item.owning_agency, kind=kind, value=value, kinds=LINK_KINDS)
    link = _linked(actor, item, end, kind, "link intelligence", item=item)
    if kind == "person":
        publish("intelligence.received", person=end["person"], actor=actor, item=item)
    return link


# Sanitised versions for partners ---------------------------------------------------------------


def _facts_length(item: IntelligenceItem) -> int:
    return len(item.what_seen) + len(item.where_seen) + len(item.who)


@transaction.atomic
def sanitised_write(
    *,
    actor: User,
    item: IntelligenceItem,
    shared_with: Agency | None,
    text: str,
    purpose: str,
    necessity: str,
    lawful_basis: str,
    person=None,
) -> SanitisedIntelligence:
    """Write a sanitised version for one partner agency and share it, recording why.

    Only graded intelligence is shared; the version may not be longer than the original's
    facts; the proportionality decision (purpose, necessity, lawful basis) is required.
    The original never leaves the force: only this version is shared.
    """
    access.require(actor, "intelligence.grade", item)
    access.require_changeable(actor, item, purpose="sanitise intelligence")
    errors = {}
    if not item.is_graded:
        errors["text"] = "Grade the intelligence before writing a version to share"
    text = (text or "").strip()
    if not text:
        errors["text"] = "Enter the sanitised version to share"
    elif len(text) > _facts_length(item):
        errors["text"] = (
            "The sanitised version must be shorter than the original "
            f"({_facts_length(item)} characters): share less, not more"
        )
    if shared_with is None or shared_with.pk == item.owning_agency_id:
        errors["shared_with"] = "Select the partner agency to share it with"
    if not (purpose or "").strip():
        errors["purpose"] = "Enter the purpose of sharing"
    if not (necessity or "").strip():
        errors["necessity"] = "Enter why sharing is necessary and proportionate"
    if lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Select the lawful basis for sharing"
    if person is not None and not Link.objects.filter(item=item, person=person).exists():
        errors["person"] = "Select a child this intelligence is linked to"
    if errors:
        raise Invalid(errors)
    version = SanitisedIntelligence.objects.create(
        owning_agency=item.owning_agency,
        item=item,
        shared_with=shared_with,
        person=person,
        text=text,
        purpose=purpose.strip(),
        necessity=necessity.strip(),
        lawful_basis=lawful_basis,
        grade=item.grade,
        handling_conditions=item.handling_conditions,
        written_by=actor,
    )
    audit(actor, AuditAction.CREATE, version, "sanitise intelligence")
    records.share(actor, version, shared_with, basis=lawful_basis, purpose=purpose.strip())
    return version


# Reads ------------------------------------------------------------------------------------------


def item_open(*, actor: User, pk: int) -> IntelligenceItem:
    return records.open(actor, IntelligenceItem, pk, purpose="read intelligence")


def sanitised_open(*, actor: User, pk: int) -> SanitisedIntelligence:
    return records.open(actor, SanitisedIntelligence, pk, purpose="read shared intelligence")


def items_visible(*, actor: User, limit: int = 200) -> list[IntelligenceItem]:
    """Intelligence this user may read: the force's own log, or a partner's own submissions."""
    return list(
        access.visible(actor, IntelligenceItem)
        .select_related("submitted_by_agency", "person")
        .order_by("-submitted_at", "-id")[:limit]
    )


def sanitised_visible(*, actor: User, person=None, item=None) -> list[SanitisedIntelligence]:
    rows = access.visible(actor, SanitisedIntelligence).select_related("shared_with", "person")
    if person is not None:
        rows = rows.filter(person=person)
    if item is not None:
        rows = rows.filter(item=item)
    return list(rows.order_by("-written_at", "-id"))


def item_links(*, actor: User, item: IntelligenceItem) -> list[Link]:
    return list(
        access.visible(actor, Link)
        .filter(item=item)
        .select_related("person", "concern__person", "place", "vehicle", "phone", "group")
        .order_by("id")
    )


def partner_agencies(*, police: Agency) -> list[Agency]:
    return list(Agency.objects.filter(is_active=True).exclude(pk=police.pk).order_by("name"))


# Places -----------------------------------------------------------------------------------------


@transaction.atomic
def place_create(
    *,
    actor: User,
    name: str,
    kind: str,
    address: str = "",
    postcode: str = "",
    licence_holder: str = "",
    licence_number: str = "",
) -> Place:
    access.require(actor, "intelligence.pursue")
    from .models import PlaceKind

    errors = {}
    if not (name or "").strip():
        errors["name"] = "Enter the name of the place"
    if kind not in PlaceKind.values:
        errors["kind"] = "Select the type of place"
    if postcode:
        try:
            postcode = normalise_postcode(postcode)
        except IdentifierError as error:
            errors["postcode"] = str(error)
    if errors:
        raise Invalid(errors)
    place = Place.objects.create(
        owning_agency=actor.agency,
        name=name.strip(),
        kind=kind,
        address=address.strip(),
        postcode=postcode,
        licence_holder=licence_holder.strip(),
        licence_number=licence_number.strip().upper(),
    )
    audit(actor, AuditAction.CREATE, place, "record a place")
    return place


def places_visible(*, actor: User) -> list[Place]:
    return list(access.visible(actor, Place).order_by("name", "id"))


def place_open(*, actor: User, pk: int) -> Place:
    # Police, and the council's children's services for a place shared with them (to refer
    # it to the licensing authority); records.open decides which places each may see.
    access.require(actor, "intelligence.licensing", record=("intelligence.place", pk))
    return records.open(actor, Place, pk, purpose="read a place")


def links_of(*, actor: User, **end) -> list[Link]:
    """Every link this user may see with the given end (``place=place``, ``concern=c`` ...)."""
    return list(
        access.visible(actor, Link)
        .filter(**end)
        .select_related("person", "concern__person", "place", "vehicle", "phone", "item", "group")
        .order_by("-created_at", "-id")
    )


# Persons of concern -------------------------------------------------------------------------


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

    from .models import ConcernStatus, Harm, PersonOfConcern, StatusChange

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
    from .models import ConcernStatus, StatusChange

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


@transaction.atomic
def concern_link(*, actor: User, concern, kind: str, value: str) -> Link:
    """Link a person of concern to a child, a place, a vehicle, a phone or a group."""
    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, concern, purpose="link a person of concern")
    kinds = [k for k in LINK_KINDS if k != "concern"]
    end = _end(actor=actor, agency=concern.owning_agency, kind=kind, value=value, kinds=kinds)
    return _linked(actor, concern, end, kind, "link a person of concern", concern=concern)


def concern_open(*, actor: User, pk: int):
    from .models import PersonOfConcern

    access.require(actor, "intelligence.pursue", record=("intelligence.personofconcern", pk))
    return records.open(actor, PersonOfConcern, pk, purpose="read a person of concern")


def concern_history(*, actor: User, concern) -> list:
    from .models import StatusChange

    return list(access.visible(actor, StatusChange).filter(concern=concern).order_by("-on", "-id"))


def current_criteria():
    from .models import PriorityCriteria

    return PriorityCriteria.objects.order_by("-version").first()


def concerns_prioritised(
    *, actor: User, today: dt.date | None = None, as_at: dt.datetime | None = None
) -> list[tuple]:
    """Every person of concern this user may see, highest priority first, with reasons.
    ``as_at`` ranks them as the records stood then (people and links recorded by then)."""
    from .models import Harm, PersonOfConcern
    from .priority import Facts, prioritise

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


def items_about(*, actor: User, person) -> list[IntelligenceItem]:
    """Intelligence about a child that this user may read (submitted about them or linked)."""
    linked = access.visible(actor, Link).filter(person=person, item__isnull=False)
    return list(
        access.visible(actor, IntelligenceItem)
        .filter(models.Q(person=person) | models.Q(pk__in=linked.values("item_id")))
        .select_related("submitted_by_agency", "person")
        .order_by("-submitted_at", "-id")[:50]
    )


def network_audit(*, actor: User, graph, focus=None, path=None, export: str = "") -> None:
    """One entry for a view or export of the network, naming every node shown."""
    detail = {"nodes": sorted(graph.nodes), "edges": len(graph.edges)}
    if focus:
        detail["focus"] = focus
    if path is not None:
        detail["path"] = [node.id for node in path]
    subject = None
    if focus and focus.startswith("person:"):
        subject = ("register.person", focus.split(":")[1])
    if export:
        audit(actor, AuditAction.EXPORT, None, f"export the network's {export}",
              detail=detail, subject=subject)  # fmt: skip
    elif graph.nodes:
        audit(actor, AuditAction.VIEW, None, "view the network", detail=detail, subject=subject)


# Disruption -------------------------------------------------------------------------------------


def _looked_after(actor: User, person) -> bool:
    """Whether records this user may see show the child as looked after (a live flag)."""
    from triangulate.register.models import FlagType, PersonFlag

    return (
        access.visible(actor, PersonFlag)
        .filter(person=person, flag=FlagType.LOOKED_AFTER, removed_at__isnull=True)
        .exists()
    )


def notice_eligibility(*, person, on: dt.date, looked_after: bool) -> tuple[bool, str]:
    """Whether a child abduction warning notice may name this child on this date.

    A notice protects a child under 16, or a child under 18 who is looked after by a local
    authority. Returns (eligible, the reason in words).
    """
    from triangulate.core.presenters import age_on

    age = age_on(person.date_of_birth, on)
    if age is None:
        return False, "The child's date of birth is not recorded, so their age cannot be checked"
    if age < 16:
        return True, f"Under 16 (aged {age})"
    if age < 18 and looked_after:
        return True, f"Aged {age} and looked after by a local authority"
    if age < 18:
        return False, (
            f"Aged {age} and not known to be looked after: a notice can name a child of 16 "
            "or 17 only if they are looked after"
        )
    return False, f"Aged {age}: a notice can only name a child under 18"


def tactic_types() -> list:
    from .models import TacticType

    return list(TacticType.objects.filter(is_active=True))


@transaction.atomic
def tactic_add(
    *,
    actor: User,
    concern,
    tactic_type,
    owner: str,
    started_on: dt.date | None,
    review_on: dt.date | None = None,
    person=None,
    looked_after: bool = False,
    note: str = "",
):
    """Add a tactic to a person of concern's disruption plan. A tactic that names a child
    (a child abduction warning notice) checks the child's eligibility first."""
    from .models import Tactic

    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, concern, purpose="plan disruption")
    errors = {}
    if tactic_type is None:
        errors["tactic_type"] = "Select the tactic"
    if not (owner or "").strip():
        errors["owner"] = "Enter who owns this tactic"
    if started_on is None:
        errors["started_on"] = "Enter the date it starts"
    if review_on and started_on and review_on < started_on:
        errors["review_on"] = "The review date must be on or after the start date"
    if tactic_type is not None and tactic_type.names_child:
        if person is None:
            errors["person"] = f"Select the child the {tactic_type.name.lower()} protects"
        elif tactic_type.checks_notice_eligibility and started_on:
            eligible, reason = notice_eligibility(
                person=person,
                on=started_on,
                looked_after=looked_after or _looked_after(actor, person),
            )
            if not eligible:
                errors["person"] = f"This child cannot be named in a notice. {reason}."
    if errors:
        raise Invalid(errors)
    tactic = Tactic.objects.create(
        owning_agency=concern.owning_agency,
        concern=concern,
        tactic_type=tactic_type,
        person=person if tactic_type.names_child else None,
        owner=owner.strip(),
        started_on=started_on,
        review_on=review_on,
        note=(note or "").strip(),
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, tactic, "plan disruption",
          detail={"tactic": tactic_type.code})  # fmt: skip
    return tactic


@transaction.atomic
def tactic_update(
    *,
    actor: User,
    tactic,
    expected_version: int,
    outcome: str,
    outcome_on: dt.date | None = None,
    breached_on: dt.date | None = None,
    breach_note: str = "",
    review_on: dt.date | None = None,
):
    """Record a tactic's outcome (and a breach, for a notice or order in force)."""
    from .models import TacticOutcome

    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, tactic, purpose="record a disruption outcome")
    today = timezone.localdate()
    errors = {}
    if outcome not in TacticOutcome.values:
        errors["outcome"] = "Select the outcome"
    if outcome_on and outcome_on > today:
        errors["outcome_on"] = "The date of the outcome must be today or in the past"
    if outcome_on and outcome_on < tactic.started_on:
        errors["outcome_on"] = "The date of the outcome must be on or after the start date"
    if breached_on:
        if breached_on > today:
            errors["breached_on"] = "The date of the breach must be today or in the past"
        elif breached_on < tactic.started_on:
            errors["breached_on"] = "The date of the breach must be on or after the start date"
        elif outcome != TacticOutcome.ISSUED and tactic.outcome != TacticOutcome.ISSUED:
            errors["breached_on"] = "Only a notice or order that was issued can be breached"
        if not (breach_note or "").strip():
            errors["breach_note"] = "Enter what happened in the breach"
    if errors:
        raise Invalid(errors)
    bump(
        tactic,
        expected_version,
        outcome=outcome,
        outcome_on=outcome_on,
        breached_on=breached_on,
        breach_note=(breach_note or "").strip(),
        review_on=review_on or tactic.review_on,
    )
    audit(actor, AuditAction.CHANGE, tactic, "record a disruption outcome",
          detail={"outcome": outcome, "breached": bool(breached_on)})  # fmt: skip
    return tactic


def tactics_of(*, actor: User, concern) -> list:
    from .models import Tactic

    return list(
        access.visible(actor, Tactic)
        .filter(concern=concern)
        .select_related("tactic_type", "person")
        .order_by("-started_on", "-id")
    )


def tactic_open(*, actor: User, pk: int):
    from .models import Tactic

    access.require(actor, "intelligence.pursue", record=("intelligence.tactic", pk))
    return records.open(actor, Tactic, pk, purpose="read a disruption tactic")


# National Referral Mechanism --------------------------------------------------------------------


@transaction.atomic
def nrm_refer(*, actor: User, person, exploitation_type: str, referred_on, first_responder: str):
    from .models import ExploitationType, NrmReferral

    access.require(actor, "intelligence.pursue")
    errors = {}
    if exploitation_type not in ExploitationType.values:
        errors["exploitation_type"] = "Select the kind of exploitation"
    if problem := _date_problem(referred_on, what="of the referral"):
        errors["referred_on"] = problem
    if not (first_responder or "").strip():
        errors["first_responder"] = "Enter the first responder organisation"
    if errors:
        raise Invalid(errors)
    referral = NrmReferral.objects.create(
        owning_agency=actor.agency,
        person=person,
        exploitation_type=exploitation_type,
        referred_on=referred_on,
        first_responder=first_responder.strip(),
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, referral, "refer to the National Referral Mechanism")
    return referral


@transaction.atomic
def nrm_decide(*, actor: User, referral, stage: str, decision: str, on):
    """Record the reasonable grounds or conclusive grounds decision, with its date."""
    from .models import Decision

    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, referral, purpose="record an NRM decision")
    errors = {}
    if stage not in ("reasonable_grounds", "conclusive_grounds"):
        errors["stage"] = "Select which decision this is"
    if decision not in (Decision.POSITIVE, Decision.NEGATIVE):
        errors["decision"] = "Select the decision"
    if problem := _date_problem(
        on,
        what="of the decision",
        earliest=referral.referred_on,
        before="The decision cannot be dated before the referral",
    ):
        errors["on"] = problem
    if (
        stage == "conclusive_grounds"
        and referral.reasonable_grounds != Decision.POSITIVE
        and not errors
    ):
        errors["stage"] = "A conclusive grounds decision follows a positive reasonable grounds one"
    if errors:
        raise Invalid(errors)
    setattr(referral, stage, decision)
    setattr(referral, f"{stage}_on", on)
    referral.save(update_fields=[stage, f"{stage}_on"])
    audit(actor, AuditAction.CHANGE, referral, "record an NRM decision",
          detail={"stage": stage, "decision": decision})  # fmt: skip
    return referral


def nrm_referrals(*, actor: User) -> list:
    from .models import NrmReferral

    access.require(actor, "intelligence.pursue")
    return list(
        access.visible(actor, NrmReferral).select_related("person").order_by("-referred_on", "-id")
    )


def nrm_open(*, actor: User, pk: int):
    from .models import NrmReferral

    access.require(actor, "intelligence.pursue", record=("intelligence.nrmreferral", pk))
    return records.open(actor, NrmReferral, pk, purpose="read an NRM referral")


# The figures a board asks for -------------------------------------------------------------------


def disruption_figures(*, actor: User, since: dt.date, until: dt.date) -> list[tuple[str, int]]:
    """Counts from the records this user may see, for tactics and decisions dated in
    [since, until]."""
    from .models import (
        ConcernStatus,
        Decision,
        LicensingOutcome,
        LicensingReferral,
        NrmReferral,
        StatusChange,
        Tactic,
        TacticOutcome,
    )

    access.require(actor, "intelligence.pursue")
    tactics = access.visible(actor, Tactic)
    licensing = access.visible(actor, LicensingReferral)
    decided = licensing.exclude(outcome=LicensingOutcome.AWAITED).filter(
        outcome_on__range=(since, until)
    )
    issued = tactics.filter(outcome=TacticOutcome.ISSUED, outcome_on__range=(since, until))
    changes = access.visible(actor, StatusChange).filter(on__range=(since, until))
    referrals = access.visible(actor, NrmReferral)
    return [
        ("Child abduction warning notices issued",
         issued.filter(tactic_type__code="cawn").count()),
        ("Orders obtained", issued.filter(tactic_type__is_order=True).count()),
        ("Notices and orders breached", tactics.filter(breached_on__range=(since, until)).count()),
        ("Other tactics completed", tactics.filter(
            outcome=TacticOutcome.COMPLETED, outcome_on__range=(since, until)).count()),
        ("Arrests", changes.filter(status=ConcernStatus.ARRESTED).count()),
        ("Charges", changes.filter(status=ConcernStatus.CHARGED).count()),
        ("Convictions", changes.filter(status=ConcernStatus.CONVICTED).count()),
        ("NRM referrals made", referrals.filter(referred_on__range=(since, until)).count()),
        ("Positive reasonable grounds decisions", referrals.filter(
            reasonable_grounds=Decision.POSITIVE,
            reasonable_grounds_on__range=(since, until)).count()),
        ("Positive conclusive grounds decisions", referrals.filter(
            conclusive_grounds=Decision.POSITIVE,
            conclusive_grounds_on__range=(since, until)).count()),
        ("Referrals to the licensing authority",
         licensing.filter(referred_on__range=(since, until)).count()),
        ("Licensing outcomes decided", decided.count()),
        ("Licences suspended or revoked", decided.filter(
            outcome__in=[LicensingOutcome.SUSPENDED, LicensingOutcome.REVOKED]).count()),
    ]  # fmt: skip


# Hotspots ---------------------------------------------------------------------------------------

SMALL_NUMBER = suppression.THRESHOLD  # counts from 1 to 4 are suppressed for partners


def district_counts(item_postcodes, place_postcodes) -> list[dict]:
    """Intelligence and places counted by postcode district (the outward code), by district."""
    from collections import Counter

    items = Counter(code.split(" ")[0] for code in item_postcodes if code)
    places = Counter(code.split(" ")[0] for code in place_postcodes if code)
    return [
        {"district": district, "items": items[district], "places": places[district]}
        for district in sorted(set(items) | set(places))
    ]


def hotspots(*, actor: User, since: dt.date, until: dt.date) -> list[dict]:
    """Intelligence and places by postcode district over a period, busiest first.

    Counts come from every record (this is an aggregate, not a list); for anyone but police,
    a count from 1 to 4 is suppressed so that no one can be singled out.
    """
    access.require(actor, "intelligence.submit")
    start = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    rows = district_counts(
        IntelligenceItem.objects.filter(seen_at__gte=start, seen_at__lt=end)
        .exclude(postcode="")
        .values_list("postcode", flat=True),
        Place.objects.exclude(postcode="").values_list("postcode", flat=True),
    )
    suppress = not is_police(actor)
    for row in rows:
        if suppress:
            for key in ("items", "places"):
                row[key] = suppression.suppress(row[key])
        # Suppressed counts sort as nothing, so the order gives nothing away either.
        row["order"] = row["items"] or 0
    rows.sort(key=lambda r: (-r["order"], r["district"]))
    return rows


# Analyst tasking ------------------------------------------------------------------------------


def analysts_of(agency: Agency) -> list[User]:
    """The force's analysts: the people an item of its intelligence can be tasked to."""
    return list(
        User.objects.filter(agency=agency, is_active=True, grants__role=Role.POLICE_ANALYST)
        .distinct()
        .order_by("first_name", "last_name", "id")
    )


@transaction.atomic
def task_create(
    *,
    actor: User,
    item: IntelligenceItem,
    analyst: User | None,
    asked: str,
    due_on: dt.date | None,
    tasked_on: dt.date | None = None,
):
    """Task intelligence to an analyst of the force that holds it, with what is asked and the
    date it is due (the day it is tasked or later). One open task per analyst per item."""
    from .models import AnalystTask

    access.require(actor, "intelligence.grade", item)
    access.require_changeable(actor, item, purpose="task intelligence to an analyst")
    tasked_on = tasked_on or timezone.localdate()
    errors = {}
    if analyst is None or analyst not in analysts_of(item.owning_agency):
        errors["analyst"] = f"Select an analyst of {item.owning_agency.name}"
    elif AnalystTask.objects.filter(item=item, analyst=analyst, completed_on=None).exists():
        errors["analyst"] = (
            f"{analyst.display_name} already has an open task on this intelligence: "
            "record its outcome first"
        )
    if not (asked or "").strip():
        errors["asked"] = "Enter what the analyst is asked to do"
    if due_on is None:
        errors["due_on"] = "Enter the date the task is due"
    elif due_on < tasked_on:
        errors["due_on"] = "The date the task is due must be today or in the future"
    if errors:
        raise Invalid(errors)
    task = AnalystTask.objects.create(
        owning_agency=item.owning_agency,
        item=item,
        analyst=analyst,
        asked=asked.strip(),
        due_on=due_on,
        tasked_by=actor,
        tasked_on=tasked_on,
    )
    audit(actor, AuditAction.CREATE, task, "task intelligence to an analyst",
          detail={"analyst": analyst.username, "due_on": due_on.isoformat()})  # fmt: skip
    return task


@transaction.atomic
def task_complete(
    *, actor: User, task, expected_version: int, outcome: str, completed_on: dt.date | None
):
    """Record what came of a task and the day it was done (refused if someone saved it since
    it was opened)."""
    access.require(actor, "intelligence.grade", task)
    access.require_changeable(actor, task, purpose="record the outcome of an analyst task")
    errors = {}
    if not (outcome or "").strip():
        errors["outcome"] = "Enter the outcome of the task"
    if problem := _date_problem(
        completed_on,
        what="the task was completed",
        earliest=task.tasked_on,
        before="The task cannot be completed before it was set",
    ):
        errors["completed_on"] = problem
    if errors:
        raise Invalid(errors)
    bump(task, expected_version, outcome=outcome.strip(), completed_on=completed_on)
    audit(actor, AuditAction.CHANGE, task, "record the outcome of an analyst task",
          detail={"completed_on": completed_on.isoformat()})  # fmt: skip
    return task


def tasks_of(*, actor: User, item: IntelligenceItem) -> list:
    """The item's tasks, open ones first: only the force that holds it sees them."""
    from .models import AnalystTask

    if not access.may(actor, "intelligence.grade", item):
        return []
    return list(
        access.visible(actor, AnalystTask)
        .filter(item=item)
        .select_related("analyst", "tasked_by")
        .order_by(models.F("completed_on").desc(nulls_first=True), "due_on", "id")
    )


def tasks_open_for(*, actor: User) -> models.QuerySet:
    """The analyst's own open tasks, soonest due first (a query: My work counts it)."""
    from .models import AnalystTask

    return (
        access.visible(actor, AnalystTask)
        .filter(analyst=actor, completed_on__isnull=True)
        .select_related("item", "tasked_by")
        .order_by("due_on", "id")
    )


def task_open(*, actor: User, pk: int):
    from .models import AnalystTask

    access.require(actor, "intelligence.grade", record=("intelligence.analysttask", pk))
    return records.open(actor, AnalystTask, pk, purpose="read an analyst task")


# Referrals to the licensing authority ---------------------------------------------------------


def may_refer_to_licensing(user) -> bool:
    """Police, and the council's children's services: the responsible authorities that ask
    the licensing authority to review a licence."""
    agency = getattr(user, "agency", None)
    return is_police(user) or (
        bool(getattr(user, "is_authenticated", False))
        and agency is not None
        and agency.agency_type == AgencyType.CHILDRENS_SOCIAL_CARE
        and user.has_role(*CASEWORK_ROLES)
    )


def _shared_with(model, record) -> list[Agency]:
    """The agencies ``record`` is shared with now (for a place: they see referrals about it
    too)."""
    from django.contrib.contenttypes.models import ContentType

    from triangulate.core.models import RecordShare

    now = timezone.now()
    ids = (
        RecordShare.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=record.pk,
            revoked_at__isnull=True,
        )
        .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))
        .values("shared_with_id")
    )
    return list(Agency.objects.filter(pk__in=ids).order_by("id"))


@transaction.atomic
def licensing_refer(
    *,
    actor: User,
    place: Place,
    referred_on: dt.date | None,
    licence_number: str,
    what_referred: str,
    referred_by: str,
):
    """Record a referral of a place to the licensing authority.

    The referral belongs to the agency that made it, and is shared for reading with the
    agency that holds the place and every agency the place is shared with.
    """
    from .models import LicensingReferral

    access.require(actor, "intelligence.licensing")
    if not access.visible(actor, Place).filter(pk=place.pk).exists():
        raise access.AccessDenied(
            "You do not have access to this record.", record=place, purpose="refer to licensing"
        )
    errors = {}
    if problem := _date_problem(referred_on, what="of the referral"):
        errors["referred_on"] = problem
    if not (licence_number or "").strip():
        errors["licence_number"] = "Enter the licence the referral concerns"
    if not (what_referred or "").strip():
        errors["what_referred"] = "Enter what is referred to the licensing authority"
    if not (referred_by or "").strip():
        errors["referred_by"] = "Enter who made the referral"
    if errors:
        raise Invalid(errors)
    referral = LicensingReferral.objects.create(
        owning_agency=actor.agency,
        place=place,
        referred_on=referred_on,
        licence_number=licence_number.strip().upper(),
        what_referred=what_referred.strip(),
        referred_by=referred_by.strip(),
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, referral, "refer a place to the licensing authority")
    for agency in [place.owning_agency, *_shared_with(Place, place)]:
        if agency.pk != actor.agency_id:
            records.share(
                actor,
                referral,
                agency,
                basis=LawfulBasis.SAFEGUARDING,
                purpose="Agencies that hold or share the place see referrals about it",
            )
    return referral


@transaction.atomic
def licensing_outcome(
    *,
    actor: User,
    referral,
    expected_version: int,
    outcome: str,
    outcome_on: dt.date | None,
    outcome_note: str = "",
):
    """Record what the licensing authority decided, and when. Only the referring agency."""
    from .models import LicensingOutcome

    access.require(actor, "intelligence.licensing")
    access.require_changeable(actor, referral, purpose="record a licensing outcome")
    errors = {}
    if outcome not in LicensingOutcome.values or outcome == LicensingOutcome.AWAITED:
        errors["outcome"] = "Select the outcome"
    if problem := _date_problem(
        outcome_on,
        what="of the outcome",
        earliest=referral.referred_on,
        before="The outcome cannot be dated before the referral",
    ):
        errors["outcome_on"] = problem
    if errors:
        raise Invalid(errors)
    bump(
        referral,
        expected_version,
        outcome=outcome,
        outcome_on=outcome_on,
        outcome_note=(outcome_note or "").strip(),
    )
    audit(actor, AuditAction.CHANGE, referral, "record a licensing outcome",
          detail={"outcome": outcome})  # fmt: skip
    return referral


def licensing_referrals_of(*, actor: User, place: Place) -> list:
    from .models import LicensingReferral

    return list(
        access.visible(actor, LicensingReferral)
        .filter(place=place)
        .select_related("owning_agency")
        .order_by("-referred_on", "-id")
    )


def licensing_open(*, actor: User, pk: int):
    from .models import LicensingReferral

    access.require(actor, "intelligence.licensing", record=("intelligence.licensingreferral", pk))
    return records.open(actor, LicensingReferral, pk, purpose="read a licensing referral")


# Peer groups and contexts ---------------------------------------------------------------------

# A young adult may be a member up to this age (care leavers, young people still exploited
# alongside the children they grew up with).
YOUNG_ADULT_UNTIL = 25


def _group_changed(actor: User, group, expected_version: int, purpose: str) -> None:
    """Only the group's agency changes it; every change bumps its version, so an edit made
    on a page opened before someone else's change is refused."""
    access.require(actor, "intelligence.groups")
    access.require_changeable(actor, group, purpose=purpose)
    bump(group, expected_version)


def _group_part(actor: User, group, expected_version: int, model, purpose: str, **fields):
    """Add a member, a place or an assessment to the group (held by the group's agency),
    as a change to the group, audited, and shared with every agency the group is shared
    with."""
    from .models import Group

    _group_changed(actor, group, expected_version, purpose)
    part = model.objects.create(owning_agency=group.owning_agency, group=group, **fields)
    audit(actor, AuditAction.CREATE, part, purpose, detail={"group": group.pk})
    for agency in _shared_with(Group, group):
        _share_part(actor, part, agency)
    return part


def _share_part(actor: User, part, agency: Agency) -> None:
    records.share(actor, part, agency, basis=LawfulBasis.SAFEGUARDING,
                  purpose="Part of a peer group or context shared with the agency")  # fmt: skip


def _group_details(name: str, kind: str) -> None:
    from .models import GroupKind

    errors = {}
    if not (name or "").strip():
        errors["name"] = "Enter the name of the group or context"
    if kind not in GroupKind.values:
        errors["kind"] = "Select whether it is a peer group or a context"
    if errors:
        raise Invalid(errors)


@transaction.atomic
def group_create(*, actor: User, name: str, kind: str, summary: str = ""):
    access.require(actor, "intelligence.groups")
    _group_details(name, kind)
    group = Group.objects.create(
        owning_agency=actor.agency, name=name.strip(), kind=kind,
        summary=(summary or "").strip(), created_by=actor,
    )  # fmt: skip
    audit(actor, AuditAction.CREATE, group, "record a peer group or context")
    return group


@transaction.atomic
def group_change(*, actor: User, group, expected_version: int, name: str, kind: str,
                 summary: str = ""):  # fmt: skip
    """Change a group's name, kind and summary: only its agency may, and an edit made on a
    page opened before someone else's change is refused."""
    _group_details(name, kind)
    before = {"name": group.name, "kind": group.kind}
    _group_changed(actor, group, expected_version, "change a peer group or context")
    Group.objects.filter(pk=group.pk).update(
        name=name.strip(), kind=kind, summary=(summary or "").strip()
    )
    group.refresh_from_db()
    audit(actor, AuditAction.CHANGE, group, "change a peer group or context",
          detail={"before": before})  # fmt: skip
    return group


def groups_visible(*, actor: User) -> list:
    from .models import Group

    access.require(actor, "intelligence.groups")
    return list(access.visible(actor, Group).select_related("owning_agency").order_by("name", "id"))


def group_open(*, actor: User, pk: int):
    from .models import Group

    access.require(actor, "intelligence.groups", record=("intelligence.group", pk))
    return records.open(actor, Group, pk, purpose="read a peer group or context")


def group_members(*, actor: User, group) -> list:
    """The group's current members that this user may see."""
    from .models import GroupMember

    return list(
        access.visible(actor, GroupMember)
        .filter(group=group, removed_at=None)
        .select_related("person")
        .order_by("from_on", "id")
    )


def group_places(*, actor: User, group) -> list:
    """The places the group uses, each marked ``may_open`` when the user may see the place
    itself (a partner sees its name through the group, and opens only its own places)."""
    from .models import GroupPlace

    used = list(
        access.visible(actor, GroupPlace)
        .filter(group=group)
        .select_related("place")
        .order_by("place__name")
    )
    visible = set(
        access.visible(actor, Place).filter(pk__in=[u.place_id for u in used])
        .values_list("pk", flat=True)
    )  # fmt: skip
    for row in used:
        row.may_open = row.place_id in visible
    return used


def group_assessments(*, actor: User, group) -> list:
    """Contextual assessments this user may see, latest first."""
    from .models import ContextAssessment

    return list(
        access.visible(actor, ContextAssessment)
        .filter(group=group)
        .select_related("owner_agency")
        .order_by("-assessed_on", "-id")
    )


def _young_enough(person, on: dt.date) -> bool:
    from triangulate.register.models import PersonKind

    if person.kind == PersonKind.CHILD:
        return True
    born = person.date_of_birth
    if born is None:
        return False
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < YOUNG_ADULT_UNTIL


@transaction.atomic
def member_add(
    *,
    actor: User,
    group,
    expected_version: int,
    person: str | int,
    from_on: dt.date | None,
    to_on: dt.date | None = None,
    role: str = "",
):
    """Add a child or young adult from the register (by record number) to the group."""
    from triangulate.register.models import Person

    from .models import GroupMember

    number = record_number(str(person))
    found = access.visible(actor, Person).filter(pk=number).first() if number else None
    errors = {}
    if found is None:
        errors["person"] = "Enter the record number of a child or young adult you can see"
    elif from_on and not _young_enough(found, from_on):
        errors["person"] = (
            f"Only children and young adults under {YOUNG_ADULT_UNTIL} can be members"
        )
    elif GroupMember.objects.filter(group=group, person=found, removed_at=None).exists():
        errors["person"] = "They are already a member of this group"
    if problem := _date_problem(from_on, what="they joined"):
        errors["from_on"] = problem
    if to_on and from_on and to_on < from_on:
        errors["to_on"] = "The date they left must be on or after the date they joined"
    if errors:
        raise Invalid(errors)
    return _group_part(
        actor, group, expected_version, GroupMember, "add a member to a group",
        person=found, role=(role or "").strip(), from_on=from_on, to_on=to_on, added_by=actor,
    )  # fmt: skip


@transaction.atomic
def member_remove(*, actor: User, group, expected_version: int, member: int):
    """Remove a member: the row stays, with who removed them and when."""
    from .models import GroupMember

    row = GroupMember.objects.filter(group=group, pk=member, removed_at=None).first()
    if row is None:
        raise Invalid({"member": "Select a current member to remove"})
    _group_changed(actor, group, expected_version, "remove a member from a group")
    row.removed_at = timezone.now()
    row.removed_by = actor
    row.save(update_fields=["removed_at", "removed_by"])
    audit(actor, AuditAction.CHANGE, row, "remove a member from a group",
          detail={"group": group.pk})  # fmt: skip
    return row


@transaction.atomic
def group_place_add(*, actor: User, group, expected_version: int, place: str | int):
    """Record that the group uses a place (by its number; a place the user may see)."""
    from .models import GroupPlace

    number = record_number(str(place))
    found = access.visible(actor, Place).filter(pk=number).first() if number else None
    if found is None:
        raise Invalid({"place": "Enter the number of a place you can see"})
    if GroupPlace.objects.filter(group=group, place=found).exists():
        raise Invalid({"place": "The group is already recorded as using this place"})
    return _group_part(
        actor, group, expected_version, GroupPlace, "record a place a group uses",
        place=found, added_by=actor,
    )  # fmt: skip


@transaction.atomic
def context_assess(
    *,
    actor: User,
    group,
    expected_version: int,
    assessed_on: dt.date | None,
    unsafe: str,
    actions: str,
    owner_agency: Agency | None,
    owner_name: str,
    review_on: dt.date | None,
):
    """Write a new contextual assessment of the group (the earlier ones are kept)."""
    from .models import ContextAssessment

    errors = {}
    if problem := _date_problem(assessed_on, what="of the assessment"):
        errors["assessed_on"] = problem
    if not (unsafe or "").strip():
        errors["unsafe"] = "Enter what makes the context unsafe"
    if not (actions or "").strip():
        errors["actions"] = "Enter what would make the context safer"
    if owner_agency is None:
        errors["owner_agency"] = "Select the agency that owns the action"
    if not (owner_name or "").strip():
        errors["owner_name"] = "Enter who owns the action"
    if review_on is None:
        errors["review_on"] = "Enter the date of the review"
    elif assessed_on and review_on <= assessed_on:
        errors["review_on"] = "The review must be after the assessment"
    if errors:
        raise Invalid(errors)
    return _group_part(
        actor, group, expected_version, ContextAssessment, "assess a context",
        assessed_on=assessed_on, unsafe=unsafe.strip(), actions=actions.strip(),
        owner_agency=owner_agency, owner_name=owner_name.strip(), review_on=review_on,
        written_by=actor,
    )  # fmt: skip


def group_share(*, actor: User, group, agency: Agency | None, purpose: str):
    """Share the group (its members, places and assessments) with another agency."""
    access.require(actor, "intelligence.groups")
    share = _share_with_partner(actor, group, agency, purpose, what="group")
    # Its members (named to the agency as ADR 0009 allows), places and assessments with it.
    for parts in (group.members.filter(removed_at=None), group.places.all(),
                  group.assessments.all()):  # fmt: skip
        for part in parts:
            _share_part(actor, part, agency)
    return share


def _share_with_partner(actor: User, record, agency: Agency | None, purpose: str, *, what: str):
    """Share a place or a group held by the actor's agency with another agency, for reading,
    with the purpose the actor gives."""
    access.require_changeable(actor, record, purpose=f"share a {what}")
    errors = {}
    if agency is None or agency.pk == record.owning_agency_id:
        errors["agency"] = "Select the agency to share with"
    if not (purpose or "").strip():
        errors["purpose"] = f"Enter why the agency needs to see the {what}"
    if errors:
        raise Invalid(errors)
    return records.share(actor, record, agency, basis=LawfulBasis.SAFEGUARDING,
                         purpose=purpose.strip())  # fmt: skip


@transaction.atomic
def place_share(*, actor: User, place: Place, agency: Agency | None, purpose: str):
    """Share a place with another agency (for reading: it may then see the place, refer it
    to the licensing authority and see the referrals about it, never the links police
    hold)."""
    access.require(actor, "intelligence.pursue")
    return _share_with_partner(actor, place, agency, purpose, what="place")


def place_shared_with(place: Place) -> list[Agency]:
    return _shared_with(Place, place)


def group_shared_with(group) -> list[Agency]:
    from .models import Group

    return _shared_with(Group, group)


# Problem profiles -----------------------------------------------------------------------------

# The analyst's narrative sections: each written for police and, where it may be shared, in
# words for partners (a section with no partner version is left out of the partner edition).
PROFILE_SECTIONS = [
    ("summary", "Summary"),
    ("children", "Children harmed or at risk"),
    ("offenders", "Persons of concern"),
    ("places", "Places and hotspots"),
    ("recommendations", "Recommendations"),
]
# The longest period a profile covers: two years.
PROFILE_MAX_DAYS = 731


def profile_period_problems(since: dt.date | None, until: dt.date | None) -> dict[str, str]:
    errors = {}
    if since is None:
        errors["since"] = "Enter the date the period starts"
    if until is None:
        errors["until"] = "Enter the date the period ends"
    elif until > timezone.localdate():
        errors["until"] = "The end of the period must be today or in the past"
    if since and until and until < since:
        errors["until"] = "The end of the period must be on or after its start"
    elif since and until and (until - since).days >= PROFILE_MAX_DAYS:
        errors["until"] = "A profile can cover at most two years"
    return errors


def _figures(actor: User, since: dt.date, until: dt.date) -> dict:
    from . import profile

    return {
        "figures": profile.compute_editions(actor, since=since, until=until),
        "definition_version": profile.DEFINITION_VERSION,
        "computed_at": timezone.now(),
        "computed_by": actor,
    }


@transaction.atomic
def profile_create(*, actor: User, title: str, since: dt.date | None, until: dt.date | None):
    """A new problem profile of the period, its figures computed now from the records."""
    from .models import ProblemProfile

    access.require(actor, "intelligence.pursue")
    errors = profile_period_problems(since, until)
    if not (title or "").strip():
        errors["title"] = "Enter a title for the profile"
    elif named := _names_in(actor, title):
        errors["title"] = (
            f"The title names {', '.join(named)}: partners read it too, and the partner "
            "edition never names a child or a person of concern"
        )
    if errors:
        raise Invalid(errors)
    made = ProblemProfile.objects.create(
        owning_agency=actor.agency,
        title=title.strip(),
        period_from=since,
        period_to=until,
        created_by=actor,
        **_figures(actor, since, until),
    )
    audit(actor, AuditAction.CREATE, made, "write a problem profile",
          detail={"from": since.isoformat(), "to": until.isoformat()})  # fmt: skip
    return made


def _names_in(actor: User, text: str) -> list[str]:
    """The names of children and persons of concern that ``text`` uses (whole words, any
    case): full names as the register holds them, and aliases of three letters or more."""
    import re

    from triangulate.register.models import Person, PersonKind

    from .models import PersonOfConcern

    words = re.findall(r"[\w'’-]+", text.lower())
    if not words:
        return []
    phrases = {" ".join(words[i : i + n]) for n in (1, 2, 3, 4) for i in range(len(words))}
    concerns = access.visible(actor, PersonOfConcern)
    people = access.visible(actor, Person).filter(
        models.Q(kind=PersonKind.CHILD) | models.Q(pk__in=concerns.values("person_id"))
    )
    found = set()
    for given, family in people.values_list("given_name", "family_name").iterator():
        name = " ".join(f"{given} {family}".lower().split())
        if name in phrases:
            found.add(f"{given} {family}")
    for aliases in concerns.exclude(aliases="").values_list("aliases", flat=True):
        for alias in aliases.split(","):
            alias = " ".join(alias.lower().split())
            if len(alias) >= 3 and alias in phrases:
                found.add(alias.title())
    return sorted(found)


@transaction.atomic
def profile_write(*, actor: User, profile, expected_version: int, **sections: str):
    """Save the analyst's narrative (both versions of each section). A partner version may
    not name a child or a person of concern; a page opened before someone else saved is
    refused."""
    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, profile, purpose="write a problem profile")
    fields = [name for name, _ in PROFILE_SECTIONS]
    fields += [f"partner_{name}" for name, _ in PROFILE_SECTIONS]
    changes = {name: (sections.get(name) or "").strip() for name in fields}
    errors = {}
    for name, label in PROFILE_SECTIONS:
        named = _names_in(actor, changes[f"partner_{name}"])
        if named:
            errors[f"partner_{name}"] = (
                f"The partner version of '{label}' names {', '.join(named)}: the partner "
                "edition never names a child or a person of concern"
            )
    if errors:
        raise Invalid(errors)
    bump(profile, expected_version, **changes)
    audit(actor, AuditAction.CHANGE, profile, "write a problem profile")
    return profile


@transaction.atomic
def profile_recompute(*, actor: User, profile, expected_version: int):
    """Compute the profile's figures again from the records as they stand now."""
    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, profile, purpose="recompute a problem profile")
    bump(profile, expected_version, **_figures(actor, profile.period_from, profile.period_to))
    audit(actor, AuditAction.CHANGE, profile, "recompute a problem profile's figures")
    return profile


def profile_release(*, actor: User, profile, agency: Agency | None, purpose: str):
    """Release the partner edition to an agency (never the police edition)."""
    access.require(actor, "intelligence.pursue")
    return _share_with_partner(actor, profile, agency, purpose, what="problem profile")


def profile_released_to(profile) -> list[Agency]:
    from .models import ProblemProfile

    return _shared_with(ProblemProfile, profile)


def profiles_visible(*, actor: User) -> list:
    """Profiles of the user's force, or (for a partner) those released to their agency."""
    from .models import ProblemProfile

    return list(
        access.visible(actor, ProblemProfile)
        .select_related("owning_agency")
        .order_by("-period_to", "-id")
    )


def profile_open(*, actor: User, pk: int):
    from .models import ProblemProfile

    return records.open(actor, ProblemProfile, pk, purpose="read a problem profile")


def profile_edition(actor: User, profile) -> str:
    """Which edition this user reads: police of the force that wrote it read the police
    edition; everyone else it was released to reads the partner edition."""
    if is_police(actor) and actor.agency_id == profile.owning_agency_id:
        return "police"
    return "partner"


def profile_download(*, actor: User, pk: int, edition: str):
    """Open a profile for a PDF of one edition, audited as an export; the police edition to
    anyone but the force's police is refused (and the refusal audited by the 403 page)."""
    from .models import ProblemProfile

    profile = access.get_visible_or_403(
        actor, ProblemProfile, pk, purpose="download a problem profile"
    )
    if edition == "police" and profile_edition(actor, profile) != "police":
        raise access.AccessDenied(
            "Only the police force that wrote the profile may read its police edition.",
            record=profile,
            purpose="download a problem profile's police edition",
        )
    audit(actor, AuditAction.EXPORT, profile, f"download a problem profile's {edition} edition")
    return profile


def profile_sections(profile, edition: str) -> list[tuple[str, str]]:
    """The narrative an edition holds: the police text of every section written, or the
    partner version of each section that has one."""
    prefix = "" if edition == "police" else "partner_"
    return [
        (label, getattr(profile, f"{prefix}{name}"))
        for name, label in PROFILE_SECTIONS
        if getattr(profile, f"{prefix}{name}").strip()
    ]


def profile_ranked(*, actor: User, profile) -> list[tuple]:
    """The highest priority persons of concern as the profile ranked them, each (person of
    concern, score, reasons), for the police edition; none for anyone else."""
    from .models import PersonOfConcern

    if profile_edition(actor, profile) != "police":
        return []
    ranked = profile.figures.get("police", {}).get("concerns", {}).get("ranked", [])
    found = access.visible(actor, PersonOfConcern).select_related("person")
    found = found.in_bulk([pk for pk, _score, _reasons in ranked])
    return [(found[pk], score, reasons) for pk, score, reasons in ranked if pk in found]
