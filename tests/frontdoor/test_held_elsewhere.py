"""The front door sees that another agency holds the child, asks it, and avoids duplicates."""

import datetime as dt

import pytest

from tests.factories import PersonFactory
from tests.frontdoor.factories import raise_contact
from triangulate.core import access, records
from triangulate.core.roles import Role
from triangulate.frontdoor import services
from triangulate.frontdoor.models import Contact, NeedLevel, TriageDecision
from triangulate.register.models import Person


@pytest.fixture
def danielle(health):
    return PersonFactory(
        owning_agency=health,
        given_name="Danielle",
        family_name="Kowalski",
        date_of_birth=dt.date(2011, 5, 9),
    )


@pytest.fixture
def nurse(make_user, health):
    return make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse")


@pytest.mark.django_db
def test_the_match_page_names_the_agency_holding_a_misspelt_child_and_asks_it(
    client_for, front_door_worker, school_lead, danielle, health
):
    contact = raise_contact(school_lead, given_name="Danielle", family_name="Kwalski")
    client = client_for(front_door_worker)
    page = client.get(f"/front-door/contacts/{contact.pk}/match").content.decode()
    assert "Kingsmere Community Health holds 1 likely match" in page
    assert "Kowalski" not in page  # which agency, never the details
    assert "Ask Kingsmere Community Health what they know" in page

    response = client.post(
        f"/front-door/contacts/{contact.pk}/ask",
        {"agencies": str(health.pk), "return_to": "match"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/front-door/contacts/{contact.pk}/match")
    assert services.agencies_asked(contact=contact) == {health.pk}
    page = client.get(f"/front-door/contacts/{contact.pk}/match").content.decode()
    assert "Waiting for Kingsmere Community Health to answer" in page


@pytest.mark.django_db
def test_adding_a_new_child_is_confirmed_first_when_another_agency_holds_a_match(
    client_for, front_door_worker, school_lead, danielle
):
    contact = raise_contact(school_lead, given_name="Danielle", family_name="Kwalski")
    client = client_for(front_door_worker)
    url = f"/front-door/contacts/{contact.pk}/new-child"
    page = client.post(url, {"version": contact.version}).content.decode()
    assert "Another agency may already hold this child" in page
    assert Person.objects.count() == 1
    response = client.post(url, {"version": contact.version, "confirm": "yes"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_the_asked_agency_shares_its_record_and_the_hub_links_it(
    client_for, front_door_worker, school_lead, danielle, nurse, health
):
    contact = raise_contact(school_lead, given_name="Danielle", family_name="Kwalski")
    services.contributions_request(actor=front_door_worker, contact=contact, agencies=[health])
    nurse_client = client_for(nurse)
    page = nurse_client.get(f"/front-door/contacts/{contact.pk}").content.decode()
    assert "Danielle Kowalski, born 9 May 2011" in page
    nurse_client.post(
        f"/front-door/contacts/{contact.pk}/contribute",
        {
            "summary": "Known to the school nurse.",
            "lawful_basis": records.LawfulBasis.SAFEGUARDING,
            "record": str(danielle.pk),
        },
    )
    assert access.visible(front_door_worker, Person).filter(pk=danielle.pk).exists()
    client = client_for(front_door_worker)
    page = client.get(f"/front-door/contacts/{contact.pk}/match").content.decode()
    assert "Link to Danielle Kowalski" in page
    client.post(
        f"/front-door/contacts/{contact.pk}/link",
        {"person": danielle.pk, "version": contact.version},
    )
    contact.refresh_from_db()
    assert contact.person == danielle


@pytest.mark.django_db
def test_a_decision_needing_a_child_waits_for_an_asked_agency_instead_of_a_duplicate(
    front_door_worker, school_lead, danielle, health
):
    contact = raise_contact(school_lead, given_name="Danielle", family_name="Kwalski")
    level = NeedLevel.objects.get(code="2")
    with pytest.raises(services.DecisionNeedsChild):
        services.decision_record(
            actor=front_door_worker, contact=contact, expected_version=1,
            outcome="early_help", need_level=level, reasons="Family support.",
        )  # fmt: skip
    services.contributions_request(actor=front_door_worker, contact=contact, agencies=[health])
    contact.refresh_from_db()
    services.decision_record(
        actor=front_door_worker, contact=contact, expected_version=contact.version,
        outcome="early_help", need_level=level, reasons="Family support.",
    )  # fmt: skip
    assert TriageDecision.objects.filter(contact=contact).exists()
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_a_child_found_by_searching_by_hand_can_be_linked(
    client_for, front_door_worker, school_lead, council
):
    child = PersonFactory(owning_agency=council, given_name="Jasmine", family_name="Okafor")
    contact = raise_contact(school_lead, given_name="Jazz", family_name="Smith")
    client = client_for(front_door_worker)
    page = client.get(
        f"/front-door/contacts/{contact.pk}/match", {"name": "Jasmine Okafor"}
    ).content.decode()
    assert "Link to Jasmine Okafor" in page
    client.post(
        f"/front-door/contacts/{contact.pk}/link", {"person": child.pk, "version": contact.version}
    )
    contact.refresh_from_db()
    assert contact.person == child


@pytest.mark.django_db
def test_the_awaited_agency_keeps_its_share_after_the_decision_until_it_answers(
    front_door_worker, school_lead, danielle, nurse, health
):
    contact = raise_contact(school_lead, given_name="Danielle", family_name="Kwalski")
    services.contributions_request(actor=front_door_worker, contact=contact, agencies=[health])
    contact.refresh_from_db()
    services.decision_record(
        actor=front_door_worker, contact=contact, expected_version=contact.version,
        outcome="early_help", need_level=NeedLevel.objects.get(code="2"), reasons="Support.",
    )  # fmt: skip
    assert [c.pk for c in services.contributions_requested(actor=nurse)] == [contact.pk]
    contact.refresh_from_db()
    services.contribution_add(
        actor=nurse,
        contact=contact,
        summary="Known to the school nurse.",
        lawful_basis=records.LawfulBasis.SAFEGUARDING,
        share_person_pk=danielle.pk,
    )
    assert not access.visible(nurse, Contact).filter(pk=contact.pk).exists()
    services.contact_link_person(
        actor=front_door_worker,
        contact=contact,
        person_pk=danielle.pk,
        expected_version=contact.version,
    )
    contact.refresh_from_db()
    assert contact.person == danielle
