"""Decisions fit their level of need; no further action on exploitation needs a manager's
agreement; a decision is corrected by a recorded amendment that keeps the original."""

import pytest

from tests.factories import PersonFactory
from tests.frontdoor.factories import raise_contact
from triangulate.frontdoor import services
from triangulate.frontdoor.models import DecisionAmendment, NeedLevel, Status


def _level(code):
    return NeedLevel.objects.get(code=code)


@pytest.mark.django_db
def test_a_decision_that_contradicts_its_level_is_refused_with_a_gov_uk_error(
    client_for, front_door_worker, school_lead
):
    contact = raise_contact(school_lead)
    response = client_for(front_door_worker).post(
        f"/front-door/contacts/{contact.pk}/decide",
        {
            "outcome": "nfa_advice",
            "need_level": _level("4").pk,
            "reasons": "test",
            "version": contact.version,
        },
    )
    assert response.status_code == 400
    assert "This decision does not fit Level 4" in response.content.decode()
    contact.refresh_from_db()
    assert contact.status != Status.DECIDED
    assert not services.decision_for(contact)


@pytest.mark.django_db
def test_no_further_action_on_exploitation_waits_for_a_managers_agreement(
    client_for, front_door_worker, school_lead, team_manager
):
    contact = raise_contact(school_lead)  # "picked up in cars": an exploitation indicator
    decision = services.decision_record(
        actor=front_door_worker, contact=contact, expected_version=1,
        outcome="nfa_advice", need_level=_level("1"), reasons="Parent collecting.",
        referrer_feedback="No further action.",
    )  # fmt: skip
    contact.refresh_from_db()
    assert decision.awaiting_agreement
    assert contact.status == Status.IN_TRIAGE
    # The referrer is not told a decision that does not yet stand.
    assert (
        "No further action."
        not in client_for(school_lead).get(f"/front-door/contacts/{contact.pk}").content.decode()
    )
    # The decider cannot agree their own decision.
    refused = client_for(front_door_worker).post(f"/front-door/contacts/{contact.pk}/agree")
    assert refused.status_code == 403
    manager = client_for(team_manager)
    assert contact.reference in manager.get("/my-work").content.decode()
    assert (
        "Agree no further action"
        in manager.get(f"/front-door/contacts/{contact.pk}").content.decode()
    )
    assert manager.post(f"/front-door/contacts/{contact.pk}/agree").status_code == 302
    decision.refresh_from_db()
    contact.refresh_from_db()
    assert decision.agreed_by == team_manager
    assert contact.status == Status.DECIDED


@pytest.mark.django_db
def test_a_decision_is_corrected_by_an_amendment_that_keeps_the_original(
    client_for, front_door_worker, school_lead
):
    contact = raise_contact(school_lead)
    child = PersonFactory(owning_agency=front_door_worker.agency)
    services.contact_link_person(
        actor=front_door_worker, contact=contact, person_pk=child.pk, expected_version=1
    )
    services.decision_record(
        actor=front_door_worker, contact=contact, expected_version=2,
        outcome="early_help", need_level=_level("2"), reasons="Family support first.",
    )  # fmt: skip
    contact.refresh_from_db()
    client = client_for(front_door_worker)
    response = client.post(
        f"/front-door/contacts/{contact.pk}/amend",
        {
            "outcome": "exploitation_team",
            "need_level": _level("3").pk,
            "why": "Police shared a second missing episode after the decision.",
            "version": contact.version,
        },
    )
    assert response.status_code == 302
    decision = services.decision_for(contact)
    assert decision.outcome == "exploitation_team"
    assert decision.reasons == "Family support first."
    amendment = DecisionAmendment.objects.get()
    assert amendment.previous_outcome == "early_help"
    assert amendment.previous_need_level == _level("2")
    assert amendment.amended_by == front_door_worker
    page = client.get(f"/front-door/contacts/{contact.pk}").content.decode()
    assert "Police shared a second missing episode" in page
    assert "was Early help" in page
