"""Numbers typed into a URL or a form ("²", twenty-three digits) are ignored or refused,
never a server error."""

import pytest

from tests.factories import signed_in_client

ODD = ["²", "99999999999999999999999", "-1", "3.0"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ODD)
def test_slippage_report_ignores_an_odd_plan_number(client, partnership_manager, value):
    signed_in_client(partnership_manager, client)
    response = client.get("/partnership/slippage", {"plan": value})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", ODD)
def test_overlap_report_ignores_an_odd_threshold(client, partnership_manager, value):
    signed_in_client(partnership_manager, client)
    response = client.get("/partnership/recommendations/overlaps", {"threshold": value})
    assert response.status_code == 200
    assert "70" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ODD)
def test_new_meeting_ignores_an_odd_chosen_child(client, team_manager, value):
    signed_in_client(team_manager, client)
    response = client.post("/meetings/new", {"person": value, "find": "1"})
    assert response.status_code < 500


HUGE = "99999999999999999999999"


@pytest.mark.django_db
@pytest.mark.parametrize("value", [*ODD, HUGE + "0"])
def test_network_ignores_an_odd_record_in_its_focus_and_path(client_for, police_analyst, value):
    client = client_for(police_analyst)
    for query in ({"focus": f"person:{value}"}, {"from": f"person:{value}", "to": "place:1"}):
        response = client.get("/intelligence/network/", query)
        assert response.status_code < 500, query


@pytest.mark.django_db
@pytest.mark.parametrize("value", ODD)
def test_intelligence_form_ignores_an_odd_child(client_for, school_lead, value):
    response = client_for(school_lead).get("/intelligence/submit", {"person": value})
    assert response.status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize("value", ODD)
def test_front_door_refuses_an_odd_child_or_version_when_linking(
    client_for, front_door_worker, school_lead, value
):
    from tests.factories import PersonFactory
    from tests.frontdoor.factories import raise_contact

    contact = raise_contact(school_lead)
    child = PersonFactory(owning_agency=front_door_worker.agency)
    client = client_for(front_door_worker)
    url = f"/front-door/contacts/{contact.pk}/link"
    assert client.post(url, {"person": value, "version": 1}).status_code < 500
    assert client.post(url, {"person": child.pk, "version": value}).status_code < 500
    contact.refresh_from_db()
    assert contact.person_id is None
