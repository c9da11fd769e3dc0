"""The figures of a problem profile, computed from the records the analyst may see.

Every count is read through ``core.access`` as the analyst who computes the profile, and the
same records and period always give the same figures: nothing here depends on today's date
or on the order rows come back in. The written definition below is versioned with the code
that follows it and with what ``profile_records`` reads (``DEFINITION_VERSION``); a profile
keeps the version and the time its figures were computed, and a change to how anything is
counted is a new version.

Two editions are computed. The police edition counts every record the force may see. The
partner edition counts only intelligence graded with handling code P (so nothing graded C,
nor anything not yet graded, reaches a partner even as a number); it never holds a name, and
its small numbers are suppressed when it is shown (``presenters.profile_tables``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from triangulate.core import access

from ..models import ConcernStatus, HandlingCode, IntelligenceItem, PlaceKind
from .places import district_counts
from .profile_records import Records, Window, day_of

DEFINITION_VERSION = 1

# The written definition (version 1), shown with every profile and in both PDFs.
DEFINITION = [
    (
        "Children counted",
        "Children in the register (a record merged into another is counted once, as the "
        "record it was merged into) who, within the period, were named in or linked to "
        "intelligence seen in the period; were linked to a person of concern by a link "
        "recorded in the period; had a risk assessment completed in the period judged at "
        "medium or high risk of exploitation; carried a flag for being at risk of sexual or "
        "criminal exploitation at any time in the period; or were referred to the National "
        "Referral Mechanism in the period. A child who meets more than one rule is counted "
        "once.",
    ),
    (
        "About each child",
        "Age (in bands) on the last day of the period; sex and ethnicity as recorded; ward "
        "from the postcode district of the address they lived at on the last day of the "
        "period; looked after if a looked-after flag was live at the end of the period; "
        "missing episodes that started in the period, 'repeat missing' being the missing "
        "policy's number of episodes or more.",
    ),
    (
        "Persons of concern",
        "Persons of concern whose first status is dated on or before the last day of the "
        "period, by their status on that day; new in the period if their first status is "
        "dated in it; linked to a child if any link joins them to a child counted here. The "
        "highest priority are the 10 ranked highest under the current prioritisation "
        "criteria, scored as on the last day of the period.",
    ),
    (
        "Places and hotspots",
        "Places linked to intelligence seen in the period or to a child counted here, by "
        "type. Hotspots count that intelligence and those places by postcode district, and "
        "by the ward each district lies in.",
    ),
    (
        "Trends",
        "For each calendar month of the period (the first and last clipped to the period): "
        "intelligence seen, children with something counted in the month, missing episodes "
        "of children counted here, and risk assessments at medium or high risk.",
    ),
    (
        "Partner edition",
        "Counts only intelligence graded with handling code P; names no one; shows counts "
        "from 1 to 4 as 'fewer than 5', and withholds a further count where a total would "
        "reveal a suppressed one.",
    ),
]

REASONS = {
    "intelligence": "Named in or linked to intelligence seen in the period",
    "concern": "Linked to a person of concern in the period",
    "assessment": "Risk assessment at medium or high risk",
    "flag": "Flagged at risk of sexual or criminal exploitation",
    "nrm": "Referred to the National Referral Mechanism",
}


def _month(day: dt.date) -> str:
    return day.strftime("%Y-%m")


def _district(postcode: str) -> str:
    return postcode.split(" ")[0] if postcode else ""


def _counted(labels, order: list[str] | None = None) -> list[list]:
    counts = Counter(labels)
    keys = [k for k in order if counts[k]] if order else sorted(counts)
    return [[key, counts[key]] for key in keys]


def _wards() -> tuple[dict[str, str], list[str]]:
    from triangulate.support.models import Ward
    from triangulate.support.services.wards import NO_WARD

    wards = list(Ward.objects.order_by("name"))
    by_district = {district: ward.name for ward in wards for district in ward.districts}
    return by_district, [ward.name for ward in wards] + [NO_WARD]


def _items(actor, window: Window, partner: bool) -> list[tuple]:
    """(id, child named, seen at, postcode) of the intelligence an edition counts."""
    items = access.visible(actor, IntelligenceItem).filter(
        seen_at__gte=window.start_at, seen_at__lt=window.end_at
    )
    if partner:
        items = items.filter(handling_code=HandlingCode.PERMITTED)
    return list(items.values_list("pk", "person_id", "seen_at", "postcode"))


def _victims(records: Records, items: list[tuple]) -> tuple[dict, set[int], dict]:
    from triangulate.performance.services.measures.breakdowns import age_band
    from triangulate.performance.services.measures.missing import repeat_policy
    from triangulate.register.models import Ethnicity, Sex

    window = records.window
    seen = {pk: day_of(at) for pk, _, at, _ in items}
    events = {
        "intelligence": [(person, seen[pk]) for pk, person, _, _ in items if person]
        + [(person, seen[item]) for item, person in records.item_people if item in seen],
        **records.events,
    }
    survivor = records.survivor
    counted = {
        survivor.get(person, person) for rows in events.values() for person, _ in rows
    } & set(records.children)
    reasons = {
        rule: {survivor.get(p, p) for p, _ in rows} & counted for rule, rows in events.items()
    }
    children = {pk: records.children[pk] for pk in counted}
    by_district, ward_order = _wards()
    looked_after = records.looked_after & counted
    missing = [(survivor.get(p, p), day) for p, day in records.missing]
    missing = [(p, day) for p, day in missing if p in counted]
    episodes = Counter(person for person, _ in missing)
    repeat, _days = repeat_policy()
    sexes, ethnicities = dict(Sex.choices), dict(Ethnicity.choices)
    no_ward = ward_order[-1]
    figures = {
        "total": len(counted),
        "reasons": [[REASONS[rule], len(reasons[rule])] for rule in REASONS],
        "age": _counted(age_band(born, window.until) for _, _, born in children.values()),
        "sex": _counted(
            (sexes.get(sex, sex) for sex, _, _ in children.values()), list(sexes.values())
        ),
        "ethnicity": _counted(
            (ethnicities.get(eth, eth) for _, eth, _ in children.values()),
            list(ethnicities.values()),
        ),
        "ward": _counted(
            (
                by_district.get(_district(records.postcodes.get(pk, "")), no_ward)
                for pk in sorted(counted)
            ),
            ward_order,
        ),
        "looked_after": [
            ["Looked after", len(looked_after)],
            ["Not looked after", len(counted - looked_after)],
        ],
        "missing": [
            ["Not missing in the period", sum(1 for pk in counted if not episodes[pk])],
            [
                f"Missing 1 to {repeat - 1} times",
                sum(1 for pk in counted if 0 < episodes[pk] < repeat),
            ],
            [
                f"Missing {repeat} times or more (repeat missing)",
                sum(1 for pk in counted if episodes[pk] >= repeat),
            ],
        ],
    }
    dated = defaultdict(set)
    for rows in events.values():
        for person, day in rows:
            person = survivor.get(person, person)
            if person in counted:
                dated[_month(day)].add(person)
    return figures, counted, {"children": dated, "missing": missing}


def _concerns(records: Records, counted: set[int], partner: bool) -> dict:
    window, concerns = records.window, records.concerns
    linked = {
        concern
        for concern, person in records.concern_people
        if concern in concerns and records.survivor.get(person, person) in counted
    }
    labels = dict(ConcernStatus.choices)
    figures = {
        "total": len(concerns),
        "new": sum(1 for c in concerns if window.since <= records.first.get(c, dt.date.min)),
        "linked": len(linked),
        "status": _counted(
            (labels.get(state, "Not known") for state in concerns.values()),
            list(labels.values()),
        ),
        "top": len(records.ranked),
    }
    if not partner:
        figures["ranked"] = [
            [concern.pk, priority.score, priority.reasons] for concern, priority in records.ranked
        ]
    return figures


def _places(records: Records, items: list[tuple], counted: set[int]) -> dict:
    item_ids = {pk for pk, _, _, _ in items}
    survivor = records.survivor
    ids = {
        place
        for place, person, item in records.place_links
        if item in item_ids or (person and survivor.get(person, person) in counted)
    }
    places = [records.places[pk] for pk in sorted(ids) if pk in records.places]
    kinds = dict(PlaceKind.choices)
    districts = district_counts(
        [postcode for _, _, _, postcode in items], [postcode for _, postcode in places]
    )
    by_district, ward_order = _wards()
    wards: dict[str, list[int]] = {}
    for row in districts:
        ward = by_district.get(row["district"], ward_order[-1])
        totals = wards.setdefault(ward, [0, 0])
        totals[0] += row["items"]
        totals[1] += row["places"]
    return {
        "total": len(places),
        "kind": _counted((kinds[kind] for kind, _ in places), list(kinds.values())),
        "districts": [[r["district"], r["items"], r["places"]] for r in districts],
        "wards": [[w, *wards[w]] for w in ward_order if w in wards],
    }


def _trends(records: Records, items: list[tuple], dated: dict) -> list[list]:
    seen = Counter(_month(day_of(at)) for _, _, at, _ in items)
    assessed = Counter(_month(day_of(at)) for _, at in records.assessed)
    missing = Counter(_month(day) for _, day in dated["missing"])
    return [
        [
            month.strftime("%B %Y"),
            seen[_month(month)],
            len(dated["children"][_month(month)]),
            missing[_month(month)],
            assessed[_month(month)],
        ]
        for month in records.window.months()
    ]


def _edition(records: Records, partner: bool) -> dict:
    items = _items(records.actor, records.window, partner)
    children, counted, dated = _victims(records, items)
    return {
        "intelligence": len(items),
        "children": children,
        "concerns": _concerns(records, counted, partner),
        "places": _places(records, items, counted),
        "months": _trends(records, items, dated),
    }


def compute(actor, *, since: dt.date, until: dt.date, partner: bool = False) -> dict:
    """One edition's figures for the period [since, until], as ``actor`` may see them."""
    return _edition(Records(actor, Window(since, until)), partner)


def compute_editions(actor, *, since: dt.date, until: dt.date) -> dict:
    """Both editions' figures, as stored on the profile (the records read once for both)."""
    records = Records(actor, Window(since, until))
    return {"police": _edition(records, False), "partner": _edition(records, True)}
