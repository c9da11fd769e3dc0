"""The figures of a problem profile, computed from the records the analyst may see.

Every count is read through ``core.access`` as the analyst who computes the profile, and the
same records and period always give the same figures: nothing here depends on today's date
or on the order rows come back in. The written definition below is versioned with the code
that follows it (``DEFINITION_VERSION``); a profile keeps the version and the time its
figures were computed, and a change to how anything is counted is a new version.

Two editions are computed. The police edition counts every record the force may see. The
partner edition counts only intelligence graded with handling code P (so nothing graded C,
nor anything not yet graded, reaches a partner even as a number); it never holds a name, and
its small numbers are suppressed when it is shown (``presenters.profile_tables``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from triangulate.core import access
from triangulate.core.clocks import LONDON

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

AT_RISK_LEVELS = ("medium", "high")
CHUNK = 900  # ids per IN (...) list, well inside every database's limit

REASONS = {
    "intelligence": "Named in or linked to intelligence seen in the period",
    "concern": "Linked to a person of concern in the period",
    "assessment": "Risk assessment at medium or high risk",
    "flag": "Flagged at risk of sexual or criminal exploitation",
    "nrm": "Referred to the National Referral Mechanism",
}


@dataclass(frozen=True)
class Window:
    """A period of whole days in the partnership's time zone, both ends included."""

    since: dt.date
    until: dt.date

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.since, dt.time.min, tzinfo=LONDON)

    @property
    def end_at(self) -> dt.datetime:
        return dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)

    def months(self) -> list[dt.date]:
        first, months = self.since.replace(day=1), []
        while first <= self.until:
            months.append(first)
            first = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return months


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, LONDON).date()


def _month(day: dt.date) -> str:
    return day.strftime("%Y-%m")


def _chunks(ids) -> list[list[int]]:
    ids = sorted(ids)
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def _rows(query, field: str, ids, *columns) -> list[tuple]:
    """``query`` filtered to ``field`` in ``ids``, read a chunk of ids at a time."""
    found = []
    for chunk in _chunks(ids):
        found.extend(query.filter(**{f"{field}__in": chunk}).values_list(*columns))
    return found


def _items(actor, window: Window, partner: bool):
    from .models import HandlingCode, IntelligenceItem

    items = access.visible(actor, IntelligenceItem).filter(
        seen_at__gte=window.start_at, seen_at__lt=window.end_at
    )
    return items.filter(handling_code=HandlingCode.PERMITTED) if partner else items


def _events(actor, window: Window, items) -> dict[str, list[tuple[int, dt.date]]]:
    """(child id, date) for each rule that counts a child, from the records in the period."""
    from triangulate.register.models import FlagType, PersonFlag
    from triangulate.risk.models import FINAL_STATUSES, RiskAssessment

    from .models import Link, NrmReferral

    links = access.visible(actor, Link)
    seen = dict(items.values_list("pk", "seen_at"))
    intelligence = [
        (person, _day(seen[item])) for item, person in items.exclude(person=None)
        .values_list("pk", "person_id")
    ]  # fmt: skip
    intelligence += [
        (person, _day(seen[item]))
        for item, person in links.filter(person__isnull=False, item__in=items).values_list(
            "item_id", "person_id"
        )
    ]
    concern = [
        (person, _day(at))
        for person, at in links.filter(
            person__isnull=False,
            concern__isnull=False,
            created_at__gte=window.start_at,
            created_at__lt=window.end_at,
        ).values_list("person_id", "created_at")
    ]
    assessment = [
        (person, _day(at))
        for person, at in access.visible(actor, RiskAssessment)
        .filter(
            status__in=FINAL_STATUSES,
            judged_level__in=AT_RISK_LEVELS,
            completed_at__gte=window.start_at,
            completed_at__lt=window.end_at,
        )
        .values_list("person_id", "completed_at")
    ]
    flag = [
        (person, max(_day(at), window.since))
        for person, at in access.visible(actor, PersonFlag)
        .filter(flag__in=[FlagType.RISK_CSE, FlagType.RISK_CCE], set_at__lt=window.end_at)
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=window.start_at))
        .values_list("person_id", "set_at")
    ]
    nrm = list(
        access.visible(actor, NrmReferral)
        .filter(referred_on__gte=window.since, referred_on__lte=window.until)
        .values_list("person_id", "referred_on")
    )
    return {
        "intelligence": intelligence,
        "concern": concern,
        "assessment": assessment,
        "flag": flag,
        "nrm": nrm,
    }


