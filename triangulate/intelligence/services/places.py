"""Places of concern (hotels, takeaways, taxi firms, parks ...), shared with partners for
reading, and hotspots: intelligence and places counted by postcode district."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction

from triangulate.core import access, records, suppression
from triangulate.core.audit import audit
from triangulate.core.identifiers import IdentifierError, normalise_postcode
from triangulate.core.models import Agency, AuditAction, User

from ..models import IntelligenceItem, Place, PlaceKind
from .common import Invalid, is_police, share_with_partner, shared_with


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


@transaction.atomic
def place_share(*, actor: User, place: Place, agency: Agency | None, purpose: str):
    """Share a place with another agency (for reading: it may then see the place, refer it
    to the licensing authority and see the referrals about it, never the links police
    hold)."""
    access.require(actor, "intelligence.pursue")
    return share_with_partner(actor, place, agency, purpose, what="place")


def place_shared_with(place: Place) -> list[Agency]:
    return shared_with(Place, place)


def district_counts(item_postcodes, place_postcodes) -> list[dict]:
    """Intelligence and places counted by postcode district (the outward code), by district."""
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
