"""The front door's writes and audited reads: raising, triaging, matching and deciding."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from triangulate.core import access, extensions, records
from triangulate.core.audit import audit
from triangulate.core.clocks import (
    LONDON,
    hours_deadline,
    local,
    next_working_day,
    working_day_deadline,
)
from triangulate.core.concurrency import StaleEdit, bump
from triangulate.core.models import Agency, AuditAction, RecordShare, User
from triangulate.core.roles import AgencyType, Role
from triangulate.meetings import services as meetings
from triangulate.meetings.models import Meeting, MeetingKind
from triangulate.register import services as register_services
from triangulate.register.models import Person, PersonAddress
from triangulate.register.services.matching import (
    Holder,
    IntakeDetails,
    Match,
    MatchResult,
    find_matches,
)

from .models import (
    URGENCY_RANK,
    URGENT_HOURS,
    Consent,
    Contact,
    Contribution,
    DecisionAmendment,
    NeedLevel,
    Outcome,
    Source,
    Status,
    TriageDecision,
)
from .rules import is_hub_user

# Unambiguous characters (no 0/O, 1/I/L): 31 ** 12 is about 2 ** 59 references.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
OUTCOMES_NEEDING_A_CHILD = {
    Outcome.EARLY_HELP,
    Outcome.EXPLOITATION_TEAM,
    Outcome.STRATEGY,
    Outcome.MACE,
    Outcome.POLICE,
}


class AlreadyDecided(Exception):
    """A decision has already been recorded for this contact."""


class DecisionNeedsChild(Exception):
    """The contact must be linked to a child in the register before this decision."""


class NoFrontDoor(Exception):
    """No children's social care agency is set up to receive contacts."""


class ConsentNotGiven(Exception):
    """Consent cannot be the lawful basis: the contact does not record that it was given."""


class LikelyHeldElsewhere(Exception):
    """Another agency holds a likely match: adding a new child needs the hub to confirm."""

    def __init__(self, holders: list[Holder]):
        super().__init__("Another agency holds a likely match for this child")
        self.holders = holders


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


def decision_due(*, received_at: dt.datetime, urgency: str) -> dt.datetime:
    """When the decision is due: hours for an urgent concern (counted out of hours too),
    otherwise one working day after receipt."""
    hours = URGENT_HOURS.get(urgency)
    if hours is not None:
        return hours_deadline(received_at, hours)
    return working_day_deadline(received_at, 1)


