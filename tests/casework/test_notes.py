import datetime as dt

import pytest
from django.utils import timezone

from triangulate.casework.models import CaseNote, NoteCorrection
from triangulate.casework.services import casenotes
from triangulate.core import records
from triangulate.core.clocks import LONDON
from triangulate.core.models import AuditEntry


def _form(**overrides):
    today = timezone.localdate() - dt.timedelta(days=1)
    data = {
        "kind": "visit",
        "occurred_on-day": today.day,
        "occurred_on-month": today.month,
        "occurred_on-year": today.year,
        "occurred_time": "16:30",
        "present": "Child, mother",
        "child_seen": "yes",
        "child_seen_alone": "yes",
        "childs_words": "I don't want to go to the flat any more.",
        "summary": "Home visit after school. Spoke alone in her bedroom.",
        "significant": "on",
    }
    data.update(overrides)
    return data


def _note(case, actor, **overrides):
    values = {
        "kind": "visit",
        "occurred_at": timezone.now() - dt.timedelta(hours=3),
        "summary": "Home visit.",
        "child_seen": True,
        "child_seen_alone": False,
    }
    values.update(overrides)
    return casenotes.note_record(actor=actor, case=case, **values)


@pytest.mark.django_db
def test_a_visit_with_the_child_seen_alone_is_recorded_with_their_words(
    client_for, practitioner, open_case
):
    client = client_for(practitioner)
    response = client.post(f"/cases/{open_case.pk}/notes/new", _form())
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert note.child_seen and note.child_seen_alone and note.significant
    assert note.person == open_case.person and note.recorded_by == practitioner
    assert f"{timezone.localtime(note.occurred_at, LONDON):%H:%M}" == "16:30"
    page = client.get(f"/cases/{open_case.pk}").content.decode()
    assert "Seen alone" in page and "Significant" in page
    timeline = client.get(f"/register/people/{open_case.person.pk}").content.decode()
    assert "Visit: Seen alone" in timeline
    assert AuditEntry.objects.filter(
        purpose="record a case note", subject_id=str(open_case.person_id)
    ).exists()


@pytest.mark.django_db
def test_a_contact_cannot_be_dated_in_the_future_and_nothing_is_saved(
    client_for, practitioner, open_case
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(practitioner).post(
        f"/cases/{open_case.pk}/notes/new",
        _form(
            **{
                "occurred_on-day": tomorrow.day,
                "occurred_on-month": tomorrow.month,
                "occurred_on-year": tomorrow.year,
            }
        ),
    )
    assert response.status_code == 400
    assert "must be today or in the past" in response.content.decode()
    assert not CaseNote.objects.exists()


@pytest.mark.django_db
def test_seen_alone_needs_seen(client_for, practitioner, open_case):
    response = client_for(practitioner).post(
        f"/cases/{open_case.pk}/notes/new", _form(child_seen="no", child_seen_alone="yes")
    )
    assert response.status_code == 400
    assert "A child seen alone must also be recorded as seen" in response.content.decode()
    assert not CaseNote.objects.exists()


@pytest.mark.django_db
def test_correcting_a_note_keeps_the_original_and_who_changed_it(
    client_for, practitioner, team_manager, open_case
):
    note = _note(open_case, practitioner, summary="Visited; child was out.")
    response = client_for(team_manager).post(
        f"/cases/notes/{note.pk}/correct",
        _form(
            summary="Visited; child was at home and we spoke alone.",
            reason="Wrong note typed at first",
            version=note.version,
        ),
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.summary == "Visited; child was at home and we spoke alone."
    assert note.version == 2
    correction = NoteCorrection.objects.get(note=note)
    assert correction.previous["summary"] == "Visited; child was out."
    assert correction.corrected_by == team_manager
    assert correction.reason == "Wrong note typed at first"
    page = client_for(practitioner).get(f"/cases/notes/{note.pk}").content.decode()
    assert "Visited; child was out." in page and "Wrong note typed at first" in page


@pytest.mark.django_db
def test_a_stale_correction_is_refused_and_nothing_is_overwritten(practitioner, open_case):
    note = _note(open_case, practitioner, summary="First")
    casenotes.note_correct(
        actor=practitioner, note=note, expected_version=1, reason="typo", summary="Second"
    )
    stale = CaseNote.objects.get(pk=note.pk)
    stale.version = 1
    with pytest.raises(records.StaleEdit):
        casenotes.note_correct(
            actor=practitioner, note=stale, expected_version=1, reason="x", summary="Third"
        )
    note.refresh_from_db()
    assert note.summary == "Second"
    assert NoteCorrection.objects.filter(note=note).count() == 1


@pytest.mark.django_db
def test_a_note_cannot_be_deleted(practitioner, open_case):
    note = _note(open_case, practitioner)
    with pytest.raises(PermissionError):
        note.delete()
    assert CaseNote.objects.filter(pk=note.pk).exists()


@pytest.mark.django_db
def test_another_agency_reads_a_note_only_once_it_is_shared(
    client_for, practitioner, police_officer, open_case
):
    note = _note(open_case, practitioner, summary="Disclosed a car that collects her")
    police = client_for(police_officer)
    assert police.get(f"/cases/notes/{note.pk}").status_code == 403
    response = client_for(practitioner).post(
        f"/cases/notes/{note.pk}/share",
        {"agency": police_officer.agency_id, "purpose": "For the strategy discussion"},
    )
    assert response.status_code == 302
    page = police.get(f"/cases/notes/{note.pk}")
    assert page.status_code == 200
    assert "Disclosed a car that collects her" in page.content.decode()
    # Shared to read: correcting it is still refused.
    assert police.get(f"/cases/notes/{note.pk}/correct").status_code == 403
