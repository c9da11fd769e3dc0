"""The oversight page's "risk assessments overdue" comes from risk through the oversight
extension point: casework asks about the children on its open cases and never imports risk."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.casework.models import Case
from triangulate.casework.services import oversight
from triangulate.core import extensions
from triangulate.risk.models import RiskAssessment
from triangulate.risk.services.tools import current_tool


def _assessment(person, author, *, review_due):
    return RiskAssessment.objects.create(
        owning_agency=person.owning_agency,
        person=person,
        tool=current_tool(),
        status="signed_off",
        created_by=author,
        completed_by=author,
        completed_at=timezone.now() - dt.timedelta(days=100),
        review_due=review_due,
        judged_level="medium",
        suggested_level="medium",
    )


def _case(council, person, worker, reference):
    return Case.objects.create(
        owning_agency=council, reference=reference, person=person, worker=worker, opened_by=worker
    )


@pytest.mark.django_db
def test_overdue_and_missing_assessments_reach_the_oversight_page_with_a_way_in(
    client_for, council, team_manager, practitioner
):
    today = timezone.localdate()
    overdue, never, current = (PersonFactory(owning_agency=council) for _ in range(3))
    late = _assessment(overdue, practitioner, review_due=today - dt.timedelta(days=9))
    _assessment(current, practitioner, review_due=today + dt.timedelta(days=30))
    for n, child in enumerate((overdue, never, current)):
        _case(council, child, practitioner, f"EXP-OVERDUE{n}")

    rows = oversight.overdue_assessments(actor=team_manager)
    assert [(r.case.person, r.item.text) for r in rows] == [
        (never, "No risk assessment"),
        (overdue, "Risk assessment review overdue"),
    ]
    page = client_for(team_manager).get("/cases/oversight").content.decode()
    assert "2 children whose risk assessment is overdue or not done" in page
    assert f'href="/risk/assessments/{late.pk}"' in page
    assert f'href="/risk/people/{never.pk}/assess"' in page
    assert f'href="/risk/people/{current.pk}/assess"' not in page


@pytest.mark.django_db
def test_a_closed_case_or_another_agencys_child_is_not_asked_about(
    council, police, team_manager, practitioner, monkeypatch
):
    asked = []
    monkeypatch.setattr(
        extensions, "_providers", lambda attribute: [lambda user, ids: asked.extend(ids) or []]
    )
    mine = PersonFactory(owning_agency=council)
    _case(council, mine, practitioner, "EXP-MINE0001")
    closed = _case(council, PersonFactory(owning_agency=council), practitioner, "EXP-SHUT0001")
    Case.objects.filter(pk=closed.pk).update(status="closed")
    Case.objects.create(
        owning_agency=police, reference="EXP-POLICE01", person=PersonFactory(owning_agency=police),
        opened_by=practitioner,
    )  # fmt: skip
    assert oversight.overdue_assessments(actor=team_manager) == []
    assert asked == [mine.pk]
