"""Pursuing the adults: child abduction warning notices, persons of concern under disruption
plans, disruption tactics by type, and places of concern (F32, F33, F34, F39).

These count police records; the records behind each figure open only to those
``core.access`` lets see them (police, or a record shared with their agency).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q

from triangulate.intelligence.models import (
    ConcernStatus,
    Harm,
    IntelligenceItem,
    Link,
    PersonOfConcern,
    Place,
    PlaceKind,
    Tactic,
    TacticOutcome,
)

from ...periods import Period
from .base import MONTHLY, SNAPSHOT, Figure, Measure, Quality, Rows, first_record_of
from .breakdowns import counted

CAWN = "cawn"  # the tactic type of a child abduction warning notice
LIVE = (TacticOutcome.PLANNED, TacticOutcome.IN_PROGRESS, TacticOutcome.ISSUED)
SERIOUS = (Harm.HIGH, Harm.VERY_HIGH)


def twelve_months_to(period: Period) -> dt.date:
    """The first day of the twelve calendar months that end with ``period``'s month."""
    months = period.start.year * 12 + period.start.month - 1 - 11
    return dt.date(months // 12, months % 12 + 1, 1)


def notices_issued(period: Period) -> Figure:
    rows = list(
        Tactic.objects.filter(
            tactic_type__code=CAWN,
            outcome=TacticOutcome.ISSUED,
            outcome_on__gte=twelve_months_to(period),
            outcome_on__lte=period.as_of,
        )
        .order_by("outcome_on", "id")
        .values_list("id", "concern_id", "person_id", "breached_on")
    )
    breached = [pk for pk, *_, on in rows if on is not None and on <= period.as_of]
    return Figure(
        Rows(Tactic, [pk for pk, *_ in rows]),
        breakdown=[
            ("Distinct adults served", len({concern for _, concern, _, _ in rows})),
            ("Distinct children protected", len({child for _, _, child, _ in rows if child})),
            ("Breached by the end of the month", len(breached)),
        ],
        quality=[
            Quality(
                "notices with no child named", sum(1 for _, _, c, _ in rows if c is None), len(rows)
            )
        ],
    )


def _active_plans(concern_ids, on: dt.date) -> set[int]:
    """Persons of concern with a tactic begun by ``on`` and still live on that day."""
    return set(
        Tactic.objects.filter(concern_id__in=list(concern_ids), started_on__lte=on)
        .filter(Q(outcome__in=LIVE) | Q(outcome_on__gt=on))
        .values_list("concern_id", flat=True)
    )


def serious_harm_under_disruption(period: Period) -> Figure:
    concerns = dict(
        PersonOfConcern.objects.filter(created_at__lt=period.cutoff)
        .exclude(status=ConcernStatus.NFA)
        .values_list("id", "harm")
    )
    with_plan = _active_plans(concerns, period.as_of)
    serious = sorted(pk for pk, harm in concerns.items() if harm in SERIOUS)
    tiers = sorted(Harm.choices, reverse=True)
    return Figure(
        Rows(PersonOfConcern, [pk for pk in serious if pk in with_plan]),
        Rows(PersonOfConcern, serious),
        breakdown=[
            row
            for value, label in tiers
            for row in (
                (f"{label} harm", sum(1 for h in concerns.values() if h == value)),
                (
                    f"{label} harm, with an active disruption plan",
                    sum(1 for pk, h in concerns.items() if h == value and pk in with_plan),
                ),
            )
        ],
    )


def tactics_begun(period: Period) -> Figure:
    rows = list(
        Tactic.objects.filter(started_on__gte=period.start, started_on__lt=period.end)
        .order_by("started_on", "id")
        .values_list("id", "tactic_type__name")
    )
    return Figure(Rows(Tactic, [pk for pk, _ in rows]), breakdown=counted(t for _, t in rows))


def places_reported(period: Period) -> Figure:
    items = set(
        IntelligenceItem.objects.filter(
            seen_at__gte=period.start_at, seen_at__lt=period.end_at
        ).values_list("id", flat=True)
    )
    links = list(
        Link.objects.filter(item_id__in=items, place__isnull=False).values_list(
            "place_id", "item_id", "place__kind"
        )
    )
    reports = Counter(place for place, _, _ in dict.fromkeys(links))
    kinds = dict(PlaceKind.choices)
    kind_of = {place: kind for place, _, kind in links}
    placed = {item for _, item, _ in links}
    return Figure(
        Rows(Place, sorted(reports)),
        breakdown=[
            *counted(kinds.get(kind_of[place], kind_of[place]) for place in reports),
            ("Reports about a place", len(placed)),
            ("Most reports about one place", max(reports.values(), default=0)),
        ],
        quality=[
            Quality("pieces of intelligence not linked to a place", len(items - placed), len(items))
        ],
    )


MEASURES: list[Measure] = [
    Measure(
        figure_id="F32",
        slug="abduction-notices",
        name="Child abduction warning notices issued in the last 12 months",
        version=1,
        numerator=(
            "Child abduction warning notices issued in the twelve calendar months to the end of "
            "the month, by the date issued"
        ),
        denominator="",
        period="Rolling twelve calendar months to the end of each month (to date for the current month)",
        counting=(
            "A notice counts once, as the disruption page counts it: a tactic of that type whose "
            "outcome is 'Issued or obtained'. The breakdown gives the distinct adults served, "
            "the distinct children named and the notices breached."
        ),
        source="Disruption tactics (intelligence)",
        good="No target: read beside the children at risk (F17) and the persons of concern",
        higher_is_better=None,
        compute=notices_issued,
        first_record=first_record_of(
            Tactic, "outcome_on", tactic_type__code=CAWN, outcome=TacticOutcome.ISSUED
        ),
    ),
    Measure(
        figure_id="F33",
        slug="high-harm-under-disruption",
        name="High-harm persons of concern with an active disruption plan",
        version=1,
        numerator="Persons of concern (as the denominator) with a disruption tactic live at the snapshot",
        denominator=(
            "Persons of concern recorded by the snapshot whose harm is high or very high, "
            "except those with no further action"
        ),
        period=SNAPSHOT,
        counting=(
            "A person is counted once. A tactic is live when begun by the snapshot and planned, "
            "in progress or issued, or given another outcome only after it. Harm and status are "
            "as they stand now. The breakdown gives every harm tier and those with a live plan."
        ),
        source="Persons of concern and disruption tactics (intelligence)",
        good="Every high-harm adult is being disrupted: rising to 100%",
        higher_is_better=True,
        compute=serious_harm_under_disruption,
        first_record=first_record_of(PersonOfConcern, "created_at"),
        unit="%",
    ),
    Measure(
        figure_id="F34",
        slug="disruption-tactics",
        additive=True,
        name="Disruption tactics begun",
        version=1,
        numerator="Disruption tactics begun in the month, by the date begun, by type",
        denominator="",
        period=MONTHLY,
        counting=(
            "Every tactic counts once, whatever its outcome, by its type in the disruption "
            "catalogue (notices, orders, licensing and others)."
        ),
        source="Disruption tactics (intelligence)",
        good="No target: read beside the persons of concern under plans (F33)",
        higher_is_better=None,
        compute=tactics_begun,
        first_record=first_record_of(Tactic, "started_on"),
    ),
    Measure(
        figure_id="F39",
        slug="places-of-concern",
        name="Places of concern reported in the month",
        version=1,
        numerator="Places linked to intelligence seen in the month",
        denominator="",
        period=MONTHLY,
        counting=(
            "A place is counted once however many reports name it; the breakdown gives places "
            "by kind, the reports about a place and the most reports about one place. "
            "Intelligence is dated when what it reports was seen."
        ),
        source="Intelligence, places and their links (intelligence)",
        good="No target: a place named again and again is a hotspot to disrupt",
        higher_is_better=None,
        compute=places_reported,
        first_record=first_record_of(IntelligenceItem, "seen_at", links__place__isnull=False),
    ),
]
