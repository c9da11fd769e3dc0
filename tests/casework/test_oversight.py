import datetime as dt

import pytest
from django.utils import timezone

from triangulate.casework.models import Case, CaseNote, Task
from triangulate.casework.services import casenotes, oversight
from triangulate.core.models import AuditEntry

NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
OPENED = NOW - dt.timedelta(days=100)


def test_the_visit_gap_counts_from_the_last_time_the_child_was_seen_alone():
    assert not oversight.visit_overdue(NOW - dt.timedelta(days=28), OPENED, NOW, 28)
    assert oversight.visit_overdue(NOW - dt.timedelta(days=29), OPENED, NOW, 28)


def test_a_child_never_seen_alone_counts_from_the_case_opening():
    assert oversight.visit_overdue(None, OPENED, NOW, 28)
    assert not oversight.visit_overdue(None, NOW - dt.timedelta(days=5), NOW, 28)


def _note(case, actor, days_ago, *, alone, seen=True, recorded_days_later=0):
    occurred = timezone.now() - dt.timedelta(days=days_ago)
    note = casenotes.note_record(
        actor=actor,
        case=case,
        kind="visit",
        occurred_at=occurred,
        summary="Visit",
        child_seen=seen,
        child_seen_alone=alone,
    )
    if recorded_days_later:
        CaseNote.objects.filter(pk=note.pk).update(
            recorded_at=occurred + dt.timedelta(days=recorded_days_later)
        )
    return note


@pytest.mark.django_db
def test_a_child_seen_only_with_a_parent_for_five_weeks_shows_on_the_team_view(
    client_for, practitioner, team_manager, open_case, council
):
    Case.objects.filter(pk=open_case.pk).update(opened_at=timezone.now() - dt.timedelta(days=90))
    _note(open_case, practitioner, 36, alone=True)
    _note(open_case, practitioner, 10, alone=False)
    gaps = oversight.visit_gaps(actor=team_manager, days=28)
    assert [(g.case, g.days) for g in gaps] == [(open_case, 36)]
    assert gaps[0].last_seen > gaps[0].last_seen_alone

    page = client_for(team_manager).get("/cases/oversight").content.decode()
    assert open_case.reference in page and "36" in page
    # A longer limit clears it.
    page = client_for(team_manager).get("/cases/oversight", {"days": 40, "working_days": 2})
    assert "Every child on an open case has been seen alone" in page.content.decode()
    assert AuditEntry.objects.filter(purpose="view team oversight").exists()


@pytest.mark.django_db
def test_notes_typed_more_than_the_working_days_allowed_are_listed(
    practitioner, team_manager, open_case
):
    on_time = _note(open_case, practitioner, 20, alone=True, recorded_days_later=1)
    late = _note(open_case, practitioner, 30, alone=True, recorded_days_later=9)
    listed = oversight.late_notes(actor=team_manager, working_days=2)
    assert late in listed and on_time not in listed


@pytest.mark.django_db
def test_unallocated_cases_are_listed(team_manager, open_case):
    Case.objects.filter(pk=open_case.pk).update(worker=None, team=None)
    assert oversight.unallocated(actor=team_manager) == [open_case]


@pytest.mark.django_db
def test_supervision_records_its_actions_as_case_tasks(
    client_for, team_manager, practitioner, open_case
):
    due = timezone.localdate() + dt.timedelta(days=7)
    today = timezone.localdate()
    response = client_for(team_manager).post(
        f"/cases/{open_case.pk}/supervision",
        {
            "held_on-day": today.day,
            "held_on-month": today.month,
            "held_on-year": today.year,
            "reflection": "She has started to talk about the adults near school.",
            "decisions": "See her alone weekly.",
            "action_1": "See her alone at school",
            "owner_1": practitioner.pk,
            "due_1-day": due.day,
            "due_1-month": due.month,
            "due_1-year": due.year,
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(case=open_case, supervision__isnull=False)
    assert task.owner == practitioner and task.due_on == due
    assert "See her alone at school" in client_for(practitioner).get("/my-work").content.decode()


@pytest.mark.django_db
def test_an_action_without_an_owner_is_refused(client_for, team_manager, open_case):
    today = timezone.localdate()
    response = client_for(team_manager).post(
        f"/cases/{open_case.pk}/supervision",
        {
            "held_on-day": today.day,
            "held_on-month": today.month,
            "held_on-year": today.year,
            "reflection": "R",
            "decisions": "D",
            "action_1": "See her alone",
        },
    )
    assert response.status_code == 400
    assert "Select who will do action 1" in response.content.decode()
    assert not Task.objects.exists()
