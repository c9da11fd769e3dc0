"""Training: the courses completed in the month, and by how many people (F40)."""

from __future__ import annotations

from triangulate.partnership.models.learning import TrainingCompletion

from ...periods import Period
from .base import MONTHLY, Figure, Measure, Quality, Rows, first_record_of
from .breakdowns import counted


def people_trained(period: Period) -> Figure:
    rows = list(
        TrainingCompletion.objects.filter(
            completed_on__gte=period.start, completed_on__lt=period.end
        ).values_list("id", "user_id", "learner_id", "course__title", "agency_id")
    )
    people = {("u", u) if u else ("l", ln) for _, u, ln, _, _ in rows}
    return Figure(
        Rows(TrainingCompletion, [pk for pk, *_ in rows]),
        breakdown=[("Distinct people", len(people)), *counted(title for *_, title, _ in rows)],
        quality=[
            Quality(
                "completions with no agency recorded",
                sum(1 for *_, agency_id in rows if agency_id is None),
                len(rows),
            )
        ],
    )


MEASURES: list[Measure] = [
    Measure(
        figure_id="F40",
        slug="training-completions",
        name="Training completions",
        version=1,
        numerator=(
            "Courses completed in the month, by staff with an account and by people trained "
            "without one"
        ),
        denominator="",
        period=MONTHLY,
        counting="Every completion counts; distinct people are given beside it.",
        source="Training completions (partnership)",
        good="Rising until everyone who must train has trained",
        higher_is_better=True,
        compute=people_trained,
        first_record=first_record_of(TrainingCompletion, "completed_on"),
    ),
]
