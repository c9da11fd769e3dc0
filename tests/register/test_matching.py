import datetime as dt

import pytest

from tests.factories import PersonAddressFactory, PersonFactory
from triangulate.register.services.matching import IntakeDetails, date_variants, find_matches


@pytest.fixture
def caitlin(council):
    person = PersonFactory(
        owning_agency=council,
        given_name="Caitlin",
        family_name="Whitfield",
        known_as="Cat, Caz",
        date_of_birth=dt.date(2011, 3, 12),
        nhs_number="9434765919",
    )
    PersonAddressFactory(person=person, postcode="KM4 7QT")
    return person


@pytest.fixture
def others(council):
    return [
        PersonFactory(owning_agency=council, given_name="Tyler", family_name="Nowak"),
        PersonFactory(
            owning_agency=council,
            given_name="Amelia",
            family_name="Whitfield",
            date_of_birth=dt.date(2015, 9, 2),
        ),
    ]


def _top(user, **details):
    return find_matches(actor=user, details=IntakeDetails(**details)).matches


@pytest.mark.django_db
def test_a_misspelt_name_finds_the_existing_child_with_reasons(front_door_worker, caitlin, others):
    matches = _top(
        front_door_worker,
        given_name="Kaitlyn",
        family_name="Whitfeild",
        date_of_birth=dt.date(2011, 3, 12),
    )
    assert matches[0].person == caitlin
    assert "Same date of birth" in matches[0].reasons
    assert any("Last name" in r for r in matches[0].reasons)
    assert any("First name" in r for r in matches[0].reasons)
    assert matches[0].strength in ("Strong", "Possible")


@pytest.mark.django_db
def test_a_known_as_name_and_a_transposed_date_of_birth_still_match(
    front_door_worker, caitlin, others
):
    for slip in (dt.date(2011, 12, 3), dt.date(2011, 3, 21), dt.date(2011, 3, 13)):
        matches = _top(
            front_door_worker, given_name="Cat", family_name="Whitfield", date_of_birth=slip
        )
        assert matches[0].person == caitlin
        assert "Known as Cat" in matches[0].reasons
        assert any(r.startswith("Date of birth close") for r in matches[0].reasons)


@pytest.mark.django_db
def test_an_identifier_alone_is_a_strong_match(front_door_worker, caitlin, others):
    matches = _top(front_door_worker, nhs_number="943 476 5919")
    assert [m.person for m in matches] == [caitlin]
    assert matches[0].strength == "Strong"
    assert matches[0].reasons == ["Same NHS number"]


@pytest.mark.django_db
def test_postcode_counts_as_a_reason(front_door_worker, caitlin):
    matches = _top(front_door_worker, given_name="Caitlin", family_name="Smith", postcode="km4 7qt")
    assert matches and matches[0].person == caitlin
    assert "Lives at KM4 7QT" in matches[0].reasons


@pytest.mark.django_db
def test_no_match_for_a_different_child(front_door_worker, caitlin, others):
    assert _top(front_door_worker, given_name="Mohammed", family_name="Osei") == []


@pytest.mark.django_db
def test_another_agencys_unshared_record_is_counted_not_shown(front_door_worker, police):
    PersonFactory(
        owning_agency=police,
        given_name="Jayden",
        family_name="Mensah",
        date_of_birth=dt.date(2010, 6, 1),
    )
    result = find_matches(
        actor=front_door_worker,
        details=IntakeDetails(
            given_name="Jaden", family_name="Mensah", date_of_birth=dt.date(2010, 6, 1)
        ),
    )
    assert result.matches == []
    assert result.withheld == {"Mereshire Police": 1}


def test_date_variants_cover_the_common_slips():
    variants = date_variants(dt.date(2011, 3, 12))
    assert variants[dt.date(2011, 12, 3)] == "day and month swapped"
    assert variants[dt.date(2011, 3, 21)] == "day digits transposed"
    assert variants[dt.date(2011, 3, 11)] == "one day out"
    assert dt.date(2011, 3, 12) not in variants
    assert dt.date(2011, 5, 12) not in variants


@pytest.mark.django_db
def test_postcode_finds_the_person_not_the_address_row(front_door_worker, council, caitlin):
    # Address ids and person ids drift apart in a real register.
    for _ in range(3):
        PersonFactory(owning_agency=council)
    late = PersonFactory(owning_agency=council, given_name="Ola", family_name="Adeyemi")
    PersonAddressFactory(person=late, postcode="KM9 9ZZ")
    matches = _top(front_door_worker, given_name="Ola", family_name="Smith", postcode="KM9 9ZZ")
    assert [m.person for m in matches] == [late]
