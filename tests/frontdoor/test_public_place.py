"""Public and councillor reports about a place or an adult, naming no child, reach the hub."""

import pytest
from django.test import Client

from triangulate.frontdoor.models import Contact, Source

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
    assert "Police intelligence is not yet part of Triangulate" in page


@pytest.mark.django_db
def test_a_report_with_neither_a_child_nor_a_place_is_still_refused(council):
    response = Client().post("/public/concern", {**PLACE, "location": ""})
    assert response.status_code == 400
    assert "where this is happening" in response.content.decode()
    assert Contact.objects.count() == 0
