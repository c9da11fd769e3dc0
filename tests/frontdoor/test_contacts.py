import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AgencyFactory, PersonFactory
from tests.frontdoor.factories import raise_contact
from triangulate.core import records
from triangulate.core.clocks import LONDON
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditEntry, RecordShare
from triangulate.core.roles import AgencyType, Role
from triangulate.frontdoor import services
from triangulate.frontdoor.models import Contact, Contribution, NeedLevel, Status
from triangulate.frontdoor.services import linking

RAISE = {
    "child_given_name": "Caitlin",
    "child_family_name": "Whitfeild",
    "concern": "Seen getting into a car with two adults outside school.",
    "urgency": "today",
    "family_aware": "not_known",
    "consent": "not_known",
}


@pytest.mark.django_db
def test_a_school_lead_raises_a_concern_and_the_hub_sees_it_on_the_clock(
    client_for, school_lead, front_door_worker, council
):
    response = client_for(school_lead).post("/front-door/raise", RAISE)
    assert response.status_code == 200
    contact = Contact.objects.get()
    assert contact.reference in response.content.decode()
    assert contact.owning_agency == council
    assert contact.raised_by_agency == school_lead.agency

    queue = client_for(front_door_worker).get("/front-door/").content.decode()
    assert contact.reference in queue
    assert "Caitlin Whitfeild" in queue
    assert AuditEntry.objects.filter(action="create", object_id=str(contact.pk)).exists()


