"""One review rule for every list, and a sign-off that can disagree."""

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.core import extensions
from triangulate.core.presenters import uk_date
from triangulate.risk import extensions as risk_extensions
from triangulate.risk import presenters, services
from triangulate.risk.models import AssessmentStatus, ReviewPrompt, RiskAssessment

from .test_assessments import save


def finalise(practitioner, person, *, review_in_days=30):
    assessment = services.assessment_start(actor=practitioner, person=person)
    save(assessment, practitioner, finalise=True, judged_level="medium",
         review_due=timezone.localdate() + dt.timedelta(days=review_in_days))  # fmt: skip
    assessment.refresh_from_db()
    return assessment


def section(user, title):
    return next(s for s in risk_extensions.my_work(user) if s.title == title)


def test_a_prompted_review_with_a_future_date_is_not_called_overdue(
    client_for, practitioner, twelve_year_old
):
    assessment = finalise(practitioner, twelve_year_old, review_in_days=10)
    extensions.publish("contact.received", person=twelve_year_old, contact=None, actor=practitioner)
    status = services.risk_status(actor=practitioner, person=twelve_year_old)
    assert status.state == "review_prompted"
    assert not status.is_overdue
    assert presenters.status_tag(status)["text"] == "Early review prompted"
    prompted_on = uk_date(timezone.localdate())
    [item] = section(practitioner, "Risk reviews due").every_item()
    assert item.due_at == assessment.review_due
    assert not item.overdue
    assert item.detail == f"Early review prompted on {prompted_on} (new contact)"
    person_page = client_for(practitioner).get(f"/register/people/{twelve_year_old.pk}")
    text = person_page.content.decode()
    assert "Overdue" not in text
    assert f"Early review prompted on {prompted_on}" in text


def test_overdue_means_the_review_date_has_passed_on_every_list(
    practitioner, team_manager, twelve_year_old
):
    assessment = finalise(practitioner, twelve_year_old, review_in_days=10)
    RiskAssessment.objects.filter(pk=assessment.pk).update(
        review_due=timezone.localdate() - dt.timedelta(days=3)
    )
    [review] = section(practitioner, "Risk reviews due").every_item()
    assert review.overdue
    [sign_off] = section(team_manager, "Assessments awaiting your sign-off").every_item()
    assert sign_off.overdue
    assert sign_off.due_at == timezone.localdate() - dt.timedelta(days=3)
    assert sign_off.detail.startswith("Finalised on ")


def test_a_sign_off_that_is_not_overdue_has_no_overdue_tag(
    practitioner, team_manager, twelve_year_old
):
    finalise(practitioner, twelve_year_old, review_in_days=10)
    [sign_off] = section(team_manager, "Assessments awaiting your sign-off").every_item()
    assert not sign_off.overdue


def test_a_manager_returns_an_assessment_for_rework_with_a_reason(
    client_for, practitioner, team_manager, twelve_year_old
):
    earlier = finalise(practitioner, twelve_year_old)
    services.assessment_sign_off(
        actor=team_manager, assessment=earlier, expected_version=earlier.version, comment="Agree"
    )
    extensions.publish("contact.received", person=twelve_year_old, contact=None, actor=practitioner)
    later = finalise(practitioner, twelve_year_old)
    earlier.refresh_from_db()
    assert earlier.superseded_by_id == later.pk
    manager = client_for(team_manager)
    url = f"/risk/assessments/{later.pk}"
    refused = manager.post(url, {"decision": "return", "comment": "  ", "version": later.version})
    assert refused.status_code == 400
    assert "Enter manager&#39;s comment" in refused.content.decode()
    later.refresh_from_db()
    assert later.status == AssessmentStatus.AWAITING_SIGN_OFF
    response = manager.post(
        url,
        {"decision": "return", "comment": "The review date ignores the new contact", "version": later.version},
    )  # fmt: skip
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.status == AssessmentStatus.DRAFT
    assert later.returned_by == team_manager
    assert later.return_reason == "The review date ignores the new contact"
    earlier.refresh_from_db()
    assert earlier.superseded_by_id is None  # the signed-off one counts again meanwhile
    assert ReviewPrompt.objects.get().resolved_by_id is None
    assert services.risk_status(actor=practitioner, person=twelve_year_old).assessment == earlier
    [item] = section(practitioner, "Risk assessments returned for rework").every_item()
    assert item.href == f"/risk/assessments/{later.pk}/edit"
    assert "The review date ignores the new contact" in item.detail
    edit_page = client_for(practitioner).get(item.href).content.decode()
    assert "Returned for rework by" in edit_page


def test_an_empty_sign_off_comment_is_refused(
    client_for, practitioner, team_manager, twelve_year_old
):
    assessment = finalise(practitioner, twelve_year_old)
    url = f"/risk/assessments/{assessment.pk}"
    manager = client_for(team_manager)
    refused = manager.post(
        url, {"decision": "sign_off", "comment": "", "version": assessment.version}
    )
    assert refused.status_code == 400
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AWAITING_SIGN_OFF
    with pytest.raises(services.AssessmentInvalid):
        services.assessment_sign_off(
            actor=team_manager, assessment=assessment, expected_version=assessment.version,
            comment=" ",
        )  # fmt: skip
    ok = manager.post(
        url, {"decision": "sign_off", "comment": "Agree", "version": assessment.version}
    )
    assert ok.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SIGNED_OFF
    assert assessment.sign_off_comment == "Agree"
