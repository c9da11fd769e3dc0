"""Responses to a signed-in user are never kept by the browser or a proxy cache."""

from django.test import Client


def test_pages_for_a_signed_in_user_are_not_stored(client_for, practitioner):
    response = client_for(practitioner).get("/register/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def test_a_styled_error_page_for_a_signed_in_user_is_not_stored(client_for, practitioner):
    response = client_for(practitioner).get("/register/people/999999")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_the_sign_in_page_is_unchanged_for_visitors(db):
    response = Client().get("/sign-in")
    assert "Pragma" not in response
