"""Witness agencies answer scrutiny questions themselves; questions and resolutions reach people."""

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.core.roles import Role
from triangulate.partnership.models import Committee, Question
from triangulate.partnership.services import scrutiny as services

TODAY = timezone.localdate()


@pytest.fixture
def meeting(chair, elected_member, scrutiny_officer):
    committee = Committee.objects.create(name="Children's scrutiny panel", chair=chair)
    committee.members.add(chair, elected_member)
    return services.meeting_create(
        actor=scrutiny_officer,
        committee=committee,
        held_on=TODAY - dt.timedelta(days=3),
        title="Exploitation",
    )


@pytest.fixture
def police_question(meeting, elected_member, scrutiny_officer, police):
    question = services.question_draft(
        actor=elected_member,
        meeting=meeting,
        text="How many abduction warning notices were served this year?",
        witness_agency=police,
    )
    services.questions_send(actor=scrutiny_officer, meeting=meeting)
    return Question.objects.get(pk=question.pk)


def _nominate(client, officer):
    return client.post("/partnership/scrutiny/witness-officers", {"officer": officer.pk})


def test_a_question_to_the_police_reaches_their_nominated_officer_who_answers_it(
    client_for, scrutiny_officer, police_officer, police, police_question, make_user
):
    assert _nominate(client_for(scrutiny_officer), police_officer).status_code == 302
    officer = client_for(police_officer)
    work = officer.get("/my-work").content.decode()
    assert "Scrutiny questions for your agency to answer" in work
    respond = f"/partnership/scrutiny/questions/{police_question.pk}/respond"
    assert respond in work
    page = officer.get(respond)
    assert page.status_code == 200
    assert "How many abduction warning notices" in page.content.decode()
    response = officer.post(
        respond, {"answer": "Fourteen notices were served.", "version": police_question.version}
    )
    assert response.status_code == 302
    police_question.refresh_from_db()
    assert police_question.answer == "Fourteen notices were served."
    assert police_question.answered_by == police_officer
    assert police_question.answered_on == TODAY
    meeting_page = (
        client_for(scrutiny_officer)
        .get(f"/partnership/scrutiny/meetings/{police_question.meeting_id}")
        .content.decode()
    )
    assert f"from {police_officer.display_name}: Fourteen notices were served." in meeting_page
    # Another officer of the same agency, not nominated, cannot answer for it.
    other = make_user(police, Role.POLICE_OFFICER, username="other.officer")
    assert client_for(other).get(respond).status_code == 403


def test_without_a_nominee_a_health_question_reaches_health_chief_officer(
    client_for, meeting, elected_member, scrutiny_officer, health, make_user
):
    chief = make_user(health, Role.CHIEF_OFFICER, username="health.chief")
    question = services.question_draft(
        actor=elected_member, meeting=meeting, text="How do GPs learn?", witness_agency=health
    )
    services.questions_send(actor=scrutiny_officer, meeting=meeting)
    work = client_for(chief).get("/my-work").content.decode()
    assert f"/partnership/scrutiny/questions/{question.pk}/respond" in work


def test_a_resolution_owner_gets_it_in_my_work(
    client_for, meeting, scrutiny_officer, police_officer
):
    services.resolution_add(
        actor=scrutiny_officer,
        meeting=meeting,
        owner=police_officer,
        text="Report the number of notices served to the next meeting",
        follow_up_on=TODAY + dt.timedelta(days=60),
    )
    work = client_for(police_officer).get("/my-work").content.decode()
    assert "Scrutiny resolutions you own" in work
    assert "Report the number of notices served" in work
