import datetime as dt

import pytest
from django.utils import timezone

from triangulate.casework.models import (
    JointInvestigation,
    StrategyAction,
    StrategyDecision,
    StrategyDiscussion,
)
from triangulate.casework.services import strategy


def _form(agencies, decision="s47_joint", **overrides):
    day = timezone.localdate() - dt.timedelta(days=1)
    data = {
        "held_on-day": day.day,
        "held_on-month": day.month,
        "held_on-year": day.year,
        "held_time": "10:00",
        "invited": [a.pk for a in agencies],
        "attended": [a.pk for a in agencies],
        "information_shared": "Police: seen with an adult of concern twice.",
        "decision": decision,
        "reasons": "Reasonable cause to suspect significant harm.",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_joint_section_47_decision_reaches_police_and_health_with_their_actions(
    client_for, team_manager, police_officer, make_user, health, school, open_case
):
    from triangulate.core.roles import Role

    nurse = make_user(health, Role.HEALTH_SAFEGUARDING)
    manager = client_for(team_manager)
    response = manager.post(
        f"/cases/{open_case.pk}/strategy/new",
        _form([police_officer.agency, health, school]),
    )
    assert response.status_code == 302
    discussion = StrategyDiscussion.objects.get()
    assert discussion.decision == StrategyDecision.S47_JOINT

    for owner, text in ((police_officer, "Visit the address"), (nurse, "Offer a health check")):
        due = timezone.localdate() + dt.timedelta(days=3)
        response = manager.post(
            f"/cases/strategy/{discussion.pk}/actions",
            {
                "text": text,
                "owner": owner.pk,
                "due_on-day": due.day,
                "due_on-month": due.month,
                "due_on-year": due.year,
            },
        )
        assert response.status_code == 302

    police = client_for(police_officer)
    assert "Visit the address" in police.get("/my-work").content.decode()
    assert "Offer a health check" in client_for(nurse).get("/my-work").content.decode()
    page = police.get(f"/cases/strategy/{discussion.pk}")
    assert (
        page.status_code == 200 and "Section 47 enquiry, joint with police" in page.content.decode()
    )
    action = StrategyAction.objects.get(owner=police_officer)
    assert police.post(f"/cases/strategy/actions/{action.pk}/done").status_code == 302
    action.refresh_from_db()
    assert action.done_at is not None
    # The nurse cannot complete the police officer's action.
    assert client_for(nurse).post(f"/cases/strategy/actions/{action.pk}/done").status_code == 403

    started = timezone.localdate()
    response = manager.post(
        f"/cases/strategy/{discussion.pk}/investigation",
        {
            "police_reference": "MP-26-000123",
            "started_on-day": started.day,
            "started_on-month": started.month,
            "started_on-year": started.year,
        },
    )
    assert response.status_code == 302
    investigation = JointInvestigation.objects.get()
    # The police record the outcome.
    response = police.post(
        f"/cases/strategy/{discussion.pk}/investigation",
        {"outcome": "conference", "outcome_detail": "Conference on 3 April", "version": 1},
    )
    assert response.status_code == 302
    investigation.refresh_from_db()
    assert investigation.outcome == "conference" and investigation.version == 2
    today = timezone.localdate()
    figures = strategy.counts(start=today - dt.timedelta(days=7), end=today)
    assert figures == {"strategy_discussions": 1, "section_47": 1, "joint_investigations": 1}


@pytest.mark.django_db
def test_a_discussion_without_health_is_refused_and_nothing_saved(
    client_for, team_manager, police_officer, school, open_case
):
    response = client_for(team_manager).post(
        f"/cases/{open_case.pk}/strategy/new", _form([police_officer.agency, school])
    )
    assert response.status_code == 400
    assert "Invite health" in response.content.decode()
    assert not StrategyDiscussion.objects.exists()


@pytest.mark.django_db
def test_a_discussion_cannot_be_dated_in_the_future(
    client_for, team_manager, police_officer, health, open_case
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(team_manager).post(
        f"/cases/{open_case.pk}/strategy/new",
        _form(
            [police_officer.agency, health],
            **{
                "held_on-day": tomorrow.day,
                "held_on-month": tomorrow.month,
                "held_on-year": tomorrow.year,
            },
        ),
    )
    assert response.status_code == 400
    assert not StrategyDiscussion.objects.exists()


@pytest.mark.django_db
def test_an_agency_not_invited_cannot_read_the_discussion(
    client_for, team_manager, police_officer, health, school_lead, open_case
):
    client_for(team_manager).post(
        f"/cases/{open_case.pk}/strategy/new", _form([police_officer.agency, health])
    )
    discussion = StrategyDiscussion.objects.get()
    assert client_for(school_lead).get(f"/cases/strategy/{discussion.pk}").status_code == 403


@pytest.mark.django_db
def test_a_front_door_strategy_decision_leads_to_the_discussion_and_back(
    client_for, front_door_worker, school_lead, police_officer, health
):
    from tests.factories import PersonFactory
    from tests.frontdoor.factories import raise_contact
    from triangulate.frontdoor.models import NeedLevel

    contact = raise_contact(school_lead)
    child = PersonFactory(owning_agency=front_door_worker.agency)
    client = client_for(front_door_worker)
    client.post(f"/front-door/contacts/{contact.pk}/link", {"person": child.pk, "version": 1})
    client.post(
        f"/front-door/contacts/{contact.pk}/decide",
        {
            "outcome": "strategy",
            "need_level": NeedLevel.objects.get(code="4").pk,
            "reasons": "Reasonable cause to suspect significant harm.",
            "version": 2,
        },
    )
    start = f"/cases/strategy/from-contact/{contact.pk}"
    page = client.get(f"/front-door/contacts/{contact.pk}").content.decode()
    assert f'href="{start}"' in page
    assert "Started from this contact" not in page

    response = client.post(start, _form([police_officer.agency, health], decision="s47_single"))
    assert response.status_code == 302
    discussion = StrategyDiscussion.objects.get()
    assert discussion.contact == contact
    page = client.get(f"/front-door/contacts/{contact.pk}").content.decode()
    assert "Started from this contact" in page
    assert f'href="/cases/strategy/{discussion.pk}"' in page
    assert "Section 47 enquiry, single agency" in page