def _children(actor, ids) -> tuple[dict[int, tuple], dict[int, int]]:
    """{child id: (sex, ethnicity, date of birth)} for the children among ``ids`` the actor may
    see (a merged record counts as the record it was merged into)."""
    from triangulate.register.models import Person, PersonKind

    people = access.visible(actor, Person)
    rows = _rows(people, "pk", ids, "pk", "merged_into_id")
    survivors = {merged or pk for pk, merged in rows}
    children = {
        pk: (sex, ethnicity, born)
        for pk, kind, sex, ethnicity, born in _rows(
            people.filter(merged_into__isnull=True),
            "pk",
            survivors,
            "pk",
            "kind",
            "sex",
            "ethnicity",
            "date_of_birth",
        )
        if kind == PersonKind.CHILD
    }
    return children, {pk: merged or pk for pk, merged in rows}


def _wards() -> tuple[dict[str, str], list[str]]:
    from triangulate.support.models import Ward
    from triangulate.support.services.wards import NO_WARD

    wards = list(Ward.objects.order_by("name"))
    by_district = {district: ward.name for ward in wards for district in ward.districts}
    return by_district, [ward.name for ward in wards] + [NO_WARD]


def _district(postcode: str) -> str:
    return postcode.split(" ")[0] if postcode else ""


def _addresses(actor, ids, window: Window) -> dict[int, str]:
    """{child id: postcode} of the address each lived at on the last day of the period."""
    from triangulate.register.models import PersonAddress

    current = (
        access.visible(actor, PersonAddress)
        .filter(Q(from_date__isnull=True) | Q(from_date__lte=window.until))
        .filter(Q(to_date__isnull=True) | Q(to_date__gte=window.until))
        .order_by("person_id", "-from_date", "-id")
    )
    postcodes: dict[int, str] = {}
    for person, postcode, _from, _id in _rows(
        current, "person_id", ids, "person_id", "postcode", "from_date", "id"
    ):
        postcodes.setdefault(person, postcode)
    return postcodes


def _looked_after(actor, ids, window: Window) -> set[int]:
    from triangulate.register.models import FlagType, PersonFlag

    live = (
        access.visible(actor, PersonFlag)
        .filter(flag=FlagType.LOOKED_AFTER, set_at__lt=window.end_at)
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=window.end_at))
    )
    return {person for (person,) in _rows(live, "person_id", ids, "person_id")}


def _missing(actor, ids, window: Window) -> list[tuple[int, dt.date]]:
    from triangulate.missing.models import MissingEpisode

    episodes = access.visible(actor, MissingEpisode).filter(
        started_at__gte=window.start_at, started_at__lt=window.end_at
    )
    return [
        (person, _day(at))
        for person, at in _rows(episodes, "person_id", ids, "person_id", "started_at")
    ]


def _counted(labels, order: list[str] | None = None) -> list[list]:
    counts = Counter(labels)
    keys = [k for k in order if counts[k]] if order else sorted(counts)
    return [[key, counts[key]] for key in keys]


def _victims(actor, window: Window, items) -> tuple[dict, set[int], dict]:
    from triangulate.performance.services.measures import age_band, repeat_policy
    from triangulate.register.models import Ethnicity, Sex

    events = _events(actor, window, items)
    ids = {person for rows in events.values() for person, _ in rows}
    children, survivor = _children(actor, ids)
    counted = set(children)
    reasons = {
        rule: {survivor.get(p, p) for p, _ in rows} & counted for rule, rows in events.items()
    }
    postcodes = _addresses(actor, counted, window)
    by_district, ward_order = _wards()
    looked_after = _looked_after(actor, counted, window)
    missing = _missing(actor, counted, window)
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
            (by_district.get(_district(postcodes.get(pk, "")), no_ward) for pk in sorted(counted)),
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


