"""Counting rules of the measures on contacts passed to the police and strategy discussions
(F14, F15) and of children first identified at risk in the financial year (F20), on records
built by hand."""

import datetime as dt

from tests.frontdoor.factories import raise_contact
from triangulate.frontdoor.models import Contact, NeedLevel, TriageDecision
from triangulate.meetings.models import Meeting
from triangulate.performance.periods import Period
from triangulate.performance.services import measures
from triangulate.performance.services.measures import cohort, police

from .conftest import TODAY, at, flag_at_risk

OCTOBER = Period.month(2026, 10, TODAY)


def _decided(actor, worker, outcome, when, meeting=None):
    contact = raise_contact(actor)
    TriageDecision.objects.create(
        owning_agency=worker.agency, contact=contact, outcome=outcome,
        need_level=NeedLevel.objects.first(), reasons="Decided", decided_by=worker,
        decided_at=when, strategy_meeting=meeting,
    )  # fmt: skip
    return contact


def test_contacts_passed_to_the_police_count_by_the_month_of_the_decision(
    school_lead, front_door_worker
):
    in_month = _decided(school_lead, front_door_worker, "police", at(dt.date(2026, 10, 31), 23, 30))
    _decided(school_lead, front_door_worker, "police", at(dt.date(2026, 11, 1), 0, 5))
    _decided(school_lead, front_door_worker, "mace", at(dt.date(2026, 10, 10)))

    figure = police.passed_to_police(OCTOBER)

    assert figure.numerator.ids == [in_month.pk]
    assert figure.numerator.model is Contact
    assert figure.quality[0].of == 1


def test_strategy_discussions_count_those_with_a_meeting_set_up_and_held(
    school_lead, front_door_worker
):
    def meeting(day):
        return Meeting.objects.create(
            owning_agency=front_door_worker.agency, kind="strategy", title="Strategy",
            held_at=at(day), chair=front_door_worker,
        )  # fmt: skip

    decided = at(dt.date(2026, 10, 20))
    held = _decided(
        school_lead, front_door_worker, "strategy", decided, meeting(dt.date(2026, 10, 22))
    )
    _decided(school_lead, front_door_worker, "strategy", decided, meeting(dt.date(2026, 11, 2)))
    _decided(school_lead, front_door_worker, "strategy", decided)
    _decided(school_lead, front_door_worker, "strategy", at(dt.date(2026, 9, 30)))

    figure = police.strategy_discussions(OCTOBER)

    assert len(figure.numerator) == 3
    assert held.pk in figure.numerator.ids
    assert ("With a strategy meeting set up", 2) in figure.breakdown
    assert ("Strategy meeting held by the end of the month", 1) in figure.breakdown


def test_children_first_flagged_since_april_are_counted_once_in_the_financial_year(
    practitioner, children
):
    amelia, tyler, leah = children

    def flag(child, day, removed=None):
        flag_at_risk(child, practitioner, at(day), removed=at(removed) if removed else None)

    flag(amelia, dt.date(2026, 3, 31), removed=dt.date(2026, 5, 1))  # the year before
    flag(amelia, dt.date(2026, 6, 1))  # flagged again: not new
    flag(tyler, dt.date(2026, 4, 1), removed=dt.date(2026, 8, 1))
    flag(tyler, dt.date(2026, 9, 1))  # flagged again: counted once
    flag(leah, dt.date(2026, 11, 3))

    assert cohort.newly_at_risk_this_year(OCTOBER).numerator.ids == [tyler.pk]
    assert cohort.newly_at_risk_this_year(Period.month(2026, 11, TODAY)).numerator.ids == [
        tyler.pk,
        leah.pk,
    ]
    march = cohort.newly_at_risk_this_year(Period.month(2026, 3, TODAY))
    assert march.numerator.ids == [amelia.pk]
    assert cohort.financial_year_start(Period.month(2027, 2, TODAY)) == dt.date(2026, 4, 1)


def test_the_catalogue_stays_in_figure_number_order():
    numbers = [int(m.figure_id.removeprefix("F")) for m in measures.CATALOGUE]
    assert numbers == sorted(numbers)
    assert {"F14", "F15", "F20"} <= {m.figure_id for m in measures.CATALOGUE}
