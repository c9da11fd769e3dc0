"""Delivery plans: date history, slippage, stale edits, sign-off, overrides, moves, audit."""

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.core.access import AccessDenied
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditEntry
from triangulate.partnership.models import Action, Objective, Plan, Priority
from triangulate.partnership.services import PartnershipError, rag
from triangulate.partnership.services import plan_records as records
from triangulate.partnership.services import plans as services

TODAY = timezone.localdate()


def _rating(action):
    action = records.with_history(Action.objects.filter(pk=action.pk)).get()
    return rag.rate(action, rag.rules_in_force(TODAY), TODAY)


def test_moving_a_date_keeps_the_whole_history_and_turns_the_colour(
    move_date, make_action, action_lead, partnership_manager
):
    action = make_action(days_ahead=60)
    original = action.target_date
    move_date(
        action,
        by=action_lead,
        expected_version=action.version,
        new_date=original + dt.timedelta(days=180),
        reason="Provider changed",
        approver=partnership_manager,
    )
    assert _rating(action).status == "amber"
    move_date(
        action,
        by=action_lead,
        expected_version=action.version,
        new_date=original + dt.timedelta(days=300),
        reason="Staff vacancy",
        approver=partnership_manager,
    )
    action.refresh_from_db()
    history = list(
        action.date_changes.order_by("changed_at", "id").values_list(
            "old_date", "new_date", "reason"
        )
    )
    assert history == [
        (original, original + dt.timedelta(days=180), "Provider changed"),
        (original + dt.timedelta(days=180), original + dt.timedelta(days=300), "Staff vacancy"),
    ]
    assert action.original_target_date == original
    rating = _rating(action)
    assert (rating.status, rating.rule_number) == ("red", 4)
    report = list(records.slippage(start=TODAY - dt.timedelta(days=1), end=TODAY))
    assert [c.reason for c in report] == ["Provider changed", "Staff vacancy"]
    assert report[0].approved_by == partnership_manager
    assert (
        AuditEntry.objects.filter(
            object_id=str(action.pk), purpose="approve moving an action's target date"
        ).count()
        == 2
    )


def test_slippage_report_page_lists_the_move_with_its_reason(
    move_date, client_for, make_action, action_lead, partnership_manager, plan
):
    action = make_action()
    move_date(
        action,
        by=action_lead,
        expected_version=1,
        new_date=action.target_date + dt.timedelta(days=30),
        reason="Waiting for the new template",
        approver=partnership_manager,
    )
    page = (
        client_for(partnership_manager)
        .get(f"/partnership/slippage?plan={plan.pk}")
        .content.decode()
    )
    assert "Waiting for the new template" in page
    assert "1 moved date" in page
    csv_text = (
        client_for(partnership_manager)
        .get(f"/partnership/slippage?plan={plan.pk}&format=csv")
        .content.decode()
    )
    assert "Waiting for the new template" in csv_text.splitlines()[1]


def test_a_stale_edit_is_refused_not_overwritten(
    move_date, make_action, action_lead, partnership_manager
):
    action = make_action()
    seen_version = action.version
    services.update_add(
        actor=action_lead,
        action=action,
        expected_version=seen_version,
        note="First",
        written_on=TODAY,
        evidence_link="https://example.org/e",
    )
    stale = Action.objects.get(pk=action.pk)
    stale.version = seen_version
    with pytest.raises(StaleEdit):
        move_date(
            stale,
            by=partnership_manager,
            expected_version=seen_version,
            new_date=action.target_date + dt.timedelta(days=5),
            reason="x",
        )
    assert not action.date_changes.exists()


def test_stale_form_shows_an_error(client_for, make_action, action_lead, partnership_manager):
    action = make_action()
    client = client_for(action_lead)
    new = action.target_date + dt.timedelta(days=10)
    data = {
        "new_date-day": new.day,
        "new_date-month": new.month,
        "new_date-year": new.year,
        "reason": "Because",
        "approver": partnership_manager.pk,
        "version": action.version,
    }
    assert client.post(f"/partnership/actions/{action.pk}/target-date", data).status_code == 302
    response = client.post(
        f"/partnership/actions/{action.pk}/target-date",
        {**data, "new_date-day": new.day + 1 if new.day < 28 else 1},
    )
    assert response.status_code == 400
    assert "Someone else saved this record after you opened it" in response.content.decode()
    assert action.date_moves.count() == 1


