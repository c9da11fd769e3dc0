"""Assessments: drafts kept, finalising rules, floors, sign-off, supersession, review dates,
early review prompts, stale edits and contributions shared from other agencies."""

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.core import extensions, records
from triangulate.core.access import visible
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditEntry, RecordShare
from triangulate.risk import scoring, services
from triangulate.risk.models import AssessmentStatus, RiskAssessment

SIGNS = {"adults_of_concern": "current", "unexplained_items": "current"}


def save(assessment, user, *, finalise=False, **kwargs):
    values = {
        "answers": SIGNS,
        "judged_level": "",
        "rationale": "",
        "review_due": None,
    } | kwargs
    return services.assessment_save(
        actor=user,
        assessment=assessment,
        expected_version=assessment.version,
        finalise=finalise,
        **values,
    )


def test_a_draft_is_kept_even_when_it_cannot_be_finalised(practitioner, twelve_year_old):
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    with pytest.raises(services.AssessmentInvalid) as caught:
        save(assessment, practitioner, finalise=True)
    assert set(caught.value.errors) == {"judged_level", "review_due"}
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.answers == SIGNS
    assert assessment.score == 4


def test_a_twelve_year_old_cannot_be_rated_below_the_floor(practitioner, twelve_year_old):
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    review = timezone.localdate() + dt.timedelta(days=20)
    with pytest.raises(services.AssessmentInvalid) as caught:
        save(
            assessment,
            practitioner,
            finalise=True,
            judged_level="low",
            rationale="x",
            review_due=review,
        )
    assert "cannot be lower than medium risk" in caught.value.errors["judged_level"]
    assessment.refresh_from_db()
    assert assessment.band_level == "low"
    assert assessment.suggested_level == "medium"
    save(assessment, practitioner, finalise=True, judged_level="medium", review_due=review)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AWAITING_SIGN_OFF
    assert assessment.judged_level == "medium"


def test_departing_from_the_suggestion_needs_a_rationale(practitioner, twelve_year_old):
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    review = timezone.localdate() + dt.timedelta(days=10)
    with pytest.raises(services.AssessmentInvalid) as caught:
        save(assessment, practitioner, finalise=True, judged_level="high", review_due=review)
    assert set(caught.value.errors) == {"rationale"}
    save(
        assessment, practitioner, finalise=True, judged_level="high", review_due=review,
        rationale="Seen getting into cars with adults of concern twice this week",
    )  # fmt: skip
    assessment.refresh_from_db()
    assert assessment.judged_level == "high"


def test_the_review_date_cannot_be_later_than_the_level_allows(practitioner, twelve_year_old):
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    too_late = timezone.localdate() + dt.timedelta(days=57)
    with pytest.raises(services.AssessmentInvalid) as caught:
        save(assessment, practitioner, finalise=True, judged_level="medium", review_due=too_late)
    assert "on or before" in caught.value.errors["review_due"]


def test_a_finalised_assessment_is_locked_and_a_new_one_supersedes_it(
    practitioner, team_manager, twelve_year_old
):
    first = services.assessment_start(actor=practitioner, person=twelve_year_old)
    review = timezone.localdate() + dt.timedelta(days=30)
    save(first, practitioner, finalise=True, judged_level="medium", review_due=review)
    first.refresh_from_db()
    with pytest.raises(services.AssessmentLocked):
        save(first, practitioner, judged_level="none")
    second = services.assessment_start(actor=practitioner, person=twelve_year_old)
    assert second.pk != first.pk
    assert second.answers == SIGNS  # carried forward for the practitioner to revisit
    save(second, practitioner, finalise=True, judged_level="medium", review_due=review)
    first.refresh_from_db()
    assert first.superseded_by_id == second.pk
    second.refresh_from_db()
    services.assessment_sign_off(
        actor=team_manager, assessment=second, expected_version=second.version,
        comment="Agree with the judgement",
    )  # fmt: skip
    second.refresh_from_db()
    assert second.status == AssessmentStatus.SIGNED_OFF
    assert second.signed_off_by == team_manager


def test_a_stale_edit_is_refused(practitioner, twelve_year_old):
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    stale_version = assessment.version
    save(assessment, practitioner)
    with pytest.raises(StaleEdit):
        services.assessment_save(
            actor=practitioner, assessment=assessment, expected_version=stale_version,
            answers={}, judged_level="", rationale="", review_due=None,
        )  # fmt: skip
    assessment.refresh_from_db()
    assert assessment.answers == SIGNS


