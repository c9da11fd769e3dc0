"""Public and councillor reports about a place or an adult, naming no child, reach the hub."""

import pytest
from django.test import Client

from triangulate.frontdoor.models import Contact, NeedLevel, Source
from triangulate.intelligence.models import IntelligenceItem

PLACE = {
    "reporter_type": "councillor",
    "concern": "Cars outside the takeaway every night; older men calling young people over.",
    "location": "Chicken shop on Mere Street",
}


@pytest.mark.django_db
def test_a_report_about_a_place_only_is_accepted_and_routed_to_the_hub(
    council, client_for, front_door_worker
):
    response = Client().post("/public/concern", PLACE, follow=True)
    assert response.status_code == 200
    contact = Contact.objects.get()
    assert contact.source == Source.COUNCILLOR
    assert contact.owning_agency == council
    assert contact.child_name == "No child named"
    hub = client_for(front_door_worker)
    assert contact.reference in hub.get("/front-door/").content.decode()
    page = hub.get(f"/front-door/contacts/{contact.pk}").content.decode()
    assert "about a place or an adult" in page
    assert "intelligence log as information" in page
    assert "not yet part of Triangulate" not in page


@pytest.mark.django_db
def test_a_place_report_passed_to_the_police_reaches_their_intelligence_log(
    council, police, police_officer, client_for, front_door_worker
):
    """10.42: once intelligence exists, a report about a place reaches the police as
    information, with no child needed."""
    Client().post("/public/concern", PLACE)
    contact = Contact.objects.get()
    level = next(
        level
        for level in NeedLevel.objects.all()
        if not level.outcomes or "police" in level.outcomes
    )
    response = client_for(front_door_worker).post(
        f"/front-door/contacts/{contact.pk}/decide",
        {
            "outcome": "police",
            "need_level": level.pk,
            "reasons": "Information about a place for the police.",
            "version": contact.version,
        },
    )
    assert response.status_code == 302
    [item] = IntelligenceItem.objects.all()
    assert item.owning_agency == police and item.person is None
    assert "Cars outside the takeaway" in item.what_seen and contact.reference in item.what_seen
    assert item.where_seen == "Chicken shop on Mere Street"
    assert item.reference in client_for(police_officer).get("/intelligence/").content.decode()


@pytest.mark.django_db
def test_a_report_with_neither_a_child_nor_a_place_is_still_refused(council):
    response = Client().post("/public/concern", {**PLACE, "location": ""})
    assert response.status_code == 400
    assert "where this is happening" in response.content.decode()
    assert Contact.objects.count() == 0
