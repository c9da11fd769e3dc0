"""Counting rules of the measures on pursuing the adults (F32, F33, F34, F39) on police
records built by hand, and who may open the records behind them."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PersonFactory
from triangulate.intelligence.models import (
    IntelligenceItem,
    Link,
    PersonOfConcern,
    Place,
    Tactic,
    TacticType,
)
from triangulate.performance.periods import Period
from triangulate.performance.services import figures
from triangulate.performance.services.measures import BY_SLUG, disruption

from .conftest import TODAY, at

OCTOBER = Period.month(2026, 10, TODAY)


@pytest.fixture
def concern(police, police_officer):
    def make(harm=3, status="suspect", created=dt.date(2026, 1, 5)):
        return PersonOfConcern.objects.create(
            owning_agency=police, person=PersonFactory(owning_agency=police), harm=harm,
            status=status, created_by=police_officer, created_at=at(created),
        )  # fmt: skip

    return make


@pytest.fixture
def tactic(police, police_officer):
    def make(concern, code="cawn", *, started, outcome="planned", outcome_on=None, **more):
        return Tactic.objects.create(
            owning_agency=police, concern=concern, tactic_type=TacticType.objects.get(code=code),
            owner="DC Shaw", started_on=started, outcome=outcome, outcome_on=outcome_on,
            created_by=police_officer, **more,
        )  # fmt: skip

    return make


def test_notices_count_in_the_twelve_calendar_months_to_the_month_end(concern, tactic, children):
    adult, other = concern(), concern()
    amelia, tyler, _ = children
    first_day = tactic(adult, started=dt.date(2025, 11, 1), outcome="issued",
                       outcome_on=dt.date(2025, 11, 1), person=amelia)  # fmt: skip
    last_day = tactic(adult, started=dt.date(2026, 10, 20), outcome="issued",
                      outcome_on=dt.date(2026, 10, 31), person=tyler,
                      breached_on=dt.date(2026, 10, 31))  # fmt: skip
    tactic(other, started=dt.date(2025, 10, 1), outcome="issued", outcome_on=dt.date(2025, 10, 31))
    tactic(other, started=dt.date(2026, 10, 1), outcome="refused", outcome_on=dt.date(2026, 10, 2))
    tactic(other, started=dt.date(2026, 11, 1), outcome="issued", outcome_on=dt.date(2026, 11, 1))
    tactic(other, "sro", started=dt.date(2026, 9, 1), outcome="issued",
           outcome_on=dt.date(2026, 9, 2))  # fmt: skip

    figure = disruption.notices_issued(OCTOBER)

    assert figure.numerator.ids == [first_day.pk, last_day.pk]
    assert ("Distinct adults served", 1) in figure.breakdown
    assert ("Distinct children protected", 2) in figure.breakdown
    assert ("Breached by the end of the month", 1) in figure.breakdown
    assert disruption.twelve_months_to(Period.month(2027, 1, TODAY)) == dt.date(2026, 2, 1)


def test_high_harm_adults_with_a_live_plan_at_the_snapshot(concern, tactic):
    planned, finished_later, finished, no_plan = concern(4), concern(3), concern(3), concern(3)
    low, dropped, late = (
        concern(1),
        concern(4, status="nfa"),
        concern(3, created=dt.date(2026, 11, 2)),
    )
    tactic(planned, started=dt.date(2026, 10, 31))
    tactic(finished_later, "sro", started=dt.date(2026, 9, 1), outcome="completed",
           outcome_on=dt.date(2026, 11, 3))  # fmt: skip
    tactic(finished, "sro", started=dt.date(2026, 9, 1), outcome="withdrawn",
           outcome_on=dt.date(2026, 10, 3))  # fmt: skip
    tactic(no_plan, started=dt.date(2026, 11, 1))  # begun after the snapshot
    for other in (low, dropped, late):
        tactic(other, started=dt.date(2026, 10, 1))

    figure = disruption.serious_harm_under_disruption(OCTOBER)

    assert figure.numerator.ids == [planned.pk, finished_later.pk]
    assert len(figure.denominator) == 4
    assert ("Low harm, with an active disruption plan", 1) in figure.breakdown
    assert ("Very high harm", 1) in figure.breakdown  # the adult with no further action is out


def test_tactics_begun_in_the_month_by_type(concern, tactic):
    adult = concern()
    tactic(adult, started=dt.date(2026, 10, 1))
    tactic(adult, "sro", started=dt.date(2026, 10, 31), outcome="refused")
    tactic(adult, started=dt.date(2026, 9, 30))

    figure = disruption.tactics_begun(OCTOBER)

    assert len(figure.numerator) == 2
    assert sum(count for _, count in figure.breakdown) == 2


def test_a_place_is_counted_once_however_many_reports_name_it(police, police_officer, school):
    hotel = Place.objects.create(owning_agency=police, name="The Grange Hotel", kind="hotel")
    park = Place.objects.create(owning_agency=police, name="Riverside Park", kind="park")

    def report(day, *places):
        item = IntelligenceItem.objects.create(
            owning_agency=police, reference=f"INT-{day:%m%d}-{len(places)}",
            submitted_by_agency=school, submitted_by=police_officer, what_seen="Seen",
            seen_at=at(day),
        )  # fmt: skip
        for place in places:
            Link.objects.create(owning_agency=police, item=item, place=place,
                                created_by=police_officer)  # fmt: skip

    report(dt.date(2026, 10, 2), hotel)
    report(dt.date(2026, 10, 31), hotel, park)
    report(dt.date(2026, 10, 15))  # no place
    report(dt.date(2026, 9, 30), park)

    figure = disruption.places_reported(OCTOBER)

    assert figure.numerator.ids == sorted([hotel.pk, park.pk])
    assert ("Hotel", 1) in figure.breakdown
    assert ("Reports about a place", 2) in figure.breakdown
    assert ("Most reports about one place", 2) in figure.breakdown
    assert (figure.quality[0].count, figure.quality[0].of) == (1, 3)


def test_police_records_open_to_the_police_and_not_to_a_council_practitioner(
    concern, tactic, police_officer, practitioner
):
    tactic(concern(4), started=dt.date(2026, 10, 3))
    measure = BY_SLUG["high-harm-under-disruption"]

    seen = figures.drill_down(actor=police_officer, measure=measure, period=OCTOBER, part="")
    hidden = figures.drill_down(actor=practitioner, measure=measure, period=OCTOBER, part="")

    assert (seen.total, len(seen.rows)) == (1, 1)
    assert (hidden.total, len(hidden.rows)) == (1, 0)


def test_the_records_page_lists_an_adult_of_concern_as_no_child_s_record(
    concern, tactic, police_officer, client_for
):
    tactic(concern(4), started=dt.date(2026, 10, 3))
    url = reverse(
        "performance:records",
        kwargs={"slug": "high-harm-under-disruption", "year": 2026, "month": 10},
    )

    response = client_for(police_officer).get(url)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Not a child&#39;s record" in text
    assert "Person of concern" in text