def urgent_first(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Most urgent first ("may be in danger now", then "today"), then soonest due."""
    rank = Case(
        *(When(urgency=urgency, then=Value(order)) for urgency, order in URGENCY_RANK.items()),
        default=Value(len(URGENCY_RANK)),
        output_field=IntegerField(),
    )
    return contacts.annotate(urgency_rank=rank).order_by("urgency_rank", "decision_due_at", "id")


def _new_contact(
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
    contact = _new_contact(
        source=source,
        child=child,
        concern=concern,
        received_at=received_at,
        raised_by=actor,
        reporter=reporter or {},
    )
    audit(actor, AuditAction.CREATE, contact, "raise a concern", detail={"source": source})
    return contact


@transaction.atomic
def contact_report_public(
    *, source: str, child: ChildDetails, concern: ConcernDetails, reporter: dict
) -> Contact:
    """A member of the public or a councillor reports a concern without signing in."""
    if source not in (Source.PUBLIC, Source.COUNCILLOR):
        raise ValueError("Public reports come from the public or a councillor")
    contact = _new_contact(
        source=source,
        child=child,
        concern=concern,
        received_at=None,
        raised_by=None,
        reporter=reporter,
    )
    audit(
        None, AuditAction.CREATE, contact, "public report of a concern", detail={"source": source}
    )
    return contact


PUBLIC_STATUS = {
    Status.NEW: "Received",
    Status.IN_TRIAGE: "Being looked at",
    Status.DECIDED: "Closed",
    Status.CLOSED: "Closed",
}


def public_status(*, reference: str) -> str | None:
    """Only 'received', 'being looked at' or 'closed' — never the action or the child."""
    normalised = normalise_reference(reference)
    if not normalised:
        return None
    found = (
        Contact.objects.filter(reference=normalised, source__in=[Source.PUBLIC, Source.COUNCILLOR])
        .values_list("pk", "status")
        .first()
    )
    if found is None:
        return None
    pk, status = found
    # Audited by the contact's id, so the check shows in the contact's own access log.
    audit(None, AuditAction.VIEW, ("frontdoor.contact", pk), "public status check")
    return PUBLIC_STATUS[Status(status)]


def triage_queue(*, actor: User) -> list[Contact]:
    """Contacts awaiting a decision at the hub, soonest due first (the page that lists them
    audits what it showed)."""
    access.require(actor, "frontdoor.triage")
    return list(
        urgent_first(
            access.visible(actor, Contact)
            .filter(owning_agency=actor.agency, status__in=[Status.NEW, Status.IN_TRIAGE])
            .select_related("raised_by_agency", "person")
        )[:500]
    )


def recently_decided(*, actor: User, limit: int = 20) -> list[Contact]:
    access.require(actor, "frontdoor.triage")
    # Only contacts with a decision (a join the database can walk newest first by the
    # decision's time: on ten years of contacts an outer join sorted them all).
    return list(
        access.visible(actor, Contact)
        .filter(
            owning_agency=actor.agency,
            status__in=[Status.DECIDED, Status.CLOSED],
            decision__decided_at__isnull=False,
        )
        .select_related("decision", "person")
        .order_by("-decision__decided_at", "-id")[:limit]
    )


def contributions_requested(*, actor: User) -> list[Contact]:
    """Contacts the hub has shared with the actor's agency and it has not yet answered."""
    if not access.may(actor, "frontdoor.contribute"):
        return []
    return list(
        access.visible(actor, Contact)
        .exclude(owning_agency=actor.agency)
        .exclude(contributions__owning_agency=actor.agency)
        # Decided but still waiting for the child's record from this agency: still asked.
        .filter(Q(status__in=[Status.NEW, Status.IN_TRIAGE]) | Q(person__isnull=True))
        .order_by("decision_due_at", "id")[:200]
    )


def contacts_raised_by(*, actor: User) -> QuerySet[Contact]:
    """A referrer's own contacts (they see these and the feedback meant for them, nothing more)."""
    return (
        Contact.objects.filter(raised_by=actor, source=Source.PROFESSIONAL)
        .select_related("decision")
        .order_by("-received_at", "-id")
    )


@dataclass(frozen=True)
class ContactView:
    contact: Contact
    as_hub: bool
    as_contributor: bool
    as_referrer: bool
    # An agency that contributed, after the decision ended its share of the contact: it sees
    # its own contribution and the outcome the referrer is told, nothing more.
    as_past_contributor: bool = False


def contact_open(*, actor: User, pk: int) -> ContactView:
    """Open a contact: the hub sees everything, a contributing agency the shared contact,
    the referrer their own contact and its feedback. Audited; refused otherwise."""
    contact = access.visible(actor, Contact).filter(pk=pk).first()
    if contact is None:
        own = Contact.objects.filter(pk=pk, raised_by=actor, source=Source.PROFESSIONAL).first()
        if own is not None:
            audit(actor, AuditAction.VIEW, own, "referrer follows up their contact")
            return ContactView(own, as_hub=False, as_contributor=False, as_referrer=True)
        contributed = Contact.objects.filter(
            pk=pk,
            contributions__owning_agency_id=actor.agency_id,
            status__in=[Status.DECIDED, Status.CLOSED],
        ).first()
        if contributed is None or not access.may(actor, "frontdoor.contribute"):
            access.get_visible_or_403(actor, Contact, pk, purpose="open contact")
        audit(actor, AuditAction.VIEW, contributed, "contributor follows the outcome")
        return ContactView(
            contributed,
            as_hub=False,
            as_contributor=False,
            as_referrer=False,
            as_past_contributor=True,
        )
    as_hub = contact.owning_agency_id == actor.agency_id and is_hub_user(actor)
    if as_hub and contact.status == Status.NEW:
        # Someone at the hub has it open: the public now sees "being looked at".
        Contact.objects.filter(pk=contact.pk, status=Status.NEW).update(status=Status.IN_TRIAGE)
        contact.status = Status.IN_TRIAGE
    audit(actor, AuditAction.VIEW, contact, "triage a contact" if as_hub else "contribute")
    return ContactView(
        contact,
        as_hub=as_hub,
        as_contributor=not as_hub and contact.owning_agency_id != actor.agency_id,
        as_referrer=contact.raised_by_id == actor.pk,
    )


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
        _end_contribution_shares(
            actor=actor, contact=contact, at=timezone.now(), agency=actor.agency
        )
    return contribution


def intake_details(contact: Contact) -> IntakeDetails:
    return ChildDetails.from_contact(contact).to_intake()


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


def awaited_holders(*, contact: Contact, result: MatchResult) -> list[Holder]:
    """Agencies holding a likely match that the hub has already asked what they know."""
    asked = agencies_asked(contact=contact)
    return [h for h in result.holders if h.agency_id in asked]


def _bump(contact: Contact, expected_version: int, **changes) -> None:
    """Save ``changes`` through the one optimistic lock and reload the contact."""
    bump(contact, expected_version, **changes)
    contact.refresh_from_db()


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
    _bump(
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


def need_levels() -> list[NeedLevel]:
    return list(NeedLevel.objects.filter(is_active=True).order_by("order", "id"))


# Keeping the continuum of need ----------------------------------------------------------------


class NeedLevelInvalid(Exception):
    """A level of need that breaks a rule; ``errors`` maps fields to GOV.UK messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def need_levels_kept(*, actor: User) -> list[NeedLevel]:
    """Every level, in use or not, for the people who keep them."""
    access.require(actor, "frontdoor.need_levels")
    return list(NeedLevel.objects.order_by("order", "id"))


def need_level_open(*, actor: User, pk: int) -> NeedLevel:
    access.require(actor, "frontdoor.need_levels", record=("frontdoor.needlevel", pk))
    level = NeedLevel.objects.filter(pk=pk).first()
    if level is None:
        raise Http404
    return level


def _need_level_checked(*, label: str, order: int, outcomes: list[str]) -> dict:
    errors = {}
    if not (label or "").strip():
        errors["label"] = "Enter the name of the level"
    if order is None or not 0 <= order <= 999:
        errors["order"] = "Enter a position from 0 to 999"
    if any(outcome not in Outcome.values for outcome in outcomes):
        errors["outcomes"] = "Select decisions from the list"
    return errors


def _need_level_state(level: NeedLevel) -> dict:
    return {
        "label": level.label,
        "description": level.description,
        "order": level.order,
        "is_active": level.is_active,
        "outcomes": list(level.outcomes),
    }


@transaction.atomic
def need_level_create(
    *, actor: User, code: str, label: str, description: str = "", order: int = 0,
    outcomes: list[str] = (),
) -> NeedLevel:  # fmt: skip
    """Add a level to the continuum of need (its code is how decisions and figures name it,
    so it never changes)."""
    access.require(actor, "frontdoor.need_levels")
    code = (code or "").strip()
    errors = _need_level_checked(label=label, order=order, outcomes=list(outcomes))
    if not code or not code.replace("-", "").replace("_", "").isalnum() or not code.isascii():
        errors["code"] = "Enter a code of letters, digits, hyphens or underscores"
    elif NeedLevel.objects.filter(code__iexact=code).exists():
        errors["code"] = "A level with this code already exists"
    if errors:
        raise NeedLevelInvalid(errors)
    level = NeedLevel.objects.create(
        code=code, label=label.strip(), description=(description or "").strip(), order=order,
        outcomes=list(outcomes),
    )  # fmt: skip
    audit(actor, AuditAction.CREATE, level, "add a level of need",
          detail={"after": _need_level_state(level)})  # fmt: skip
    return level


@transaction.atomic
def need_level_update(
    *, actor: User, level: NeedLevel, expected_version: int, label: str, description: str,
    order: int, is_active: bool, outcomes: list[str],
) -> NeedLevel:  # fmt: skip
    """Change a level; one taken out of use stays on the decisions made at it. A page opened
    before someone else's change is refused."""
    access.require(actor, "frontdoor.need_levels")
    errors = _need_level_checked(label=label, order=order, outcomes=list(outcomes))
    others_in_use = NeedLevel.objects.filter(is_active=True).exclude(pk=level.pk).exists()
    if not is_active and not others_in_use:
        errors["is_active"] = "Keep at least one level in use, or the front door cannot decide"
    if errors:
        raise NeedLevelInvalid(errors)
    before = _need_level_state(level)
    bump(level, expected_version, label=label.strip(), description=(description or "").strip(),
         order=order, is_active=is_active, outcomes=list(outcomes))  # fmt: skip
    level.refresh_from_db()
    audit(actor, AuditAction.CHANGE, level, "change a level of need",
          detail={"before": before, "after": _need_level_state(level)})  # fmt: skip
    return level


class InconsistentDecision(Exception):
    """The decision does not fit the level of need chosen (the level's own list)."""

    def __init__(self, need_level: NeedLevel):
        labels = dict(Outcome.choices)
        fits = "; ".join(labels.get(o, o) for o in need_level.outcomes)
        super().__init__(
            f"This decision does not fit {need_level.label}. At this level choose: {fits}"
        )


class CannotAgree(Exception):
    """Only a team manager at the hub other than the decider agrees a decision."""


def needs_manager_agreement(*, contact: Contact, outcome: str) -> bool:
    """No further action on a concern about exploitation (any exploitation indicator ticked)
    needs a manager's agreement before it stands."""
    return outcome == Outcome.NFA_ADVICE and bool(contact.indicators)


def _check_decision(*, actor: User, contact: Contact, outcome: str, need_level: NeedLevel):
    if need_level.outcomes and outcome not in need_level.outcomes:
        raise InconsistentDecision(need_level)
    if (
        outcome in OUTCOMES_NEEDING_A_CHILD
        and contact.person_id is None
        and not (outcome == Outcome.POLICE and contact.names_no_child)
    ):
        # The child's record may be held by an agency that has been asked for it: the
        # decision need not wait for it (nor force a duplicate); the contact is linked when
        # the agency shares its record.
        result = find_matches(actor=actor, details=intake_details(contact))
        if not awaited_holders(contact=contact, result=result):
            raise DecisionNeedsChild


STRATEGY_PARTNERS = (AgencyType.POLICE, AgencyType.HEALTH, AgencyType.EDUCATION)


def strategy_partners(*, contact: Contact) -> list[Agency]:
    """Who is invited to a strategy meeting: the police, health and education (the
    referrer's own agency where it is one of these, otherwise the first of each kind)."""
    invited = []
    for kind in STRATEGY_PARTNERS:
        referrer = contact.raised_by_agency
        if referrer is not None and referrer.agency_type == kind and referrer.is_active:
            invited.append(referrer)
            continue
        agency = Agency.objects.filter(agency_type=kind, is_active=True).order_by("id").first()
        if agency is not None:
            invited.append(agency)
    return invited


def _set_up_strategy_meeting(
    *, actor: User, decision: TriageDecision, held_at: dt.datetime | None
) -> None:
    contact = decision.contact
    if contact.person_id is None:
        return  # set up when the child is linked (a correction to strategy re-runs this)
    if held_at is None:
        day = next_working_day(local(timezone.now()).date())
        held_at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=LONDON)
    meeting = meetings.meeting_create(
        actor=actor,
        kind=MeetingKind.STRATEGY,
        title=f"Strategy meeting from contact {contact.reference}",
        held_at=held_at,
        person=contact.person,
    )
    partners = strategy_partners(contact=contact)
    meetings.meeting_invite(actor=actor, meeting=meeting, agencies=partners)
    # The partners are invited to discuss this child: the item about the child is shared
    # with each, a recorded decision (the child's own record stays closed unless shared).
    for item in meetings.agenda(actor=actor, meeting=meeting):
        for agency in partners:
            meetings.item_share(
                actor=actor,
                item=item,
                agency=agency,
                purpose=f"strategy discussion decided on contact {contact.reference}",
            )
    decision.strategy_meeting = meeting
    decision.save(update_fields=["strategy_meeting"])


def strategy_invited(*, decision: TriageDecision) -> list[str]:
    """The agencies invited to the strategy meeting a decision set up (shared the meeting)."""
    if decision.strategy_meeting_id is None:
        return []
    return list(
        RecordShare.objects.filter(
            content_type=ContentType.objects.get_for_model(Meeting),
            object_id=decision.strategy_meeting_id,
            revoked_at__isnull=True,
        )
        .order_by("shared_with__name", "id")
        .values_list("shared_with__name", flat=True)
    )


def _decided_status(agreement_needed: bool, now: dt.datetime) -> dict:
    """A decision awaiting a manager's agreement leaves the contact open (being looked at)."""
    if agreement_needed:
        return {"status": Status.IN_TRIAGE, "closed_at": None}
    return {"status": Status.DECIDED, "closed_at": now}


@transaction.atomic
def decision_record(
    *,
    actor: User,
    contact: Contact,
    expected_version: int,
    outcome: str,
    need_level: NeedLevel,
    reasons: str,
    referrer_feedback: str = "",
    strategy_at: dt.datetime | None = None,
) -> TriageDecision:
    """Record the front door's decision. A second, concurrent decision is refused.

    A strategy discussion sets up the strategy meeting (at ``strategy_at``, or 10:00 on the
    next working day) with the police, health and education invited.
    """
    access.require(actor, "frontdoor.triage")
    access.require_changeable(actor, contact, purpose="front-door decision")
    if TriageDecision.objects.filter(contact=contact).exists():
        raise AlreadyDecided
    if Contact.objects.filter(pk=contact.pk).values_list("version", flat=True).first() != (
        expected_version
    ):
        raise StaleEdit
    _check_decision(actor=actor, contact=contact, outcome=outcome, need_level=need_level)
    agreement = needs_manager_agreement(contact=contact, outcome=outcome)
    now = timezone.now()
    _bump(contact, expected_version, **_decided_status(agreement, now))
    try:
        with transaction.atomic():
            decision = TriageDecision.objects.create(
                owning_agency=contact.owning_agency,
                contact=contact,
                outcome=outcome,
                need_level=need_level,
                reasons=reasons.strip(),
                referrer_feedback=referrer_feedback.strip(),
                decided_by=actor,
                decided_at=now,
                agreement_needed=agreement,
            )
    except IntegrityError:
        raise AlreadyDecided from None
    audit(
        actor,
        AuditAction.CREATE,
        decision,
        "front-door decision",
        detail={
            "contact": contact.pk,
            "outcome": outcome,
            "level": need_level.code,
            "manager_agreement_needed": agreement,
        },
    )
    if outcome == Outcome.STRATEGY:
        _set_up_strategy_meeting(actor=actor, decision=decision, held_at=strategy_at)
    _end_contribution_shares(actor=actor, contact=contact, at=now)
    extensions.publish("contact.decided", contact=contact, decision=decision, actor=actor)
    return decision


def _end_contribution_shares(
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


def may_agree(*, actor: User, decision: TriageDecision) -> bool:
    return (
        decision.awaiting_agreement
        and is_hub_user(actor)
        and actor.has_role(Role.TEAM_MANAGER)
        and actor.agency_id == decision.owning_agency_id
        and actor.pk != decision.decided_by_id
    )


@transaction.atomic
def decision_agree(*, actor: User, decision: TriageDecision) -> TriageDecision:
    """A hub team manager (not the decider) agrees no further action on an exploitation
    concern; the contact is then closed as decided."""
    access.require(actor, "frontdoor.triage")
    decision = TriageDecision.objects.select_for_update().get(pk=decision.pk)
    if not may_agree(actor=actor, decision=decision):
        raise CannotAgree
    now = timezone.now()
    decision.agreed_by, decision.agreed_at = actor, now
    decision.save(update_fields=["agreed_by", "agreed_at"])
    contact = decision.contact
    _bump(contact, contact.version, status=Status.DECIDED, closed_at=now)
    audit(actor, AuditAction.CHANGE, decision, "manager agrees a front-door decision")
    return decision


def decisions_awaiting_agreement(*, actor: User) -> list[TriageDecision]:
    """Decisions at the actor's hub that wait for a manager's agreement (not their own)."""
    if not (is_hub_user(actor) and actor.has_role(Role.TEAM_MANAGER)):
        return []
    return list(
        access.visible(actor, TriageDecision)
        .filter(owning_agency=actor.agency, agreement_needed=True, agreed_at__isnull=True)
        .exclude(decided_by=actor)
        .select_related("contact")
        .order_by("decided_at", "id")[:50]
    )


@transaction.atomic
def decision_amend(
    *,
    actor: User,
    decision: TriageDecision,
    expected_version: int,
    outcome: str,
    need_level: NeedLevel,
    why: str,
) -> DecisionAmendment:
    """Correct a decision by a recorded amendment: what it replaced is kept with who changed
    it, when and why. The same rules apply as to a new decision (the level's decisions, a
    linked child, a manager's agreement for no further action on exploitation)."""
    access.require(actor, "frontdoor.triage")
    access.require_changeable(actor, decision.contact, purpose="amend a front-door decision")
    contact = decision.contact
    _check_decision(actor=actor, contact=contact, outcome=outcome, need_level=need_level)
    agreement = needs_manager_agreement(contact=contact, outcome=outcome)
    now = timezone.now()
    _bump(contact, expected_version, **_decided_status(agreement, now))
    amendment = DecisionAmendment.objects.create(
        owning_agency=decision.owning_agency,
        decision=decision,
        previous_outcome=decision.outcome,
        previous_need_level=decision.need_level,
        previous_reasons=decision.reasons,
        outcome=outcome,
        need_level=need_level,
        why=why.strip(),
        amended_by=actor,
        amended_at=now,
    )
    decision.outcome, decision.need_level = outcome, need_level
    decision.agreement_needed = agreement
    decision.agreed_by, decision.agreed_at = None, None
    decision.save(
        update_fields=["outcome", "need_level", "agreement_needed", "agreed_by", "agreed_at"]
    )
    if outcome == Outcome.STRATEGY and decision.strategy_meeting_id is None:
        _set_up_strategy_meeting(actor=actor, decision=decision, held_at=None)
    audit(
        actor,
        AuditAction.CHANGE,
        decision,
        "amend a front-door decision",
        detail={
            "from": amendment.previous_outcome,
            "to": outcome,
            "level": need_level.code,
            "amendment": amendment.pk,
        },
    )
    return amendment


def amendments_for(decision: TriageDecision) -> list[DecisionAmendment]:
    return list(
        decision.amendments.select_related(
            "amended_by", "need_level", "previous_need_level"
        ).order_by("amended_at", "id")
    )


def decision_for(contact: Contact) -> TriageDecision | None:
    return TriageDecision.objects.filter(contact=contact).select_related("need_level").first()
