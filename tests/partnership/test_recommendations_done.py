"""A recommendation is done only when delivered and evidenced; overdue ones are flagged."""

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.partnership.models import Action, Recommendation, Source
from triangulate.partnership.services import PartnershipError
from triangulate.partnership.services import plans as plan_services
from triangulate.partnership.services import recommendations as services

TODAY = timezone.localdate()
EVIDENCE = "The shared definition was adopted by all three partners and published in March."


@pytest.fixture
def source(db):
    return Source.objects.create(
        kind="review",
        title="Independent inquiry",
        author="An independent reviewer",
        body="Kingsmere Safeguarding Children Partnership",
        published_on=TODAY - dt.timedelta(days=200),
    )


def _rec(source, number="1", timescale="3_months", **extra):
    return Recommendation.objects.create(
        source=source,
        number=number,
        text="Agree one definition of exploitation",
        addressee="All partners",
        timescale=timescale,
        **extra,
    )


def _mark_done(client, rec, evidence=EVIDENCE):
    return client.post(
        f"/partnership/recommendations/{rec.pk}",
        {"form": "status", "status": "done", "evidence": evidence, "version": rec.version},
    )


def test_a_recommendation_with_no_delivering_action_cannot_be_marked_done(
    client_for, partnership_manager, source
):
    rec = _rec(source)
    response = _mark_done(client_for(partnership_manager), rec)
    assert response.status_code == 400
    assert "Link the plan action that delivered" in response.content.decode()
    rec.refresh_from_db()
    assert rec.status == "open"


def test_done_needs_evidence_even_when_asked_directly(partnership_manager, source):
    rec = _rec(source)
    with pytest.raises(PartnershipError):
        services.recommendation_update(
            actor=partnership_manager,
            recommendation=rec,
            expected_version=rec.version,
            status="done",
            evidence="",
            report_back_on=None,
        )
    rec.refresh_from_db()
    assert rec.status == "open"


def test_done_once_a_linked_action_is_signed_off_and_evidence_given(
    client_for, partnership_manager, chief_officer, source, make_action, action_lead
):
    rec = _rec(source)
    action = make_action()
    services.links_set(actor=partnership_manager, recommendation=rec, actions=[action])
    client = client_for(partnership_manager)
    response = _mark_done(client, rec)
    assert response.status_code == 400
    assert "not yet signed off as complete" in response.content.decode()
    plan_services.completion_request(
        actor=action_lead, action=action, expected_version=action.version, evidence="Done"
    )
    action = Action.objects.get(pk=action.pk)
    plan_services.completion_sign_off(
        actor=chief_officer, action=action, expected_version=action.version
    )
    rec.refresh_from_db()
    assert _mark_done(client, rec).status_code == 302
    rec.refresh_from_db()
    assert rec.status == "done"


def test_overdue_recommendations_are_flagged(client_for, partnership_manager, source):
    late = _rec(source, number="1", timescale="3_months")
    _rec(source, number="2", timescale="date", due_on=TODAY + dt.timedelta(days=30))
    _rec(source, number="3", timescale="6_months", status="merged")
    assert late.due_by() == source.published_on + dt.timedelta(days=91) or late.due_by() < TODAY
    client = client_for(partnership_manager)
    page = client.get(f"/partnership/sources/{source.pk}").content.decode()
    assert page.count("Overdue") == 1
    register = client.get("/partnership/recommendations/").content.decode()
    assert "1 overdue" in register
    work = client.get("/my-work").content.decode()
    assert "Overdue recommendations" in work
    assert "Independent inquiry, recommendation 1" in work
