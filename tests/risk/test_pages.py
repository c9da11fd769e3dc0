"""Every risk route answers with a GOV.UK page, and /risk/ is where risk starts."""

import datetime as dt

import pytest
from django.urls import get_resolver
from django.utils import timezone

from triangulate.risk import services
from triangulate.risk.models import RiskAssessment

from .test_assessments import save


@pytest.fixture
def finalised(practitioner, twelve_year_old):
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    save(assessment, practitioner, finalise=True, judged_level="medium",
         review_due=timezone.localdate() + dt.timedelta(days=10))  # fmt: skip
    assessment.refresh_from_db()
    return assessment


def test_risk_has_a_landing_page_with_the_reviews_due(client_for, practitioner, finalised):
    response = client_for(practitioner).get("/risk/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Risk and safety plans</h1>' in page
    assert finalised.person.full_name in page
    assert f'href="/risk/assessments/{finalised.pk}"' in page
    assert 'href="/risk/"' in page  # in the navigation


def test_opening_the_start_links_by_address_shows_a_page_not_a_blank_error(
    client_for, practitioner, twelve_year_old
):
    client = client_for(practitioner)
    response = client.get(f"/risk/people/{twelve_year_old.pk}/assess")
    assert response.status_code == 200
    assert "Start a risk assessment" in response.content.decode()
    assert not RiskAssessment.objects.exists()  # looking starts nothing
    started = client.post(f"/risk/people/{twelve_year_old.pk}/assess")
    draft = RiskAssessment.objects.get()
    assert started["Location"] == f"/risk/assessments/{draft.pk}/edit"
    again = client.get(f"/risk/people/{twelve_year_old.pk}/assess").content.decode()
    assert f"/risk/assessments/{draft.pk}/edit" in again
    plan_page = client.get(f"/risk/people/{twelve_year_old.pk}/plan")
    assert plan_page.status_code == 200
    assert "Start a safety plan" in plan_page.content.decode()


def _risk_paths(ids: dict[str, int]) -> list[str]:
    paths = []
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) != "risk/":
            continue
        for inner in pattern.url_patterns:
            route = str(inner.pattern)
            for name, value in ids.items():
                route = route.replace(f"<int:{name}>", str(value))
            paths.append("/risk/" + route)
    return paths


@pytest.mark.parametrize("who", ["practitioner", "police_officer", "partnership_manager"])
def test_every_risk_route_answers_with_a_govuk_page(
    request, client_for, who, finalised, police, police_officer, practitioner
):
    plan = services.plan_create(actor=practitioner, person=finalised.person)
    action = services.plan_action_add(
        actor=practitioner, plan=plan, text="Visit", responsible_agency=police, owner=None,
        due_on=timezone.localdate(),
    )  # fmt: skip
    ids = {"person_pk": finalised.person_id, "pk": finalised.pk}
    paths = _risk_paths(ids)
    assert len(paths) >= 11
    paths += [f"/risk/plans/{plan.pk}", f"/risk/actions/{action.pk}"]
    client = client_for(request.getfixturevalue(who))
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
        if response.status_code != 302:
            assert "govuk-template" in response.content.decode(), path
