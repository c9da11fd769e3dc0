import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from triangulate.casework.models import Case
from triangulate.casework.services import casenotes, chronology
from triangulate.core.models import AuditEntry


def _note(case, actor, summary, days_ago, **extra):
    return casenotes.note_record(
        actor=actor,
        case=case,
        kind="visit",
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        summary=summary,
        child_seen=True,
        **{"significant": True, **extra},
    )


@pytest.fixture
def police_case(police, police_officer, open_case):
    """The same child's record at the police, with its own significant note."""
    return Case.objects.create(
        owning_agency=police,
        reference="EXP-POLICE01",
        person=open_case.person,
        opened_by=police_officer,
    )


@pytest.fixture
def police_worker(make_user, police):
    from triangulate.core.roles import Role

    return make_user(police, Role.EXPLOITATION_PRACTITIONER)


@pytest.mark.django_db
def test_a_viewer_never_sees_another_agencys_unshared_events(
    practitioner, police_worker, open_case, police_case
):
    ours = _note(open_case, practitioner, "Council visit: seen alone", 3)
    theirs = _note(police_case, police_worker, "Police welfare check at the flat", 2)
    _note(open_case, practitioner, "Routine call, not significant", 1, significant=False)

    council_view = [
        e.description for e in chronology.events(actor=practitioner, person=ours.person)
    ]
    assert "Council visit: seen alone" in council_view
    assert "Police welfare check at the flat" not in council_view
    assert "Routine call, not significant" not in council_view

    police_view = [
        e.description for e in chronology.events(actor=police_worker, person=ours.person)
    ]
    assert "Police welfare check at the flat" in police_view
    assert "Council visit: seen alone" not in police_view

    casenotes.note_share(
        actor=police_worker, note=theirs, agency=practitioner.agency, purpose="Strategy"
    )
    council_view = [
        e.description for e in chronology.events(actor=practitioner, person=ours.person)
    ]
    assert "Police welfare check at the flat" in council_view


@pytest.mark.django_db
def test_the_chronology_filters_by_period_and_kind(client_for, practitioner, open_case):
    _note(open_case, practitioner, "Old visit long ago", 60)
    _note(open_case, practitioner, "Recent visit this week", 2)
    since = timezone.localdate() - dt.timedelta(days=10)
    page = client_for(practitioner).get(
        f"/cases/child/{open_case.person_id}/chronology",
        {"start-day": since.day, "start-month": since.month, "start-year": since.year},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Recent visit this week" in body and "Old visit long ago" not in body
    only_cases = client_for(practitioner).get(
        f"/cases/child/{open_case.person_id}/chronology", {"kinds": "register"}
    )
    body = only_cases.content.decode()
    assert only_cases.status_code == 200
    assert "Added to the register" in body and "Recent visit this week" not in body


@pytest.mark.django_db
def test_a_period_that_ends_before_it_starts_is_an_error(client_for, practitioner, open_case):
    page = client_for(practitioner).get(
        f"/cases/child/{open_case.person_id}/chronology",
        {
            "start-day": 10,
            "start-month": 3,
            "start-year": 2026,
            "end-day": 1,
            "end-month": 3,
            "end-year": 2026,
        },
    )
    assert page.status_code == 400
    assert "must be the same as or after the start" in page.content.decode()


@pytest.mark.django_db
def test_exports_name_their_sources_and_are_audited_with_the_child_as_subject(
    client_for, practitioner, open_case
):
    _note(open_case, practitioner, "Disclosed being driven to a hotel", 5)
    client = client_for(practitioner)
    response = client.get(f"/cases/child/{open_case.person_id}/chronology.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:6] == ("Date", "Time", "Kind", "Event", "Detail", "Source agency")
    row = next(r for r in rows if r[4] == "Disclosed being driven to a hotel")
    assert row[5] == practitioner.agency.name

    pdf = client.get(f"/cases/child/{open_case.person_id}/chronology.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    exports = AuditEntry.objects.filter(action="export", subject_id=str(open_case.person_id))
    assert {e.purpose for e in exports} == {
        "export the chronology (xlsx)",
        "export the chronology (pdf)",
    }


@pytest.mark.django_db
def test_someone_who_cannot_see_the_child_cannot_open_the_chronology(
    client_for, police_officer, open_case
):
    assert (
        client_for(police_officer).get(f"/cases/child/{open_case.person_id}/chronology").status_code
        == 403
    )
    assert (
        client_for(police_officer)
        .get(f"/cases/child/{open_case.person_id}/chronology.pdf")
        .status_code
        == 403
    )
