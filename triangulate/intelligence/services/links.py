"""Links between intelligence, children, persons of concern, places, vehicles, phones and
peer groups (the network is drawn from them), and the audit of a view of the network.

Vehicles and phones are one record per force, however often they are entered.
"""

from __future__ import annotations

from django.db import transaction

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.extensions import publish
from triangulate.core.identifiers import IdentifierError
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.spreadsheets import record_number

from ..identifiers import normalise_phone, normalise_registration
from ..models import Group, IntelligenceItem, Link, PersonOfConcern, Phone, Place, Vehicle
from .common import Invalid


def vehicle_for(*, agency: Agency, registration: str) -> Vehicle:
    vehicle, _ = Vehicle.objects.get_or_create(
        owning_agency=agency, registration=normalise_registration(registration)
    )
    return vehicle


def phone_for(*, agency: Agency, number: str) -> Phone:
    phone, _ = Phone.objects.get_or_create(owning_agency=agency, number=normalise_phone(number))
    return phone


def link_once(actor: User, agency: Agency, note: str = "", **ends) -> Link:
    """One link between two ends, made once (the same pair again returns the first)."""
    if len([v for v in ends.values() if v is not None]) != 2:
        raise ValueError("A link joins exactly two things")
    existing = Link.objects.filter(owning_agency=agency, **ends).first()
    if existing is not None:
        return existing
    return Link.objects.create(owning_agency=agency, created_by=actor, note=note, **ends)


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
    link = link_once(actor, record.owning_agency, **this, **end)
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


@transaction.atomic
def concern_link(*, actor: User, concern, kind: str, value: str) -> Link:
    """Link a person of concern to a child, a place, a vehicle, a phone or a group."""
    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, concern, purpose="link a person of concern")
    kinds = [k for k in LINK_KINDS if k != "concern"]
    end = _end(actor=actor, agency=concern.owning_agency, kind=kind, value=value, kinds=kinds)
    return _linked(actor, concern, end, kind, "link a person of concern", concern=concern)


def item_links(*, actor: User, item: IntelligenceItem) -> list[Link]:
    return list(
        access.visible(actor, Link)
        .filter(item=item)
        .select_related("person", "concern__person", "place", "vehicle", "phone", "group")
        .order_by("id")
    )


def links_of(*, actor: User, **end) -> list[Link]:
    """Every link this user may see with the given end (``place=place``, ``concern=c`` ...)."""
    return list(
        access.visible(actor, Link)
        .filter(**end)
        .select_related("person", "concern__person", "place", "vehicle", "phone", "item", "group")
        .order_by("-created_at", "-id")
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