def test_only_the_lead_and_managers_change_an_action(make_action, make_user, police, action_lead):
    from triangulate.core.roles import Role

    colleague = make_user(police, Role.POLICE_OFFICER, username="colleague")
    action = make_action()
    with pytest.raises(AccessDenied):
        services.update_add(
            actor=colleague, action=action, expected_version=1, note="x", written_on=TODAY
        )
    services.update_add(
        actor=action_lead, action=action, expected_version=1, note="x", written_on=TODAY
    )


def test_completion_needs_evidence_and_a_chief_officer(
    make_action, action_lead, partnership_manager, chief_officer
):
    action = make_action()
    with pytest.raises(PartnershipError):
        services.completion_request(
            actor=action_lead, action=action, expected_version=1, evidence=" "
        )
    with pytest.raises(PartnershipError):
        services.completion_sign_off(actor=chief_officer, action=action, expected_version=1)
    services.completion_request(
        actor=action_lead, action=action, expected_version=1, evidence="Report published"
    )
    assert _rating(action).status != "blue"
    action.refresh_from_db()
    with pytest.raises(AccessDenied):
        services.completion_sign_off(
            actor=partnership_manager, action=action, expected_version=action.version
        )
    services.completion_sign_off(
        actor=chief_officer, action=action, expected_version=action.version
    )
    assert _rating(action).status == "blue"


def test_an_override_shows_only_after_a_second_person_approves(
    make_action, action_lead, partnership_manager, chief_officer
):
    action = make_action()
    services.update_add(
        actor=action_lead,
        action=action,
        expected_version=1,
        note="Twelve of fifteen schools held the assembly; pupil feedback is attached.",
        written_on=TODAY,
        evidence_link="https://example.org/e",
    )
    override = services.override_propose(
        actor=partnership_manager, action=action, status="amber", reason="Funding at risk"
    )
    assert _rating(action).shown_status == "green"
    with pytest.raises(PartnershipError):
        services.override_decide(actor=partnership_manager, override=override, approve=True)
    services.override_decide(actor=chief_officer, override=override, approve=True)
    rating = _rating(action)
    assert (rating.status, rating.shown_status) == ("green", "amber")
    assert rating.override.reason == "Funding at risk"


def test_dates_are_checked_with_clear_messages(
    move_date, client_for, make_action, partnership_manager, plan
):
    action = make_action(days_ahead=30)
    client = client_for(partnership_manager)
    late = action.target_date + dt.timedelta(days=1)
    response = client.post(
        f"/partnership/actions/{action.pk}/milestones/new",
        {
            "title": "Draft",
            "target_date-day": late.day,
            "target_date-month": late.month,
            "target_date-year": late.year,
        },
    )
    assert response.status_code == 400
    assert "Milestone date must be on or before the action" in response.content.decode()
    past = TODAY - dt.timedelta(days=3)
    objective = Objective.objects.get(priority__plan=plan, number="1.1")
    response = client.post(
        f"/partnership/plans/{plan.pk}/actions/new",
        {
            "objective": objective.pk,
            "number": "1.1.9",
            "title": "T",
            "success_measure": "S",
            "lead_officer": partnership_manager.pk,
            "target_date-day": past.day,
            "target_date-month": past.month,
            "target_date-year": past.year,
        },
    )
    assert response.status_code == 400
    assert "Target date must be today or later" in response.content.decode()
    with pytest.raises(PartnershipError):
        move_date(
            action,
            by=partnership_manager,
            expected_version=1,
            new_date=TODAY - dt.timedelta(days=1),
            reason="x",
        )


