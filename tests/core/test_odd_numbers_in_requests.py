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
