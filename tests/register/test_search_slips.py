"""Register search finds the ordinary slips the front door's matcher finds."""

import datetime as dt

import pytest

from tests.factories import PersonFactory
from triangulate.core.nicknames import formal_names, same_given_name
from triangulate.register.services.matching import IntakeDetails, find_matches


@pytest.fixture
def begums(council):
    return {
        "ruby": PersonFactory(
            owning_agency=council,
            given_name="Ruby",
            family_name="Begum",
            date_of_birth=dt.date(2010, 11, 4),
        ),
        "robert": PersonFactory(
            owning_agency=council,
            given_name="Robert",
            family_name="Begum",
            date_of_birth=dt.date(2012, 2, 20),
        ),
    }


@pytest.fixture
def alexandra(council):
    return PersonFactory(
        owning_agency=council,
        given_name="Alexandra",
        family_name="Whitfield",
        date_of_birth=dt.date(2011, 7, 1),
    )


def _names_found(client, **query):
    """The search results only (the form echoes what was typed)."""
    page = client.get("/register/", query).content.decode()
    return page.split("found</h2>", 1)[1]


@pytest.mark.django_db
def test_a_misspelt_last_name_is_found(client_for, practitioner, begums):
    page = _names_found(client_for(practitioner), name="Ruby Begun")
    assert "Ruby Begum" in page


@pytest.mark.django_db
def test_a_date_of_birth_with_day_and_month_swapped_is_found(client_for, practitioner, begums):
    page = _names_found(
        client_for(practitioner),
        **{
            "name": "Ruby Begum",
            "date_of_birth-day": "11",
            "date_of_birth-month": "4",
            "date_of_birth-year": "2010",
        },
    )
    assert "Ruby Begum" in page


@pytest.mark.django_db
def test_a_short_form_of_a_name_finds_the_formal_name_first(client_for, practitioner, begums):
    page = _names_found(client_for(practitioner), name="Robbie Begum")
    assert "Robert Begum" in page
    if "Ruby Begum" in page:
        assert page.index("Robert Begum") < page.index("Ruby Begum")


@pytest.mark.django_db
def test_lexi_finds_alexandra(client_for, practitioner, alexandra):
    page = _names_found(client_for(practitioner), name="Lexi Whitfield")
    assert "Alexandra Whitfield" in page


@pytest.mark.django_db
def test_the_intake_matcher_uses_the_same_short_forms(front_door_worker, begums, alexandra):
    result = find_matches(
        actor=front_door_worker, details=IntakeDetails(given_name="Robbie", family_name="Begum")
    )
    assert result.matches[0].person == begums["robert"]
    assert "Robbie can be short for Robert" in result.matches[0].reasons
    result = find_matches(
        actor=front_door_worker, details=IntakeDetails(given_name="Lexi", family_name="Whitfield")
    )
    assert [m.person for m in result.matches] == [alexandra]


def test_the_short_forms_table():
    assert "robert" in formal_names("robbie")
    assert "alexandra" in formal_names("lexi")
    assert same_given_name("robert", "robbie")
    assert same_given_name("robbie", "robert")
    assert not same_given_name("ruby", "robert")
