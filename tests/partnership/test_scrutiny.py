"""Scrutiny: questions, written answers that become overdue, follow-ups, minutes."""

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.partnership.models import Committee, Question
from triangulate.partnership.services import PartnershipError
from triangulate.partnership.services import scrutiny as services

TODAY = timezone.localdate()


@pytest.fixture
def committee(chair, elected_member, scrutiny_officer):
    committee = Committee.objects.create(name="Children's Scrutiny Panel", chair=chair)
    committee.members.set([chair, elected_member, scrutiny_officer])
    return committee


@pytest.fixture
def meeting(committee, scrutiny_officer):
    return services.meeting_create(
        actor=scrutiny_officer, committee=committee, held_on=TODAY, title="Exploitation"
    )


def test_a_written_answer_becomes_overdue_and_stands_out(
    client_for, meeting, elected_member, chair, scrutiny_officer, police
):
    question = services.question_draft(
        actor=elected_member,
        meeting=meeting,
        text="How many hotels were visited?",
        witness_agency=police,
    )
    services.question_assign(actor=chair, question=question, member=elected_member)
    assert services.questions_send(actor=scrutiny_officer, meeting=meeting) == 1
    services.answer_record(
        actor=scrutiny_officer,
        question=question,
        expected_version=2,
        mode="written",
        due_on=TODAY + dt.timedelta(days=7),
    )
    question.refresh_from_db()
    assert not question.is_overdue(TODAY)
    assert list(services.overdue_answers(TODAY + dt.timedelta(days=8))) == [question]
    Question.objects.filter(pk=question.pk).update(answer_due_on=TODAY - dt.timedelta(days=1))
    page = client_for(elected_member).get("/partnership/scrutiny/").content.decode()
    assert "Written answer overdue" in page
    assert "How many hotels were visited?" in page  # the councillor's own view


def test_a_written_answer_deadline_in_the_past_is_refused(
    client_for, meeting, elected_member, scrutiny_officer, police
):
    question = services.question_draft(
        actor=elected_member, meeting=meeting, text="Q", witness_agency=police
    )
    past = TODAY - dt.timedelta(days=2)
    response = client_for(scrutiny_officer).post(
        f"/partnership/scrutiny/questions/{question.pk}/answer",
        {
            "mode": "written",
            "answer": "",
            "version": question.version,
            "due_on-day": past.day,
            "due_on-month": past.month,
            "due_on-year": past.year,
        },
    )
    assert response.status_code == 400
    assert "must be today or in the future" in response.content.decode()
    with pytest.raises(PartnershipError):
        services.answer_record(
            actor=scrutiny_officer,
            question=question,
            expected_version=1,
            mode="written",
            due_on=past,
        )


def test_only_the_chair_or_scrutiny_officer_assigns_questions(meeting, elected_member, police):
    question = services.question_draft(
        actor=elected_member, meeting=meeting, text="Q", witness_agency=police
    )
    with pytest.raises(PartnershipError):
        services.question_assign(actor=elected_member, question=question, member=elected_member)


def test_a_follow_up_comes_back_on_the_agenda(
    committee, meeting, scrutiny_officer, chief_officer, client_for
):
    earlier = services.meeting_create(
        actor=scrutiny_officer,
        committee=committee,
        held_on=TODAY - dt.timedelta(days=365),
        title="Annual report",
    )
    resolution = services.resolution_add(
        actor=scrutiny_officer,
        meeting=earlier,
        owner=chief_officer,
        text="An update in one year's time",
        follow_up_on=TODAY - dt.timedelta(days=3),
    )
    assert list(services.follow_ups_due(meeting)) == [resolution]
    response = client_for(scrutiny_officer).post(
        f"/partnership/scrutiny/meetings/{meeting.pk}/follow-ups/{resolution.pk}"
    )
    assert response.status_code == 302
    assert list(services.follow_ups_due(meeting)) == []
    assert "Follow-up: An update in one year" in meeting.agenda_items.get().title


def test_minutes_export_as_pdf_without_exempt_titles(
    client_for, meeting, scrutiny_officer, elected_member
):
    services.agenda_item_add(
        actor=scrutiny_officer, meeting=meeting, title="Named hotel investigation", is_exempt=True
    )
    response = client_for(elected_member).get(
        f"/partnership/scrutiny/meetings/{meeting.pk}/minutes.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"Exempt item" in response.content
    assert b"Named hotel investigation" not in response.content


def test_a_late_written_answer_can_still_be_recorded(
    client_for, meeting, elected_member, scrutiny_officer, police
):
    question = services.question_draft(
        actor=elected_member, meeting=meeting, text="Q", witness_agency=police
    )
    due = TODAY - dt.timedelta(days=5)
    Question.objects.filter(pk=question.pk).update(answer_mode="written", answer_due_on=due)
    question.refresh_from_db()
    response = client_for(scrutiny_officer).post(
        f"/partnership/scrutiny/questions/{question.pk}/answer",
        {
            "mode": "written",
            "answer": "Forty hotels were visited.",
            "version": question.version,
            "due_on-day": due.day,
            "due_on-month": due.month,
            "due_on-year": due.year,
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.answer, question.answered_on, question.is_overdue(TODAY)) == (
        "Forty hotels were visited.",
        TODAY,
        False,
    )
