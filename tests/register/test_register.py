import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PersonFactory
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.register import services
from triangulate.register.models import Person

VALID = {
    "given_name": "Leah",
    "family_name": "Pemberton",
    "known_as": "Lee",
    "date_of_birth-day": "14",
    "date_of_birth-month": "2",
    "date_of_birth-year": "2012",
    "sex": "F",
    "ethnicity": "WBRI",
    "nhs_number": "943 476 5919",
    "upn": "",
    "address_line_1": "4 Weir Street",
    "town": "Kingsmere",
    "postcode": "km4 7qt",
}


def test_add_a_person(client_for, front_door_worker):
    response = client_for(front_door_worker).post(reverse("register:person_create"), VALID)
    person = Person.objects.get()
    assert response.status_code == 302
    assert person.nhs_number == "9434765919"
    assert person.addresses.get().postcode == "KM4 7QT"
    assert person.owning_agency == front_door_worker.agency
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(person.pk)).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "Enter a real NHS number"),
        ({"upn": "A12345678901Z"}, "unique pupil number"),
        ({"postcode": "KM47"}, "Enter a real postcode"),
        (
            {"date_of_birth-year": str(dt.date.today().year + 1)},
            "Date of birth must be today or in the past",
        ),
        ({"date_of_birth-month": "13"}, "Date of birth must be a real date"),
        ({"date_of_birth-month": ""}, "Date of birth must include a month"),
        ({"family_name": ""}, "Enter last name"),
    ],
)
def test_bad_input_gets_a_govuk_error_and_saves_nothing(
    client_for, front_door_worker, change, message
):
    response = client_for(front_door_worker).post(
        reverse("register:person_create"), {**VALID, **change}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert message in body
    assert not Person.objects.exists()


def test_search_finds_misspelt_and_known_as_names(client_for, practitioner, council):
    caitlin = PersonFactory(
        owning_agency=council, given_name="Caitlin", family_name="Whitfield", known_as="Cat"
    )
    PersonFactory(owning_agency=council, given_name="Tyler", family_name="Okafor")
    client = client_for(practitioner)
    for query in ("Kaitlin Whitfeld", "Cat", "whitfield"):
        body = client.get(reverse("register:search"), {"name": query}).content.decode()
        assert "Caitlin Whitfield" in body, query
        assert "Tyler Okafor" not in body, query
    searches = AuditEntry.objects.filter(action=AuditAction.SEARCH)
    assert searches.count() == 3
    assert searches.last().detail["results"] == [caitlin.pk]


def test_search_by_identifier_and_date_of_birth(client_for, practitioner, council):
    PersonFactory(
        owning_agency=council,
        given_name="Kai",
        family_name="Nowak",
        nhs_number="9434765919",
        date_of_birth=dt.date(2011, 5, 2),
    )
    client = client_for(practitioner)
    assert (
        "Kai Nowak"
        in client.get(reverse("register:search"), {"identifier": "943 476 5919"}).content.decode()
    )
    body = client.get(
        reverse("register:search"),
        {"date_of_birth-day": "2", "date_of_birth-month": "5", "date_of_birth-year": "2011"},
    ).content.decode()
    assert "Kai Nowak" in body


def test_search_never_shows_other_agencies_records(client_for, police_officer, child):
    body = (
        client_for(police_officer)
        .get(reverse("register:search"), {"name": "Rosie"})
        .content.decode()
    )
    assert "Hargreaves" not in body
    assert "0 people found" in body


def test_empty_search_is_an_error(client_for, practitioner):
    response = client_for(practitioner).get(reverse("register:search"), {"name": ""})
    assert "Enter a name, a date of birth or an identifier" in response.content.decode()


def test_person_page_is_audited(client_for, practitioner, child):
    body = (
        client_for(practitioner).get(reverse("register:person", args=[child.pk])).content.decode()
    )
    assert "Rosie Hargreaves" in body
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_id=str(child.pk), actor_name="practitioner"
    ).exists()


def test_who_has_seen_this_record_is_for_managers(client_for, practitioner, team_manager, child):
    client_for(practitioner).get(reverse("register:person", args=[child.pk]))
    assert (
        client_for(practitioner).get(reverse("register:access_log", args=[child.pk])).status_code
        == 403
    )
    body = (
        client_for(team_manager)
        .get(reverse("register:access_log", args=[child.pk]))
        .content.decode()
    )
    assert "practitioner" in body
    assert "Viewed" in body


def test_stale_edit_is_refused(practitioner, child):
    seen_version = child.version
    services.person_update(
        actor=practitioner, person=child, expected_version=seen_version, known_as="Rosie H"
    )
    with pytest.raises(StaleEdit):
        services.person_update(
            actor=practitioner, person=child, expected_version=seen_version, known_as="Overwritten"
        )
    child.refresh_from_db()
    assert child.known_as == "Rosie H"


def test_person_page_shows_a_timeline_newest_first(client_for, practitioner, child):
    from tests.factories import PersonAddressFactory

    PersonAddressFactory(person=child, from_date=dt.date(2024, 3, 1), line_1="9 Mill Lane")
    body = (
        client_for(practitioner).get(reverse("register:person", args=[child.pk])).content.decode()
    )
    assert "Timeline" in body
    assert body.index("Added to the register") < body.index("Address recorded")
    # The MOJ Frontend timeline pattern, not hand-written markup: each entry a timeline item
    # with its date as a machine-readable time.
    timeline = body[body.index('class="moj-timeline"') :]
    assert timeline.count('class="moj-timeline__item"') >= 2
    assert '<p class="moj-timeline__date"><time datetime="' in timeline
    assert "app-timeline" not in body


def test_my_work_page_for_caseworkers(client_for, practitioner):
    response = client_for(practitioner).get(reverse("core:my_work"))
    assert response.status_code == 200
    assert "My work" in response.content.decode()