def test_old_assessments_keep_their_tool_version(
    practitioner, partnership_manager, twelve_year_old
):
    first = services.assessment_start(actor=practitioner, person=twelve_year_old)
    save(first, practitioner, finalise=True, judged_level="medium",
         review_due=timezone.localdate() + dt.timedelta(days=30))  # fmt: skip
    tool = services.current_tool()
    definition = dict(
        tool.definition,
        bands=[{"min_score": 0, "level": "none"}, {"min_score": 2, "level": "high"}],
    )
    new = services.tool_publish(
        actor=partnership_manager, slug=tool.slug, name=tool.name, definition=definition,
        change_note="Stricter bands", based_on=tool.version,
    )  # fmt: skip
    first.refresh_from_db()
    assert first.tool.version == 1 and new.version == 2
    second = services.assessment_start(actor=practitioner, person=twelve_year_old)
    assert second.tool == new
    assert second.band_level == "high"
    with pytest.raises(StaleEdit):
        services.tool_publish(
            actor=partnership_manager, slug=tool.slug, name=tool.name, definition=definition,
            change_note="Again", based_on=1,
        )  # fmt: skip


def test_status_is_up_to_date_then_overdue_then_prompted(practitioner, twelve_year_old):
    assert services.risk_status(actor=practitioner, person=twelve_year_old).state == "none"
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    review = timezone.localdate() + dt.timedelta(days=30)
    save(assessment, practitioner, finalise=True, judged_level="medium", review_due=review)
    assert services.risk_status(actor=practitioner, person=twelve_year_old).state == "up_to_date"
    later = review + dt.timedelta(days=1)
    assert (
        services.risk_status(actor=practitioner, person=twelve_year_old, today=later).state
        == "overdue"
    )
    extensions.publish("contact.received", person=twelve_year_old, contact=None, actor=practitioner)
    status = services.risk_status(actor=practitioner, person=twelve_year_old)
    assert status.state == "review_prompted"
    assert status.prompts[0].get_reason_display() == "New contact"
    extensions.publish(
        "intelligence.received", person=twelve_year_old, actor=practitioner, item=None
    )
    follow_up = services.assessment_start(actor=practitioner, person=twelve_year_old)
    save(follow_up, practitioner, finalise=True, judged_level="medium", review_due=review)
    assert services.risk_status(actor=practitioner, person=twelve_year_old).state == "up_to_date"


def test_another_agency_cannot_see_the_assessment_but_can_contribute(
    client_for, practitioner, police_officer, police, council, twelve_year_old
):
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)

    assert not visible(police_officer, RiskAssessment).filter(pk=assessment.pk).exists()
    RecordShare.objects.create(
        record=twelve_year_old, shared_with=police, shared_by=practitioner,
        lawful_basis="test", purpose="joint work",
    )  # fmt: skip
    contribution = services.contribution_create(
        actor=police_officer, person=twelve_year_old, share_with=council,
        lawful_basis=records.LawfulBasis.LAW_ENFORCEMENT, text="Seen with two adults of concern at the retail park",
        indicators=["adults_of_concern"],
    )  # fmt: skip
    seen = services.contributions_for(actor=practitioner, person=twelve_year_old)
    assert [c.pk for c in seen] == [contribution.pk]
    assert AuditEntry.objects.filter(action="share", object_id=str(contribution.pk)).exists()
    page = client_for(practitioner).get(f"/risk/assessments/{assessment.pk}/edit").content.decode()
    assert "Seen with two adults of concern at the retail park" in page
    assert "Signs seen: Is in contact with older adults of concern" in page


