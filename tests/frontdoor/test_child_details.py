"""One mapping for a child's details: form → contact → intake search, the same both ways."""

import datetime as dt

import pytest

from triangulate.frontdoor.models import Contact
from triangulate.frontdoor.services.intake import ChildDetails

pytestmark = pytest.mark.django_db

FORM = {
    "child_given_name": " Rosie ",
    "child_family_name": "Hargreaves",
    "child_known_as": "Ro",
    "child_date_of_birth": dt.date(2012, 2, 14),
    "child_age_description": "",
    "child_address": "4 Mill Lane",
    "child_postcode": "KM4 7QT",
    "child_school": "Kingsmere Academy",
    "child_nhs_number": "9434765919",
    "child_upn": "",
    "concern": "not a child field",
}


def test_a_childs_details_survive_the_round_trip_from_form_to_contact_to_search():
    details = ChildDetails.from_form(FORM)
    contact = Contact(**details.contact_fields())
    assert contact.child_given_name == "Rosie"  # trimmed once, on the way in
    back = ChildDetails.from_contact(contact)
    assert back == ChildDetails.from_form({**FORM, "child_given_name": "Rosie"})
    intake = back.to_intake()
    assert (intake.given_name, intake.family_name, intake.known_as) == ("Rosie", "Hargreaves", "Ro")
    assert intake.date_of_birth == dt.date(2012, 2, 14)
    assert (intake.postcode, intake.nhs_number, intake.upn) == ("KM4 7QT", "9434765919", "")


def test_the_public_form_leaves_what_it_does_not_ask_empty():
    public = {"child_given_name": "Rosie", "child_family_name": "", "concern": "seen in cars"}
    details = ChildDetails.from_form(public)
    assert details.date_of_birth is None
    assert details.nhs_number == "" and details.upn == "" and details.school == ""