def test_a_moved_action_keeps_its_history_and_the_old_plan_says_where_it_went(
    move_date, make_action, action_lead, partnership_manager, plan, partnership_agency, client_for
):
    action = make_action()
    move_date(
        action,
        by=action_lead,
        expected_version=1,
        new_date=action.target_date + dt.timedelta(days=9),
        reason="Moved once",
        approver=partnership_manager,
    )
    new_plan = Plan.objects.create(
        title="Refreshed plan",
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=700),
        owning_agency=partnership_agency,
    )
    objective = Objective.objects.create(
        priority=Priority.objects.create(plan=new_plan, number=1, title="Protect"),
        number="1.1",
        title="Safety",
    )
    action.refresh_from_db()
    records.action_move(
        actor=partnership_manager,
        action=action,
        expected_version=action.version,
        to_objective=objective,
        new_number="1.1.1",
        reason="Plan refreshed",
    )
    action.refresh_from_db()
    assert action.plan == new_plan
    assert action.date_changes.count() == 1
    old_page = client_for(partnership_manager).get(f"/partnership/plans/{plan.pk}").content.decode()
    assert "is now 1.1.1 in Refreshed plan" in old_page


def test_plan_page_shows_each_colour_with_its_rule(
    client_for, make_action, elected_member, action_lead
):
    make_action(days_ahead=10)
    action = make_action(days_ahead=200)
    services.update_add(
        actor=action_lead,
        action=action,
        expected_version=1,
        note="Twelve of fifteen schools held the assembly; pupil feedback is attached.",
        written_on=TODAY,
        evidence_link="https://example.org/e",
    )
    page = client_for(elected_member).get(f"/partnership/plans/{action.plan.pk}").content.decode()
    assert "Rule 8 (version 2): Amber: target date within 30 days and no evidence" in page
    assert "Rule 9 (version 2): Green: on track" in page
    assert f"Facts: last evidence {TODAY.day} {TODAY:%B %Y}; target date never moved later." in page


def test_monthly_version_keeps_the_plan_as_it_stood(make_action, plan, partnership_manager):
    action = make_action()
    version = records.version_take(actor=partnership_manager, plan=plan, month=TODAY, today=TODAY)
    assert version.snapshot["actions"][0]["number"] == action.number
    assert version.snapshot["actions"][0]["status"] == "amber"
    assert version.month == TODAY.replace(day=1)


def test_a_review_records_which_actions_were_looked_at(
    client_for, make_action, partnership_manager, plan
):
    first, _ = make_action(), make_action()
    client = client_for(partnership_manager)
    form_page = client.get(f"/partnership/plans/{plan.pk}/reviews/new").content.decode()
    assert 'type="checkbox"' in form_page  # many actions can be picked, not one
    day = TODAY - dt.timedelta(days=1)
    response = client.post(
        f"/partnership/plans/{plan.pk}/reviews/new",
        {
            "reviewed_on-day": day.day,
            "reviewed_on-month": day.month,
            "reviewed_on-year": day.year,
            "body": "Exploitation sub-group",
            "actions": [first.pk],
        },
    )
    assert response.status_code == 302
    review = plan.reviews.get()
    assert list(review.actions.all()) == [first]
    assert review.reviewed_by == partnership_manager


def test_a_plan_has_its_own_priorities(client_for, partnership_manager):
    client = client_for(partnership_manager)
    response = client.post(
        "/partnership/plans/new",
        {
            "title": "Missing children plan",
            "summary": "",
            "review_cycle": "Quarterly board",
            "starts_on-day": 1,
            "starts_on-month": 4,
            "starts_on-year": 2026,
            "ends_on-day": 31,
            "ends_on-month": 3,
            "ends_on-year": 2026,
            "priorities": "Find\nReturn\nLearn",
        },
    )
    assert response.status_code == 400
    assert "End date must be the same as or after the start date" in response.content.decode()
    response = client.post(
        "/partnership/plans/new",
        {
            "title": "Missing children plan",
            "summary": "",
            "review_cycle": "Quarterly board",
            "starts_on-day": 1,
            "starts_on-month": 4,
            "starts_on-year": 2026,
            "ends_on-day": 31,
            "ends_on-month": 3,
            "ends_on-year": 2027,
            "priorities": "Find\n\nReturn\nLearn\n",
        },
    )
    plan = Plan.objects.get(title="Missing children plan")
    assert list(plan.priorities.order_by("number").values_list("number", "title")) == [
        (1, "Find"),
        (2, "Return"),
        (3, "Learn"),
    ]
    assert response["Location"] == f"/partnership/plans/{plan.pk}/objectives/new"


