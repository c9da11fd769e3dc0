"""Urgent concerns: their own clock in hours, the top of the queue, the duty manager told."""

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.core.clocks import LONDON
from triangulate.frontdoor import services


def _raise(actor, urgency, received_at=None, name="Leah"):
    return services.contact_raise(
        actor=actor,
        child=services.ChildDetails(given_name=name, family_name="Marsh"),
        concern=services.ConcernDetails(concern="Worried", urgency=urgency),
        received_at=received_at,
    )


@pytest.mark.django_db
def test_an_urgent_concern_is_due_in_hours_counted_out_of_hours(school_lead, council):
    # Saturday 17 January 2026, 23:00: not a working day, and at night.
    saturday_night = dt.datetime(2026, 1, 17, 23, 0, tzinfo=LONDON)
    danger = _raise(school_lead, "immediate", saturday_night)
    today = _raise(school_lead, "today", saturday_night)
    routine = _raise(school_lead, "routine", saturday_night)
    assert timezone.localtime(danger.decision_due_at, LONDON) == dt.datetime(
        2026, 1, 18, 1, 0, tzinfo=LONDON
    )
    assert timezone.localtime(today.decision_due_at, LONDON) == dt.datetime(
        2026, 1, 18, 7, 0, tzinfo=LONDON
    )
    # Routine: one working day from 09:00 on Monday.
    assert timezone.localtime(routine.decision_due_at, LONDON) == dt.datetime(
        2026, 1, 20, 9, 0, tzinfo=LONDON
    )


@pytest.mark.django_db
def test_urgent_concerns_head_the_queue_above_overdue_routine_ones(
    client_for, school_lead, front_door_worker
):
    overdue = _raise(school_lead, "routine", timezone.now() - dt.timedelta(days=5), name="Amy")
    danger = _raise(school_lead, "immediate", name="Zara")
    queue = services.triage_queue(actor=front_door_worker)
    assert [c.pk for c in queue] == [danger.pk, overdue.pk]
    page = client_for(front_door_worker).get("/front-door/").content.decode()
    assert page.index(danger.reference) < page.index(overdue.reference)


@pytest.mark.django_db
def test_an_urgent_concern_reaches_the_hubs_duty_manager(client_for, school_lead, team_manager):
    danger = _raise(school_lead, "immediate")
    _raise(school_lead, "routine", name="Amy")
    page = client_for(team_manager).get("/my-work").content.decode()
    assert "Urgent concerns at the front door" in page
    section = page.split("Urgent concerns at the front door", 1)[1]
    assert danger.reference in section
    assert page.index("Urgent concerns at the front door") < page.index("Front-door decisions due")
