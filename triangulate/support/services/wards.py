"""Figures by ward for elected members: concerns about children at the front door, complaints,
whistleblowing concerns and referrals to support over a period, counts from 1 to 4 suppressed (``core.suppression``). No totals are
shown, so a suppressed count cannot be worked out by subtraction."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q

from triangulate.core import access, suppression
from triangulate.core.clocks import LONDON
from triangulate.frontdoor.models import Contact
from triangulate.register.models import PersonAddress

from ..models import Complaint, ComplaintKind, Referral, Ward, WardMember
from .complaints import outward_code

NO_WARD = "Outside Kingsmere's wards, or not known"
NOT_RECORDED = "Not recorded"  # no address held for the person on the day asked about
# Each figure a ward row carries, with the words every page and pack heads it with.
COLUMNS = [
    ("concerns", "Concerns about children at the front door"),
    ("complaints", "Complaints about how concerns were handled"),
    ("whistleblowing", "Whistleblowing concerns"),
    ("referrals", "Referrals to support (by where the person lives)"),
]


def _ward_of_district(wards) -> dict[str, str]:
    return {district: ward.name for ward in wards for district in ward.districts}


def _current_postcodes(people, on: dt.date | None = None) -> dict[int, str]:
    """Each person's postcode: of their current address, or of the address they lived at on
    ``on`` (begun by then, or undated, and not ended before it), the latest begun first."""
    rows = PersonAddress.objects.filter(person_id__in=list(people))
    if on is None:
        rows = rows.filter(to_date__isnull=True)
    else:
        rows = rows.filter(Q(from_date__isnull=True) | Q(from_date__lte=on)).filter(
            Q(to_date__isnull=True) | Q(to_date__gte=on)
        )
    postcodes = {}
    for person_id, postcode in rows.order_by("person_id", "-from_date", "-id").values_list(
        "person_id", "postcode"
    ):
        postcodes.setdefault(person_id, postcode)
    return postcodes


def ward_names() -> list[str]:
    """Every ward, then the rows for an address outside them and for no address."""
    return [*Ward.objects.order_by("name").values_list("name", flat=True), NO_WARD, NOT_RECORDED]


def wards_of_people(people, on: dt.date) -> dict[int, str]:
    """{person id: the ward of the address they lived at on ``on``}: ``NO_WARD`` for an
    address outside the wards or with no usable postcode, ``NOT_RECORDED`` for no address.
    Counts of these name no one; callers show them with small numbers suppressed."""
    by_district = _ward_of_district(Ward.objects.all())
    postcodes = _current_postcodes(people, on)
    return {
        pk: (
            by_district.get(outward_code(postcodes[pk]), NO_WARD)
            if pk in postcodes
            else NOT_RECORDED
        )
        for pk in people
    }


def _referral_wards(since: dt.date, until: dt.date, by_district: dict[str, str]) -> Counter:
    """Each referral counted in the ward of the referred person's current address."""
    people = Counter(
        Referral.objects.filter(referred_on__gte=since, referred_on__lte=until).values_list(
            "person_id", flat=True
        )
    )
    postcodes = _current_postcodes(people)
    counts = Counter()
    for person_id, n in people.items():
        counts[by_district.get(outward_code(postcodes.get(person_id, "")), NO_WARD)] += n
    return counts


def _concern_wards(since: dt.date, until: dt.date, by_district: dict[str, str]) -> Counter:
    """Each contact at the front door counted in the ward of the child's postcode as the
    referrer gave it, or else of the current address of the child it was linked to."""
    start = dt.datetime.combine(since, dt.time.min, tzinfo=LONDON)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)
    rows = list(
        Contact.objects.filter(received_at__gte=start, received_at__lt=end).values_list(
            "child_postcode", "person_id"
        )
    )
    linked = _current_postcodes({person_id for postcode, person_id in rows if person_id})
    counts = Counter()
    for postcode, person_id in rows:
        code = outward_code(postcode) or outward_code(linked.get(person_id, ""))
        counts[by_district.get(code, NO_WARD)] += 1
    return counts


def member_ward(user) -> Ward | None:
    """The ward an elected member represents, if one is set."""
    seat = WardMember.objects.filter(member_id=user.pk).select_related("ward").first()
    return seat.ward if seat else None


def ward_figures(*, actor, since: dt.date, until: dt.date) -> list[dict]:
    """One row per ward (and one for no ward), each count suppressed when 1 to 4."""
    access.require(actor, "support.wards")
    wards = list(Ward.objects.order_by("name"))
    by_district = _ward_of_district(wards)
    complaints = Counter()
    for ward_name, kind in Complaint.objects.filter(
        received_on__gte=since, received_on__lte=until
    ).values_list("ward__name", "kind"):
        complaints[(ward_name or NO_WARD, kind)] += 1
    referrals = _referral_wards(since, until, by_district)
    concerns = _concern_wards(since, until, by_district)
    rows = []
    for name in [w.name for w in wards] + [NO_WARD]:
        rows.append(
            {
                "ward": name,
                "concerns": suppression.suppress(concerns[name]),
                "complaints": suppression.suppress(complaints[(name, ComplaintKind.COMPLAINT)]),
                "whistleblowing": suppression.suppress(
                    complaints[(name, ComplaintKind.WHISTLEBLOWING)]
                ),
                "referrals": suppression.suppress(referrals[name]),
            }
        )
    return rows