def test_evidence_can_be_uploaded_and_opened(
    client_for, make_action, action_lead, elected_member, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    action = make_action()
    response = client_for(action_lead).post(
        f"/partnership/actions/{action.pk}/update",
        {
            "written_on-day": TODAY.day,
            "written_on-month": TODAY.month,
            "written_on-year": TODAY.year,
            "note": "Sessions delivered to forty pupils; the attendance register is attached.",
            "version": action.version,
            "evidence_file": SimpleUploadedFile("register.csv", b"session,attended\n1,40\n"),
        },
    )
    assert response.status_code == 302
    update = action.updates.get()
    assert _rating(action).status == "green"
    download = client_for(elected_member).get(f"/partnership/updates/{update.pk}/evidence")
    assert b"".join(download.streaming_content) == b"session,attended\n1,40\n"
    assert AuditEntry.objects.filter(
        purpose="open progress evidence", actor=elected_member
    ).exists()


def test_changing_the_lead_moves_ownership_and_refuses_a_stale_form(
    client_for, make_action, partnership_manager, make_user, health
):
    from triangulate.core.roles import Role

    nurse = make_user(
        health, Role.HEALTH_SAFEGUARDING, username="nurse", first_name="Ruth", last_name="Fenwick"
    )
    action = make_action()
    client = client_for(partnership_manager)
    data = {
        "title": action.title,
        "success_measure": "More GP referrals",
        "lead_officer": nurse.pk,
        "version": action.version,
    }
    assert client.post(f"/partnership/actions/{action.pk}/edit", data).status_code == 302
    action.refresh_from_db()
    assert (action.lead_officer, action.owning_agency) == (nurse, health)
    stale = client.post(
        f"/partnership/actions/{action.pk}/edit", {**data, "success_measure": "Other"}
    )
    assert stale.status_code == 400
    action.refresh_from_db()
    assert action.success_measure == "More GP referrals"


def test_each_count_opens_the_actions_behind_it(client_for, make_action, elected_member, plan):
    make_action(days_ahead=10, title="Soon and no evidence")
    make_action(days_ahead=200, title="Far away and no evidence")
    Action.objects.filter(title="Far away and no evidence").update(is_continuing=True)
    client = client_for(elected_member)
    page = client.get(f"/partnership/plans/{plan.pk}").content.decode()
    assert 'href="?status=amber"' in page
    amber = client.get(f"/partnership/plans/{plan.pk}?status=amber").content.decode()
    assert "Soon and no evidence" in amber
    assert "Far away and no evidence" not in amber
    assert "Showing only amber actions" in amber


def test_moving_an_action_through_its_form_moves_it_and_keeps_its_history(
    make_action, partnership_manager, plan, partnership_agency, client_for
):
    action = make_action()
    new_plan = Plan.objects.create(
        title="Refreshed plan",
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=700),
        owning_agency=partnership_agency,
    )
    objective = Objective.objects.create(
        priority=Priority.objects.create(plan=new_plan, number=1, title="Protect"),
        number="1.1",
        title="Safety",
    )
    client = client_for(partnership_manager)
    form_page = client.get(f"/partnership/actions/{action.pk}/move")
    assert form_page.status_code == 200
    assert "Refreshed plan: 1.1 Safety" in form_page.content.decode()
    response = client.post(
        f"/partnership/actions/{action.pk}/move",
        {
            "to_objective": objective.pk,
            "new_number": "1.1.4",
            "reason": "Plan refreshed",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.plan, action.number) == (new_plan, "1.1.4")
    assert action.moves.get().reason == "Plan refreshed"
    page = client.get(response["Location"]).content.decode()
    assert f"Action {action.number} has been moved" in page or "has been moved" in page


def test_only_a_partnership_manager_may_open_the_move_form(make_action, action_lead, client_for):
    action = make_action()
    assert client_for(action_lead).get(f"/partnership/actions/{action.pk}/move").status_code == 403
