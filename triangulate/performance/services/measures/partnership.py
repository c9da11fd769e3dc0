"""The partnership's own work: the plan's actions by their status under the rules, actions
whose dates moved, and recommendations overdue (F49, F50, F51)."""

from __future__ import annotations

from collections import Counter

from triangulate.partnership.models.plans import Action, DateChange, RagStatus
from triangulate.partnership.models.recommendations import (
    Recommendation,
    RecommendationStatus,
)
from triangulate.partnership.services import rag

from ...periods import Period
from .base import MONTHLY, SNAPSHOT, Figure, Measure, Rows, first_record_of


def actions_red(period: Period) -> Figure:
    actions = list(
        rag.with_rating_data(Action.objects.filter(created_at__lt=period.cutoff).order_by("id"))
    )
    # Rules are looked up only when there is an action to rate (looking up may set the first).
    rule_set = rag.rules_in_force(period.as_of) if actions else None
    shown = {a.pk: rag.rate(a, rule_set, period.as_of).shown_status for a in actions}
    colours = Counter(shown.values())
    return Figure(
        Rows(Action, [pk for pk, status in shown.items() if status == RagStatus.RED]),
        Rows(Action, list(shown)),
        breakdown=[(label, colours[value]) for value, label in RagStatus.choices],
    )


def dates_moved(period: Period) -> Figure:
    rows = list(
        DateChange.objects.filter(changed_at__gte=period.start_at, changed_at__lt=period.end_at)
        .order_by("changed_at", "id")
        .values_list("id", "action_id", "old_date", "new_date")
    )
    later = [(new - old).days for _, _, old, new in rows if new > old]
    return Figure(
        Rows(DateChange, [pk for pk, *_ in rows]),
        breakdown=[
            ("Distinct actions moved", len({action for _, action, _, _ in rows})),
            ("Moved later", len(later)),
            ("Days moved later, in all", sum(later)),
            ("Moved earlier", sum(1 for _, _, old, new in rows if new < old)),
        ],
    )


def recommendations_overdue(period: Period) -> Figure:
    recommendations = list(
        Recommendation.objects.filter(source__published_on__lte=period.as_of)
        .select_related("source")
        .order_by("id")
    )
    statuses = Counter(r.status for r in recommendations)
    return Figure(
        Rows(Recommendation, [r.pk for r in recommendations if r.is_overdue(period.as_of)]),
        Rows(Recommendation, [r.pk for r in recommendations]),
        breakdown=[(label, statuses[value]) for value, label in RecommendationStatus.choices],
    )


MEASURES: list[Measure] = [
    Measure(
        figure_id="F49",
        slug="plan-actions-red",
        name="Plan actions rated red",
        version=1,
        numerator="Actions (as the denominator) whose status on the snapshot day is red",
        denominator="Actions in every plan recorded by the snapshot day",
        period=SNAPSHOT,
        counting=(
            "Each action is rated once by the rules in force on the snapshot day, or by an "
            "approved override live on that day, from its updates, date changes and milestones "
            "as they stand now. The breakdown gives every status."
        ),
        source="Plan actions, their updates, date changes, milestones and overrides (partnership)",
        good="Falling: fewer actions off track",
        higher_is_better=False,
        compute=actions_red,
        first_record=first_record_of(Action, "created_at"),
        unit="%",
    ),
    Measure(
        figure_id="F50",
        slug="action-dates-moved",
        name="Plan action dates moved",
        version=1,
        numerator="Changes to an action's target date made in the month, by when made",
        denominator="",
        period=MONTHLY,
        counting=(
            "Every approved change counts once; the breakdown gives the distinct actions "
            "moved, the moves later and the days they add, and the moves earlier."
        ),
        source="Action date changes (partnership), as the slippage report lists them",
        good="Falling: actions kept to the dates agreed",
        higher_is_better=False,
        compute=dates_moved,
        first_record=first_record_of(DateChange, "changed_at"),
    ),
    Measure(
        figure_id="F51",
        slug="recommendations-overdue",
        name="Recommendations overdue",
        version=1,
        numerator=(
            "Recommendations (as the denominator) not done or merged whose due date, or their "
            "timescale from the source's publication, is before the snapshot day"
        ),
        denominator="Recommendations from sources published by the snapshot day",
        period=SNAPSHOT,
        counting=(
            "A recommendation is counted once. Status is as it stands now. The breakdown gives "
            "every status."
        ),
        source="Recommendations and their sources (partnership)",
        good="Falling to none",
        higher_is_better=False,
        compute=recommendations_overdue,
        first_record=first_record_of(Recommendation, "source__published_on"),
        unit="%",
    ),
]