@pytest.mark.django_db
def test_a_contact_without_the_minimum_is_refused_with_a_gov_uk_error(client_for, school_lead):
    response = client_for(school_lead).post(
        "/front-door/raise",
        {**RAISE, "child_given_name": "", "child_family_name": "", "concern": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter what you have seen or heard" in page
    assert "so that the child can be found" in page
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_the_decision_clock_skips_weekends_and_bank_holidays(school_lead, council):
    # Friday 22 August 2025, 4pm; Monday 25 August is the summer bank holiday.
    friday = dt.datetime(2025, 8, 22, 16, 0, tzinfo=LONDON)
    contact = services.contact_raise(
        actor=school_lead,
        child=services.ChildDetails(given_name="Leah"),
        concern=services.ConcernDetails(concern="Worried"),
        received_at=friday,
    )
    assert timezone.localtime(contact.decision_due_at, LONDON) == dt.datetime(
        2025, 8, 26, 16, 0, tzinfo=LONDON
    )


def _received(moment: dt.datetime) -> dict:
    local = timezone.localtime(moment, LONDON)
    return {
        "received_on-day": local.day,
        "received_on-month": local.month,
        "received_on-year": local.year,
        "received_time": local.strftime("%H:%M"),
    }


@pytest.mark.django_db
def test_staff_record_a_phone_contact_with_its_source(client_for, front_door_worker, school_lead):
    response = client_for(front_door_worker).post(
        "/front-door/record",
        {
            **RAISE,
            **_received(timezone.now()),
            "source": "police_101",
            "reporter_name": "A neighbour",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.source == "police_101"
    assert contact.reporter_name == "A neighbour"
    # Only the hub records contacts on someone else's behalf.
    refused = client_for(school_lead).post("/front-door/record", {**RAISE, "source": "phone"})
    assert refused.status_code == 403


@pytest.mark.django_db
def test_a_referrer_sees_only_their_own_contacts_and_the_feedback_for_them(
    client_for, school_lead, front_door_worker, make_user, school
):
    other_teacher = make_user(school, Role.SCHOOL_SAFEGUARDING_LEAD, username="other")
    mine = raise_contact(school_lead)
    theirs = raise_contact(other_teacher)
    child = PersonFactory(owning_agency=front_door_worker.agency)
    services.contact_link_person(
        actor=front_door_worker, contact=mine, person_pk=child.pk, expected_version=1
    )
    services.decision_record(
        actor=front_door_worker,
        contact=mine,
        expected_version=2,
        outcome="early_help",
        need_level=NeedLevel.objects.get(code="2"),
        reasons="Internal reasoning the school should not read.",
        referrer_feedback="Early help will contact the family.",
    )
    client = client_for(school_lead)
    page = client.get(f"/front-door/contacts/{mine.pk}").content.decode()
    assert "Early help will contact the family." in page
    assert "Internal reasoning" not in page
    assert client.get(f"/front-door/contacts/{theirs.pk}").status_code == 403


@pytest.mark.django_db
def test_two_practitioners_deciding_at_once_the_second_is_told(
    client_for, front_door_worker, make_user, council, school_lead
):
    colleague = make_user(council, Role.FRONT_DOOR_SOCIAL_WORKER, username="colleague")
    contact = raise_contact(school_lead)
    level = NeedLevel.objects.get(code="1")
    form = {
        "outcome": "nfa_advice",
        "need_level": level.pk,
        "reasons": "Advice given.",
        "version": contact.version,
    }
    first = client_for(front_door_worker).post(f"/front-door/contacts/{contact.pk}/decide", form)
    assert first.status_code == 302
    second_client = client_for(colleague)
    second = second_client.post(
        f"/front-door/contacts/{contact.pk}/decide",
        {**form, "outcome": "early_help", "reasons": "Different view."},
    )
    # The contact page as it now is, the refusal in its error summary.
    page = second.content.decode()
    assert second.status_code == 409 and "govuk-error-summary" in page
    assert "Someone else saved this record after you opened it" in page
    assert "Advice given." in page
    contact.refresh_from_db()
    assert contact.decision.outcome == "nfa_advice"
    assert contact.decision.reasons == "Advice given."


@pytest.mark.django_db
def test_a_decision_that_needs_a_child_is_refused_until_one_is_linked(
    client_for, front_door_worker, school_lead
):
    contact = raise_contact(school_lead)
    response = client_for(front_door_worker).post(
        f"/front-door/contacts/{contact.pk}/decide",
        {
            "outcome": "exploitation_team",
            "need_level": NeedLevel.objects.get(code="3").pk,
            "reasons": "Risk",
            "version": contact.version,
        },
    )
    assert response.status_code == 400
    assert "Link the contact to a child" in response.content.decode()
    contact.refresh_from_db()
    assert contact.status != Status.DECIDED


@pytest.mark.django_db
def test_partner_contributions_are_held_by_their_agency_and_shared_with_the_hub(
    client_for, front_door_worker, police_officer, school_lead, make_user, health
):
    nurse = make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse")
    contact = raise_contact(school_lead)
    # Not yet asked: police cannot see the contact.
    assert client_for(police_officer).get(f"/front-door/contacts/{contact.pk}").status_code == 403
    client_for(front_door_worker).post(
        f"/front-door/contacts/{contact.pk}/ask", {"agencies": [police_officer.agency_id]}
    )
    police = client_for(police_officer)
    assert contact.reference in police.get("/front-door/").content.decode()
    response = police.post(
        f"/front-door/contacts/{contact.pk}/contribute",
        {
            "summary": "Two missing reports this year.",
            "lawful_basis": records.LawfulBasis.SAFEGUARDING,
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.owning_agency == police_officer.agency
    share = RecordShare.objects.get(object_id=contribution.pk, shared_with=contact.owning_agency)
    assert "para 18" in share.lawful_basis
    hub_page = (
        client_for(front_door_worker).get(f"/front-door/contacts/{contact.pk}").content.decode()
    )
    assert "Two missing reports this year." in hub_page
    # Health was not asked, so sees neither the contact nor police's contribution.
    assert client_for(nurse).get(f"/front-door/contacts/{contact.pk}").status_code == 403


@pytest.mark.django_db
def test_linking_a_contact_announces_it_to_other_apps(front_door_worker, school_lead, monkeypatch):
    heard = []
    monkeypatch.setattr(
        linking.extensions, "publish", lambda event, **payload: heard.append((event, payload))
    )
    contact = raise_contact(school_lead)
    child = PersonFactory(owning_agency=front_door_worker.agency)
    services.contact_link_person(
        actor=front_door_worker, contact=contact, person_pk=child.pk, expected_version=1
    )
    assert heard[0][0] == "contact.received"
    assert heard[0][1]["person"] == child
    assert heard[0][1]["contact"] == contact


@pytest.mark.django_db
def test_a_stale_link_changes_nothing(front_door_worker, school_lead):
    contact = raise_contact(school_lead)
    child = PersonFactory(owning_agency=front_door_worker.agency)
    services.contact_link_person(
        actor=front_door_worker, contact=contact, person_pk=child.pk, expected_version=1
    )
    other = PersonFactory(owning_agency=front_door_worker.agency)
    with pytest.raises(StaleEdit):
        services.contact_link_person(
            actor=front_door_worker, contact=contact, person_pk=other.pk, expected_version=1
        )
    contact.refresh_from_db()
    assert contact.person == child


@pytest.mark.django_db
def test_no_front_door_agency_means_no_contact(make_user):
    school = AgencyFactory(name="Lone school", agency_type=AgencyType.EDUCATION)
    teacher = make_user(school, Role.SCHOOL_SAFEGUARDING_LEAD)
    with pytest.raises(services.NoFrontDoor):
        raise_contact(teacher)


@pytest.mark.django_db
def test_several_indicators_can_be_ticked(client_for, school_lead, council):
    client = client_for(school_lead)
    page = client.get("/front-door/raise").content.decode()
    assert page.count('type="checkbox"') >= 12
    client.post("/front-door/raise", {**RAISE, "indicators": ["cars", "gifts"]})
    assert Contact.objects.get().indicators == ["cars", "gifts"]


@pytest.mark.django_db
def test_a_date_error_links_to_the_day_box(client_for, school_lead, council):
    response = client_for(school_lead).post(
        "/front-door/raise",
        {**RAISE, "child_date_of_birth-day": "31", "child_date_of_birth-month": "2",
         "child_date_of_birth-year": "2012"},
    )  # fmt: skip
    page = response.content.decode()
    assert "must be a real date" in page
    assert 'href="#child_date_of_birth-day"' in page
    assert 'id="child_date_of_birth-day"' in page


@pytest.mark.django_db
def test_a_phone_contact_shows_the_caller_and_its_clock_starts_when_the_call_came_in(
    client_for, front_door_worker
):
    # Wednesday 14 January 2026, 08:10: the call came in; it is typed in later.
    called = dt.datetime(2026, 1, 14, 8, 10, tzinfo=LONDON)
    client = client_for(front_door_worker)
    response = client.post(
        "/front-door/record",
        {
            **RAISE,
            **_received(called),
            "source": "phone",
            "urgency": "routine",
            "reporter_name": "Mrs Patel",
            "reporter_relationship": "Neighbour",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.received_at == called
    assert timezone.localtime(contact.decision_due_at, LONDON) == dt.datetime(
        2026, 1, 15, 8, 10, tzinfo=LONDON
    )
    page = client.get(f"/front-door/contacts/{contact.pk}").content.decode()
    assert "Who reported it" in page
    assert "Mrs Patel (Neighbour)" in page
    assert "Recorded by" in page


@pytest.mark.django_db
def test_a_contact_cannot_be_received_in_the_future(client_for, front_door_worker):
    later = timezone.now() + dt.timedelta(hours=3)
    response = client_for(front_door_worker).post(
        "/front-door/record", {**RAISE, **_received(later), "source": "phone"}
    )
    assert response.status_code == 400
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_answering_a_request_is_confirmed_and_leaves_the_answerers_list(
    client_for, front_door_worker, police_officer, school_lead
):
    contact = raise_contact(school_lead)
    services.contributions_request(
        actor=front_door_worker, contact=contact, agencies=[police_officer.agency]
    )
    police = client_for(police_officer)
    assert "asked your agency what it knows" in police.get("/front-door/").content.decode()
    response = police.post(
        f"/front-door/contacts/{contact.pk}/contribute",
        {
            "summary": "Stopped in a car with two adults last month.",
            "lawful_basis": records.LawfulBasis.SAFEGUARDING,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "contribution has been shared with the front door" in page
    assert "Stopped in a car with two adults last month." in page
    assert "asked your agency what it knows" not in police.get("/front-door/").content.decode()


@pytest.mark.django_db
def test_consent_is_refused_as_the_lawful_basis_when_consent_was_refused(
    client_for, front_door_worker, police_officer, school_lead
):
    contact = services.contact_raise(
        actor=school_lead,
        child=services.ChildDetails(given_name="Leah", family_name="Marsh"),
        concern=services.ConcernDetails(concern="Worried", consent="refused"),
    )
    services.contributions_request(
        actor=front_door_worker, contact=contact, agencies=[police_officer.agency]
    )
    response = client_for(police_officer).post(
        f"/front-door/contacts/{contact.pk}/contribute",
        {"summary": "Known to us.", "lawful_basis": records.LawfulBasis.CONSENT},
    )
    assert response.status_code == 400
    assert "consent was refused" in response.content.decode()
    assert not Contribution.objects.exists()
    with pytest.raises(services.ConsentNotGiven):
        services.contribution_add(
            actor=police_officer,
            contact=contact,
            summary="Known.",
            lawful_basis=records.LawfulBasis.CONSENT,
        )


@pytest.mark.django_db
def test_a_contributor_sees_its_contribution_and_the_referrers_outcome_not_the_hubs_reasons(
    client_for, front_door_worker, police_officer, school_lead
):
    contact = raise_contact(school_lead)
    services.contributions_request(
        actor=front_door_worker, contact=contact, agencies=[police_officer.agency]
    )
    services.contribution_add(
        actor=police_officer,
        contact=contact,
        summary="Stopped in a car with two adults last month.",
        lawful_basis=records.LawfulBasis.SAFEGUARDING,
    )
    child = PersonFactory(owning_agency=front_door_worker.agency)
    services.contact_link_person(
        actor=front_door_worker, contact=contact, person_pk=child.pk, expected_version=1
    )
    services.decision_record(
        actor=front_door_worker,
        contact=contact,
        expected_version=2,
        outcome="early_help",
        need_level=NeedLevel.objects.get(code="2"),
        reasons="Internal reasoning for the hub only.",
        referrer_feedback="Early help will contact the family.",
    )
    share = RecordShare.objects.get(object_id=contact.pk, shared_with=police_officer.agency)
    assert share.expires_at is not None
    assert share.expires_at <= timezone.now()
    page = client_for(police_officer).get(f"/front-door/contacts/{contact.pk}").content.decode()
    assert "Stopped in a car with two adults last month." in page
    assert "Early help will contact the family." in page
    assert "Internal reasoning" not in page
    assert "Level 2" not in page
    assert front_door_worker.display_name not in page
