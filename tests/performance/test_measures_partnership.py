"""Counting rules of the measures on the partnership's plan and recommendations (F49, F50,
F51) on records built by hand."""

import datetime as dt

import pytest

from tests.factories import AgencyFactory
from triangulate.partnership.models import Action, Objective, Plan, Priority
from triangulate.partnership.models.plans import DateChange
from triangulate.partnership.models.recommendations import Recommendation, Source
from triangulate.performance.periods import Period
from triangulate.performance.services.measures import partnership

from .conftest import TODAY, at

OCTOBER = Period.month(2026, 10, TODAY)


@pytest.fixture
def make_action(council, partnership_manager):
    plan = Plan.objects.create(
        title="Delivery plan", starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2028, 3, 31),
        owning_agency=AgencyFactory(name="Kingsmere Safeguarding Partnership"),
    )  # fmt: skip
    objective = Objective.objects.create(
        priority=Priority.objects.create(plan=plan, number=1, title="Protect"),
        number="1.1", title="Protect children",
    )  # fmt: skip
    counter = iter(range(1, 100))

    def make(target, *, created=dt.date(2026, 1, 5), signed_off=None):
        return Action.objects.create(
            objective=objective, number=f"1.1.{next(counter)}", title="An action",
            success_measure="Fewer children missing", lead_officer=partnership_manager,
            owning_agency=council, target_date=target, original_target_date=target,
            created_at=at(created), signed_off_at=at(signed_off) if signed_off else None,
            completion_requested_at=at(signed_off) if signed_off else None,
        )  # fmt: skip

    return make


def test_actions_are_rated_by_the_rules_on_the_snapshot_day(make_action):
    overdue = make_action(dt.date(2026, 10, 30))
    make_action(dt.date(2026, 9, 1), signed_off=dt.date(2026, 8, 30))
    make_action(dt.date(2027, 6, 1))
    make_action(dt.date(2027, 6, 1), created=dt.date(2026, 11, 1))  # after the snapshot

    figure = partnership.actions_red(OCTOBER)

    assert figure.numerator.ids == [overdue.pk]
    assert len(figure.denominator) == 3
    assert ("Complete", 1) in figure.breakdown
    assert sum(count for _, count in figure.breakdown) == 3


def test_date_moves_count_in_the_month_made_with_the_days_added(make_action, partnership_manager):
    first, second = make_action(dt.date(2026, 12, 1)), make_action(dt.date(2027, 1, 1))

    def move(action, old, new, when):
        DateChange.objects.create(
            action=action, old_date=old, new_date=new, reason="Waiting for the new service",
            changed_by=partnership_manager, approved_by=partnership_manager, changed_at=when,
        )  # fmt: skip

    move(first, dt.date(2026, 11, 1), dt.date(2026, 12, 1), at(dt.date(2026, 10, 1), 0, 1))
    move(first, dt.date(2026, 12, 1), dt.date(2026, 12, 11), at(dt.date(2026, 10, 31), 23, 59))
    move(second, dt.date(2027, 2, 1), dt.date(2027, 1, 1), at(dt.date(2026, 10, 15)))
    move(second, dt.date(2027, 1, 1), dt.date(2027, 3, 1), at(dt.date(2026, 11, 1)))

    figure = partnership.dates_moved(OCTOBER)

    assert len(figure.numerator) == 3
    assert ("Distinct actions moved", 2) in figure.breakdown
    assert ("Days moved later, in all", 40) in figure.breakdown
    assert ("Moved earlier", 1) in figure.breakdown


def test_recommendations_are_overdue_after_their_due_date_unless_done(db):
    source = Source.objects.create(
        kind="inspection", title="Inspection", author="Inspectorate", body="Council",
        published_on=dt.date(2026, 6, 1),
    )  # fmt: skip
    later = Source.objects.create(
        kind="review", title="Review", author="Reviewer", body="Partnership",
        published_on=dt.date(2026, 11, 2),
    )  # fmt: skip

    def recommend(number, timescale, status="open", due_on=None, of=source):
        return Recommendation.objects.create(
            source=of, number=number, text="Do better", addressee="Partnership",
            timescale=timescale, due_on=due_on, status=status,
        )  # fmt: skip

    late = recommend("1", "3_months")  # due 1 September
    recommend("2", "3_months", status="done")
    recommend("3", "date", due_on=dt.date(2026, 10, 31))  # due on the snapshot day: not late
    recommend("4", "6_months")  # due 1 December
    recommend("1", "immediately", of=later)  # published after the snapshot

    figure = partnership.recommendations_overdue(OCTOBER)

    assert figure.numerator.ids == [late.pk]
    assert len(figure.denominator) == 4
    assert ("Done", 1) in figure.breakdown
