"""Is anyone better off? Children whose judged risk fell from their first to their latest
assessment, and cases closed with the child judged safer (F61, F62: beyond the list of
sixty figures, numbered after it)."""

from __future__ import annotations

from collections import Counter

from triangulate.casework.models import Case, ClosureRisk, ClosureSafer
from triangulate.register.models import Person
from triangulate.risk.models import FINAL_STATUSES, RiskAssessment, RiskTool
from triangulate.risk.scoring import level_codes

from ...periods import Period
from .base import MONTHLY, SNAPSHOT, Figure, Measure, Quality, Rows, first_record_of

NOT_RECORDED = "Not recorded"


def _first_and_latest(period: Period) -> dict[int, list[tuple[str, int]]]:
    """{child id: [(judged level, tool id) of the first, of the latest]} for children with two
    or more finalised assessments completed before the snapshot."""
    seen: dict[int, list[tuple[str, int]]] = {}
    count: Counter = Counter()
    rows = (
        RiskAssessment.objects.filter(status__in=FINAL_STATUSES, completed_at__lt=period.cutoff)
        .order_by("person_id", "completed_at", "id")
        .values_list("person_id", "judged_level", "tool_id")
    )
    for person_id, level, tool_id in rows:
        count[person_id] += 1
        seen.setdefault(person_id, [(level, tool_id)])
        seen[person_id][1:] = [(level, tool_id)]
    return {pk: pair for pk, pair in seen.items() if count[pk] >= 2}


def risk_fell(period: Period) -> Figure:
    pairs = _first_and_latest(period)
    children = set(
        Person.objects.filter(pk__in=list(pairs), merged_into__isnull=True).values_list(
            "id", flat=True
        )
    )
    tools = {pk: level_codes(t.definition) for pk, t in RiskTool.objects.in_bulk().items()}
    change: dict[int, str] = {}
    for pk in children:
        (first, _), (latest, tool_id) = pairs[pk]
        codes = tools.get(tool_id, [])
        if first not in codes or latest not in codes:
            change[pk] = "Levels cannot be compared"
        else:
            step = codes.index(latest) - codes.index(first)
            change[pk] = "Fell" if step < 0 else "Rose" if step > 0 else "Stayed the same"
    outcomes = Counter(change.values())
    return Figure(
        Rows(Person, sorted(pk for pk, what in change.items() if what == "Fell")),
        Rows(Person, sorted(children)),
        breakdown=[(what, outcomes[what]) for what in ("Fell", "Stayed the same", "Rose")],
        quality=[
            Quality(
                "children whose first and latest levels are not on one scale",
                outcomes["Levels cannot be compared"],
                len(children),
            )
        ],
    )


def closed_safer(period: Period) -> Figure:
    rows = list(
        Case.objects.filter(closed_at__gte=period.start_at, closed_at__lt=period.end_at)
        .order_by("closed_at", "id")
        .values_list("id", "closure_safer", "closure_risk")
    )
    safer_labels, risk_labels = dict(ClosureSafer.choices), dict(ClosureRisk.choices)
    safer = Counter(safer_labels.get(s, NOT_RECORDED) for _, s, _ in rows)
    risk = Counter(risk_labels.get(r, NOT_RECORDED) for _, _, r in rows)
    return Figure(
        Rows(Case, [pk for pk, s, _ in rows if s == ClosureSafer.YES]),
        Rows(Case, [pk for pk, *_ in rows]),
        breakdown=[
            *[(label, safer[label]) for label in [*safer_labels.values(), NOT_RECORDED]],
            *[
                (f"Risk at closure: {label}", risk[label])
                for label in [*risk_labels.values(), NOT_RECORDED]
            ],
        ],
        quality=[
            Quality(
                "cases closed with no judgement of whether the child is safer",
                safer[NOT_RECORDED],
                len(rows),
            )
        ],
    )


MEASURES: list[Measure] = [
    Measure(
        figure_id="F61",
        slug="risk-fell",
        name="Children whose judged risk fell",
        version=1,
        numerator=(
            "Children (as the denominator) whose latest judged level is lower than their first"
        ),
        denominator=(
            "Children with two or more finalised risk assessments completed by the snapshot"
        ),
        period=SNAPSHOT,
        counting=(
            "A child is counted once, comparing the judged level of their first and latest "
            "finalised assessments (signed off or awaiting sign-off) on the latest one's tool's "
            "scale; records merged into another are not counted. The breakdown gives those "
            "whose level fell, stayed the same and rose."
        ),
        source="Risk assessments and tools (risk)",
        good="Rising: more children safer than when first assessed",
        higher_is_better=True,
        compute=risk_fell,
        first_record=first_record_of(RiskAssessment, "completed_at", status__in=FINAL_STATUSES),
        unit="%",
    ),
    Measure(
        figure_id="F62",
        slug="closed-safer",
        name="Cases closed with the child judged safer",
        version=1,
        numerator="Cases (as the denominator) closed with the child judged safer",
        denominator="Exploitation cases closed in the month, by the time closed",
        period=MONTHLY,
        counting=(
            "Each case counts once, by the judgement recorded when it was closed; 'Partly' is "
            "not safer. The breakdown gives every judgement and the risk at closure."
        ),
        source="Cases and their closure (casework)",
        good="Rising: more children leave the service safer",
        higher_is_better=True,
        compute=closed_safer,
        first_record=first_record_of(Case, "closed_at"),
        unit="%",
    ),
]