def _concerns(actor, window: Window, counted: set[int], partner: bool) -> dict:
    from .models import ConcernStatus, Link, PersonOfConcern, StatusChange
    from .services import concerns_prioritised

    created = dict(access.visible(actor, PersonOfConcern).values_list("pk", "created_at"))
    status, first = {}, {}
    for concern, state, on in (
        access.visible(actor, StatusChange)
        .filter(concern_id__in=list(created))
        .order_by("concern_id", "on", "id")
        .values_list("concern_id", "status", "on")
    ):
        first.setdefault(concern, on)
        if on <= window.until:
            status[concern] = state
    # Persons of concern by the end of the period: their first status is dated by then (or,
    # with no status dated, they were recorded by then).
    concerns = {
        pk: status.get(pk)
        for pk, at in created.items()
        if (first[pk] <= window.until if pk in first else at < window.end_at)
    }
    linked = {
        concern
        for concern, person in access.visible(actor, Link)
        .filter(concern_id__in=list(concerns), person__isnull=False)
        .values_list("concern_id", "person_id")
        if person in counted
    }
    labels = dict(ConcernStatus.choices)
    figures = {
        "total": len(concerns),
        "new": sum(1 for c in concerns if window.since <= first.get(c, dt.date.min)),
        "linked": len(linked),
        "status": _counted(
            (labels.get(state, "Not known") for state in concerns.values()),
            list(labels.values()),
        ),
    }
    ranked = concerns_prioritised(actor=actor, today=window.until)
    ranked = [pair for pair in ranked if pair[0].pk in concerns][:10]
    figures["top"] = len(ranked)
    if not partner:
        figures["ranked"] = [
            [concern.pk, priority.score, priority.reasons] for concern, priority in ranked
        ]
    return figures


def _places(actor, window: Window, items, counted: set[int]) -> dict:
    from .models import Link, Place, PlaceKind
    from .services import district_counts

    links = access.visible(actor, Link).filter(place__isnull=False)
    ids = set(links.filter(item__in=items).values_list("place_id", flat=True))
    ids |= {pk for (pk,) in _rows(links, "person_id", counted, "place_id")}
    places = _rows(access.visible(actor, Place), "pk", ids, "kind", "postcode")
    kinds = dict(PlaceKind.choices)
    districts = district_counts(
        items.exclude(postcode="").values_list("postcode", flat=True),
        [postcode for _, postcode in places if postcode],
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


def _trends(actor, window: Window, items, dated: dict) -> list[list]:
    from triangulate.risk.models import FINAL_STATUSES, RiskAssessment

    seen = Counter(_month(_day(at)) for at in items.values_list("seen_at", flat=True))
    assessed = Counter(
        _month(_day(at))
        for at in access.visible(actor, RiskAssessment)
        .filter(
            status__in=FINAL_STATUSES,
            judged_level__in=AT_RISK_LEVELS,
            completed_at__gte=window.start_at,
            completed_at__lt=window.end_at,
        )
        .values_list("completed_at", flat=True)
    )
    missing = Counter(_month(day) for _, day in dated["missing"])
    return [
        [
            month.strftime("%B %Y"),
            seen[_month(month)],
            len(dated["children"][_month(month)]),
            missing[_month(month)],
            assessed[_month(month)],
        ]
        for month in window.months()
    ]


def compute(actor, *, since: dt.date, until: dt.date, partner: bool = False) -> dict:
    """One edition's figures for the period [since, until], as ``actor`` may see them."""
    window = Window(since, until)
    items = _items(actor, window, partner)
    children, counted, dated = _victims(actor, window, items)
    return {
        "intelligence": items.count(),
        "children": children,
        "concerns": _concerns(actor, window, counted, partner),
        "places": _places(actor, window, items, counted),
        "months": _trends(actor, window, items, dated),
    }


def compute_editions(actor, *, since: dt.date, until: dt.date) -> dict:
    """Both editions' figures, as stored on the profile."""
    return {
        "police": compute(actor, since=since, until=until),
        "partner": compute(actor, since=since, until=until, partner=True),
    }
