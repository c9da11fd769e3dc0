"""Protect, tried as a new user would: the risk floor, a missing episode ending in a return
interview that prompts a review, and a MACE whose actions reach their owner. Axe on every page."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import AgencyFactory, PersonFactory
from triangulate.meetings import services as meetings
from triangulate.missing import services as missing
from triangulate.risk import services as risk


def twelve_year_old(council):
    today = timezone.localdate()
    return PersonFactory(
        owning_agency=council, given_name="Mia", family_name="Thornton",
        date_of_birth=today.replace(year=today.year - 12) - dt.timedelta(days=40),
    )  # fmt: skip


def fill_date(page, prefix, day):
    page.locator(f"input[name={prefix}-day]").fill(str(day.day))
    page.locator(f"input[name={prefix}-month]").fill(str(day.month))
    page.locator(f"input[name={prefix}-year]").fill(str(day.year))


def test_a_twelve_year_old_with_exploitation_signs_cannot_be_rated_low(
    app, practitioner, team_manager, council
):
    child = twelve_year_old(council)
    page = app.page
    app.sign_in("practitioner")
    app.goto(f"/register/people/{child.pk}")
    expect(page.get_by_test_id("risk-status")).to_have_text(
        "No risk assessment has been completed or shared with your agency."
    )
    page.get_by_role("button", name="Start a risk assessment").click()
    app.check()
    for sign in (
        "Is in contact with older adults of concern or adults unknown to their carers",
        "Has money, phones, clothes or gifts nobody can explain",
    ):
        page.get_by_role("group", name=sign).get_by_label("Seen within its recency window").check()
    page.get_by_role("button", name="Save draft").click()
    app.check()
    expect(page.get_by_text("Draft saved")).to_be_visible()
    expect(page.get_by_text("The lowest level you can choose is medium risk")).to_be_visible()

    page.get_by_label("Low risk").check()
    fill_date(page, "review_due", timezone.localdate() + dt.timedelta(days=21))
    page.get_by_role("button", name="Finalise assessment").click()
    app.check()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_role("alert")).to_contain_text("The level cannot be lower than medium risk")

    page.get_by_label("Medium risk").check()
    page.get_by_role("button", name="Finalise assessment").click()
    app.check()
    expect(page.get_by_text("Assessment finalised and sent for manager sign-off")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk assessment")
    app.goto(f"/register/people/{child.pk}")
    expect(page.get_by_text("Up to date")).to_be_visible()
    app.goto(f"/risk/people/{child.pk}/history")
    app.goto(f"/risk/people/{child.pk}/assess")
    expect(page.get_by_role("button", name="Start a new risk assessment")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    app.sign_in("manager")
    page.get_by_role("link", name="Risk", exact=True).click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk and safety plans")
    expect(page.get_by_role("link", name=child.full_name, exact=True)).to_be_visible()
    app.goto("/my-work")
    page.get_by_role("link", name=f"Sign off the risk assessment for {child.full_name}").click()
    app.check()
    page.get_by_role("button", name="Record decision").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter manager's comment")
    page.get_by_label("Sign off: I agree").check()
    page.get_by_label("Manager's comment").fill("Agree: the floor applies and the plan follows.")
    page.get_by_role("button", name="Record decision").click()
    app.check()
    expect(page.get_by_text("Assessment signed off")).to_be_visible()
    expect(page.get_by_text("Signed off", exact=True).first).to_be_visible()


def test_a_missing_episode_ends_with_a_return_interview_that_prompts_a_review(
    app, practitioner, council, police_officer
):
    child = twelve_year_old(council)
    assessment = risk.assessment_start(actor=practitioner, person=child)
    risk.assessment_save(
        actor=practitioner, assessment=assessment, expected_version=assessment.version, answers={},
        judged_level="low", rationale="No signs at present", finalise=True,
        review_due=timezone.localdate() + dt.timedelta(days=60),
    )  # fmt: skip
    started = timezone.now() - dt.timedelta(days=1, hours=3)
    episode = missing.episode_record(
        actor=practitioner, person=child, category="M", started_at=started, reported_by="Carer",
        police_risk="medium", placed_out_of_area=True, placing_authority="Northfield County Council",
    )  # fmt: skip
    # The episode's own prompt is dealt with, so the interview's prompt is the one seen below.
    follow_up = risk.assessment_start(actor=practitioner, person=child)
    risk.assessment_save(
        actor=practitioner, assessment=follow_up, expected_version=follow_up.version, answers={},
        judged_level="low", rationale="Reviewed after the episode started", finalise=True,
        review_due=timezone.localdate() + dt.timedelta(days=60),
    )  # fmt: skip
    page = app.page
    app.sign_in("practitioner")
    app.goto("/missing/")
    expect(page.get_by_text("Yes – Northfield County Council").first).to_be_visible()
    app.goto(f"/missing/episodes/{episode.pk}")
    found = timezone.localtime() - dt.timedelta(hours=2)
    fill_date(page, "ended_on", found.date())
    page.get_by_label("Time", exact=True).fill(found.strftime("%H:%M"))
    page.get_by_label("Where the child was found").fill("Retail park car park")
    page.get_by_role("button", name="End the episode").click()
    app.check()
    expect(page.get_by_text("A return home interview is due by")).to_be_visible()
    expect(page.get_by_text(re.compile("On time: interview due"))).to_be_visible()

    app.goto("/my-work")
    expect(
        page.get_by_role("link", name=f"Return home interview for {child.full_name}")
    ).to_be_visible()
    page.get_by_role("link", name=f"Return home interview for {child.full_name}").click()
    app.check()
    page.get_by_label("Accepted and held").check()
    now = timezone.localtime() - dt.timedelta(minutes=30)
    fill_date(page, "offered_on", now.date())
    page.get_by_label("Time offered").fill(now.strftime("%H:%M"))
    fill_date(page, "held_on", now.date())
    page.get_by_label("Time held").fill(now.strftime("%H:%M"))
    page.get_by_label("Who held the interview").fill("Tara Quill")
    page.get_by_role("group", name="Was the interviewer independent").get_by_label("Yes").check()
    page.get_by_label("What or who drew the child away").fill(
        "Lifts and food offered by adults of concern"
    )
    page.get_by_label("prompt an early review").check()
    expect(page.get_by_text("intelligence log for its officers to grade")).to_be_visible()
    page.get_by_label("passed to police as intelligence").check()
    page.get_by_role("button", name="Save interview").click()
    app.check()
    expect(page.get_by_text("Return home interview recorded")).to_be_visible()
    expect(page.get_by_text("waiting for police to record them")).to_be_visible()
    app.goto(f"/register/people/{child.pk}")
    expect(page.get_by_test_id("risk-status")).to_contain_text("return home interview findings")
    expect(page.get_by_text("Early review prompted", exact=True)).to_be_visible()
    # The findings reach the police force's My work as a task carrying what they need.
    page.get_by_role("button", name="Sign out").click()
    app.sign_in(police_officer.username)
    app.goto("/my-work")
    page.get_by_role(
        "link", name=f"Findings from {child.full_name}'s return home interview"
    ).click()
    app.check()
    expect(page.get_by_text("Lifts and food offered by adults of concern")).to_be_visible()
    page.get_by_label("Police intelligence reference").fill("INT-5521")
    page.get_by_role("button", name="The findings are recorded on police systems").click()
    app.check()
    expect(page.get_by_text("INT-5521")).to_be_visible()


def test_the_mace_agenda_lists_the_right_children_and_actions_reach_their_owner(
    app, practitioner, police_officer, council
):
    high = PersonFactory(owning_agency=council, given_name="Ava", family_name="Holt")
    settled = PersonFactory(owning_agency=council, given_name="Dev", family_name="Settle")
    for person, level in ((high, "high"), (settled, "low")):
        assessment = risk.assessment_start(actor=practitioner, person=person)
        risk.assessment_save(
            actor=practitioner, assessment=assessment, expected_version=assessment.version,
            answers={}, judged_level=level, rationale="Judged on partners' accounts", finalise=True,
            review_due=timezone.localdate() + dt.timedelta(days=20),
        )  # fmt: skip
    page = app.page
    app.sign_in("practitioner")
    app.goto("/meetings/new")
    page.get_by_label("MACE panel").check()
    page.get_by_label("Title").fill("MACE panel – north")
    fill_date(page, "held_on", timezone.localdate())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("button", name="Create meeting and agenda").click()
    app.check()
    expect(page.get_by_role("link", name="Ava Holt")).to_be_visible()
    expect(page.get_by_text("New high-risk assessment")).to_be_visible()
    expect(page.get_by_role("link", name="Dev Settle")).to_have_count(0)

    page.get_by_role("link", name="Ava Holt").click()
    app.check()
    page.get_by_label("Decision").fill("Joint disruption at the retail park")
    page.get_by_role("button", name="Save decision").click()
    app.check()
    page.get_by_label("Action", exact=True).fill("Disruption visit to the retail park")
    page.get_by_label("Owner").select_option(
        label=f"{police_officer.display_name} – Mereshire Police"
    )
    fill_date(page, "due_on", timezone.localdate() + dt.timedelta(days=7))
    page.get_by_role("button", name="Add action").click()
    app.check()
    expect(page.get_by_text("Action added to")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    app.sign_in("officer")
    app.goto("/my-work")
    # A partner owning the action sees the child's name and age (ADR 0009).
    page.get_by_role(
        "link", name=re.compile(r"^Disruption visit to the retail park \(Ava Holt \(age \d+\)\)")
    ).click()
    app.check()
    expect(page.get_by_text("Ava Holt")).to_be_visible()
    # The owner sees what the action needs, not the meeting's decision about the child.
    expect(page.get_by_text("Joint disruption at the retail park")).to_have_count(0)
    page.get_by_role("button", name="Mark as done").click()
    app.check()
    expect(page.get_by_text("No meeting actions are yours.")).to_be_visible()


def test_every_protect_page_is_accessible(app, practitioner, partnership_manager, council):
    child = twelve_year_old(council)
    plan = risk.plan_create(actor=practitioner, person=child)
    episode = missing.episode_record(
        actor=practitioner, person=child, category="A", reported_by="Carer",
        started_at=timezone.now() - dt.timedelta(hours=6),
    )  # fmt: skip
    missing.profile_save(
        actor=practitioner, person=child, expected_version=0, description="Tall, short hair",
        associates="", places="", phones_and_social_media="", health_needs="",
    )  # fmt: skip
    for level, days in (("medium", 30), ("high", 20)):
        assessment = risk.assessment_start(actor=practitioner, person=child)
        risk.assessment_save(
            actor=practitioner, assessment=assessment, expected_version=assessment.version,
            answers={"missing": "current"}, judged_level=level, rationale="Judgement", finalise=True,
            review_due=timezone.localdate() + dt.timedelta(days=days),
        )  # fmt: skip
    earlier = meetings.meeting_create(
        actor=practitioner, kind="mace", title="Earlier MACE",
        held_at=timezone.now() - dt.timedelta(days=14),
    )  # fmt: skip
    late = meetings.action_add(
        actor=practitioner, meeting=earlier, item=None, text="Share school attendance",
        owner=practitioner, due_on=timezone.localdate() - dt.timedelta(days=2),
    )  # fmt: skip
    current = meetings.meeting_create(
        actor=practitioner, kind="mace", title="This MACE", held_at=timezone.now()
    )
    item = meetings.agenda(actor=practitioner, meeting=current)[0]
    police = AgencyFactory(name="Mereshire Police")
    meetings.attendance_add(
        actor=practitioner, meeting=current, agency=police, name="Priya Lal", role="DC",
        status="present",
    )  # fmt: skip
    plan_action = risk.plan_action_add(
        actor=practitioner, plan=plan, text="Weekly mentoring", responsible_agency=council,
        owner=practitioner, due_on=timezone.localdate() + dt.timedelta(days=3),
    )  # fmt: skip
    draft = risk.assessment_start(actor=practitioner, person=child)  # pre-filled from records
    assert draft.evidence["missing"]["answer"] == "current"
    app.sign_in("practitioner")
    page = app.goto(f"/risk/assessments/{draft.pk}/edit")
    expect(page.get_by_text("From the records, check and confirm").first).to_be_visible()
    page = app.goto(f"/meetings/{current.pk}")
    expect(
        page.get_by_text("1 action from earlier meetings not done by the deadline")
    ).to_be_visible()
    for path in (
        f"/meetings/items/{item.pk}",
        f"/meetings/actions/{late.pk}",
        f"/risk/actions/{plan_action.pk}",
        "/risk/",
        f"/risk/people/{child.pk}/assess",
        "/my-work",
        f"/register/people/{child.pk}",
        f"/risk/plans/{plan.pk}",
        f"/risk/people/{child.pk}/contribute",
        f"/missing/people/{child.pk}/episodes/new",
        f"/missing/people/{child.pk}/profile",
        f"/missing/episodes/{episode.pk}",
        "/meetings/",
        "/meetings/new",
        "/meetings/new?child=mia",
        f"/meetings/{current.pk}?child=mia",
    ):
        app.goto(path)
    page = app.goto(f"/meetings/{current.pk}")
    page.get_by_role("button", name="Close the minutes").click()
    app.check()
    expect(page.get_by_text("No decision is recorded for")).to_be_visible()
    page = app.goto(f"/risk/people/{child.pk}/history")
    page.get_by_label("First assessment").select_option(index=0)
    page.get_by_label("Second assessment").select_option(index=1)
    page.get_by_role("button", name="Compare").click()
    app.check()
    expect(page.get_by_role("table", name="Side by side")).to_contain_text("High risk")
    page.get_by_role("button", name="Sign out").click()
    app.sign_in("partnership")
    app.goto("/risk/tools")
    page.get_by_role("link", name="Publish a new version").click()
    app.check()
    page.locator("input[name=level_high_days]").fill("21")
    page.get_by_label("What changed and why").fill("High risk reviewed every three weeks")
    page.get_by_role("button", name="Publish version 2").click()
    app.check()
    expect(page.get_by_text("Version 2 published")).to_be_visible()
    expect(page.get_by_role("cell", name="21 days")).to_be_visible()
    app.goto("/risk/tools/edit-definition")
    page.get_by_label("What changed and why").fill("Reworded")
    page.get_by_label("Tool definition").fill('{"levels": []}')
    page.get_by_role("button", name="Publish version 3").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("non-empty list of levels")
