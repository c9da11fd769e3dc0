"""A strategy discussion sets up the strategy meeting with police, health and education."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PersonFactory
from tests.frontdoor.factories import raise_contact
from triangulate.core import access
from triangulate.frontdoor.models import NeedLevel
from triangulate.meetings import services as meetings
from triangulate.meetings.models import Meeting, MeetingKind


@pytest.mark.django_db
def test_a_strategy_discussion_sets_up_the_meeting_with_the_partners_invited(
    client_for, front_door_worker, school_lead, police_officer, health
):
    contact = raise_contact(school_lead)
    child = PersonFactory(owning_agency=front_door_worker.agency)
    client = client_for(front_door_worker)
    client.post(f"/front-door/contacts/{contact.pk}/link", {"person": child.pk, "version": 1})
    when = timezone.localtime(timezone.now() + dt.timedelta(days=2))
    response = client.post(
        f"/front-door/contacts/{contact.pk}/decide",
        {
            "outcome": "strategy",
            "need_level": NeedLevel.objects.get(code="4").pk,
            "reasons": "Reasonable cause to suspect significant harm.",
            "strategy_on-day": when.day,
            "strategy_on-month": when.month,
            "strategy_on-year": when.year,
            "strategy_time": "14:30",
            "version": 2,
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.kind == MeetingKind.STRATEGY
    assert meeting.person == child
    assert timezone.localtime(meeting.held_at).strftime("%H:%M") == "14:30"
    for agency_user in (police_officer, school_lead):
        assert access.visible(agency_user, Meeting).filter(pk=meeting.pk).exists()
        # Each invited partner reads the item about the child it is invited to discuss.
        assert [i.person for i in meetings.agenda(actor=agency_user, meeting=meeting)] == [child]
    page = client.get(f"/front-door/contacts/{contact.pk}").content.decode()
    assert "Strategy meeting set up for" in page
    assert health.name in page and police_officer.agency.name in page
    assert school_lead.agency.name in page