def test_the_assessment_page_shows_the_floor_and_refuses_a_lower_level(
    client_for, practitioner, twelve_year_old
):
    client = client_for(practitioner)
    response = client.post(f"/risk/people/{twelve_year_old.pk}/assess")
    edit_url = response["Location"]
    assessment = RiskAssessment.objects.get()
    review = timezone.localdate() + dt.timedelta(days=14)
    data = {
        "version": assessment.version,
        "ind_adults_of_concern": "current",
        "ind_unexplained_items": "current",
        "judged_level": "low",
        "rationale": "",
        "review_due-day": review.day,
        "review_due-month": review.month,
        "review_due-year": review.year,
        "action": "finalise",
    }
    response = client.post(edit_url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The level cannot be lower than medium risk" in page
    assert "The lowest level you can choose is medium risk" in page
    data.update(judged_level="medium", version=RiskAssessment.objects.get().version)
    response = client.post(edit_url, data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Awaiting manager sign-off" in page
    person_page = client.get(f"/register/people/{twelve_year_old.pk}").content.decode()
    assert "Up to date" in person_page
    assert AuditEntry.objects.filter(action="view", object_type="risk.riskassessment").exists()


def test_a_plan_action_reaches_its_owner_in_another_agency(
    client_for, practitioner, police_officer, police, twelve_year_old
):
    plan = services.plan_create(actor=practitioner, person=twelve_year_old)
    action = services.plan_action_add(
        actor=practitioner, plan=plan, text="Disruption visit to the retail park",
        responsible_agency=police, owner=police_officer,
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )  # fmt: skip
    client = client_for(police_officer)
    work = client.get("/my-work").content.decode()
    assert f"/risk/actions/{action.pk}" in work and "Overdue" in work
    assert client.get(f"/risk/plans/{plan.pk}").status_code == 403
    response = client.post(f"/risk/actions/{action.pk}", {"status": "done", "version": 1})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.done_on == timezone.localdate()
    stale = client.post(f"/risk/actions/{action.pk}", {"status": "in_progress", "version": 1})
    assert stale.status_code == 400
    assert "Someone else saved this record after you opened it" in stale.content.decode()
    action.refresh_from_db()
    assert action.status == "done"


def _structure_data(definition):
    data = {}
    for level in definition["levels"]:
        data[f"level_{level['code']}_label"] = level["label"]
        data[f"level_{level['code']}_days"] = level["review_days"]
    for index, band in enumerate(definition["bands"]):
        data[f"band_{index}_min"] = band["min_score"]
    for _, ind in scoring.indicators(definition):
        data[f"ind_{ind['code']}_text"] = ind["text"]
        data[f"ind_{ind['code']}_weight"] = ind["weight"]
        data[f"ind_{ind['code']}_recency"] = ind["recency_days"] or ""
    for index, floor in enumerate(definition["floors"]):
        data[f"floor_{index}_minimum"] = floor["minimum"]
    return data


def test_an_administrator_edits_the_tool_without_writing_json(
    client_for, partnership_manager, practitioner
):
    client = client_for(partnership_manager)
    assert client.get("/risk/tools/edit").status_code == 200
    data = _structure_data(services.current_tool().definition) | {
        "based_on": 1,
        "change_note": "New sign and stricter high-risk reviews",
        "level_high_days": "95",
        "new_risk_indicators_text": "Is asked to recruit other children",
        "new_risk_indicators_weight": "3",
        "new_risk_indicators_recency": "180",
        "ind_several_phones_remove": "on",
    }
    response = client.post("/risk/tools/edit", data)
    assert response.status_code == 400
    assert "less than or equal to 92" in response.content.decode()
    data["level_high_days"] = "21"
    assert client.post("/risk/tools/edit", data).status_code == 302
    tool = services.current_tool()
    assert tool.version == 2
    assert scoring.review_days(tool.definition, "high") == 21
    codes = {ind["code"] for _, ind in scoring.indicators(tool.definition)}
    assert "is_asked_to_recruit_other_children" in codes
    assert "several_phones" not in codes
    assert client.post("/risk/tools/edit", data).status_code == 400  # based on version 1: stale
    assert client_for(practitioner).get("/risk/tools/edit").status_code == 403


def test_a_finalised_assessment_is_shared_explicitly_with_a_partner(
    client_for, practitioner, police_officer, police, twelve_year_old
):
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    with pytest.raises(services.AssessmentInvalid):
        services.assessment_share(
            actor=practitioner, assessment=assessment, agency=police, lawful_basis="x"
        )
    save(assessment, practitioner, finalise=True, judged_level="medium",
         review_due=timezone.localdate() + dt.timedelta(days=30))  # fmt: skip
    officer = client_for(police_officer)
    assert officer.get(f"/risk/assessments/{assessment.pk}").status_code == 403
    response = client_for(practitioner).post(
        f"/risk/assessments/{assessment.pk}",
        {"form": "share", "agency": police.pk, "lawful_basis": records.LawfulBasis.SAFEGUARDING},
    )
    assert response.status_code == 302
    assert officer.get(f"/risk/assessments/{assessment.pk}").status_code == 200
    assert services.risk_status(actor=police_officer, person=twelve_year_old).level == "medium"
    assert AuditEntry.objects.filter(action="share", object_type="risk.riskassessment").exists()
