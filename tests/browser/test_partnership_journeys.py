"""Partnership journeys on the demo borough, as new users would try them, axe on every page."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from triangulate.demo.borough import DEMO_PASSWORD
from triangulate.partnership.models import Action, Plan, Question


@pytest.fixture
def demo(transactional_db):
    call_command("demo_borough", children=12, seed=3)
    return Plan.objects.get(title__startswith="Child Exploitation Delivery Plan")


def _sign_in(app, username):
    app.sign_in(username, DEMO_PASSWORD)


def _sign_out(app):
    app.page.get_by_role("button", name="Sign out").click()
    app.page.wait_for_load_state()


def _fill_date(page, legend, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_scrutiny_officer_sees_why_each_colour_and_a_moved_date_reaches_the_slippage_report(
    app, demo
):
    page = app.page
    _sign_in(app, "nina.scrutiny")
    page.get_by_role("link", name="Plans").first.click()
    app.check()
    page.get_by_role("link", name=demo.title).click()
    app.check()
    expect(page.get_by_text("How the colours are decided")).to_be_visible()
    expect(
        page.get_by_text(
            "Rule 4 (version 2): Red: the target date has been moved later twice"
        ).first
    ).to_be_visible()
    expect(page.get_by_text("Amber (override)")).to_be_visible()
    expect(page.get_by_text(re.compile("Overridden from Green by agreement"))).to_be_visible()
    page.get_by_role("link", name=re.compile("actions? Red$")).click()
    app.check()
    expect(page.get_by_text("Showing only red actions")).to_be_visible()
    expect(page.get_by_text("Amber (override)")).to_have_count(0)
    page.get_by_role("link", name="Show all actions").click()
    # A scrutiny officer can read but not change an action.
    page.get_by_role(
        "link", name="Make sure every open exploitation case has a risk assessment"
    ).click()
    app.check()
    expect(page.get_by_role("table", name="Date history")).to_contain_text(
        "Only 80 of 103 assessments"
    )
    expect(page.get_by_role("link", name="Move the target date")).to_have_count(0)
    _sign_out(app)

    _sign_in(app, "helen.partnership")
    action = Action.objects.get(objective__priority__plan=demo, number="1.1.1")
    app.goto(f"/partnership/actions/{action.pk}")
    page.get_by_role("link", name="Move the target date").click()
    app.check()
    page.get_by_role("button", name="Move the date").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter why is the date moving?")
    new_date = action.target_date + dt.timedelta(days=92)
    _fill_date(page, "New target date", new_date)
    page.get_by_label("Why is the date moving?").fill(
        "School summer term cancelled the autumn assemblies"
    )
    # Helen cannot approve her own move: she asks the chief officer, and nothing moves yet.
    approvers = page.get_by_label("Who should approve the move?")
    expect(approvers.locator("option", has_text="Helen Voss")).to_have_count(0)
    approvers.select_option(label="Pat Lindqvist, Kingsmere Children's Services")
    page.get_by_role("button", name="Move the date").click()
    app.check()
    expect(page.get_by_text("The move has been sent for approval.")).to_be_visible()
    expect(page.get_by_text("waiting for Pat Lindqvist to approve it")).to_be_visible()
    _sign_out(app)

    _sign_in(app, "pat.chief")
    app.goto("/my-work")
    page.get_by_role("link", name=re.compile("1.1.1: move the target date")).click()
    app.check()
    page.get_by_role("button", name="Approve the move").click()
    app.check()
    expect(page.get_by_text("The move has been approved")).to_be_visible()
    expect(
        page.get_by_text("Rule 6 (version 2): Amber: the target date has been moved later once")
    ).to_be_visible()
    app.goto("/partnership/slippage")
    expect(page.get_by_role("table", name="Moved target dates")).to_contain_text(
        "School summer term cancelled the autumn assemblies"
    )


def test_partnership_front_page_and_moving_an_action_back_to_the_old_plan(app, demo):
    page = app.page
    _sign_in(app, "helen.partnership")
    app.goto("/partnership/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership governance")
    page.get_by_role("link", name=demo.title).click()
    app.check()
    action = Action.objects.get(objective__priority__plan=demo, number="4.1.2")
    app.goto(f"/partnership/actions/{action.pk}")
    page.get_by_role("link", name="Move to another plan").click()
    app.check()
    page.get_by_label("Move to").select_option(
        label="Child Exploitation Action Plan 2023–2025: 4.1 "
        "Children and young adults get specialist support for as long as they need it"
    )
    page.get_by_label("Number in the new plan").fill("4.1.9")
    page.get_by_label("Why is it moving?").fill("Belongs with the work the old plan began")
    page.get_by_role("button", name="Move the action").click()
    app.check()
    expect(page.get_by_text("has been moved. Its history moves with it.")).to_be_visible()
    expect(
        page.get_by_text(re.compile("Moved on .* to Child Exploitation Action Plan"))
    ).to_be_visible()


def test_partnership_manager_links_a_new_inspection_recommendation_to_two_actions(app, demo):
    page = app.page
    _sign_in(app, "helen.partnership")
    app.goto("/partnership/recommendations/")
    page.get_by_role("link", name="Add a review, inspection, audit or scrutiny report").click()
    app.check()
    page.get_by_label("Inspection", exact=True).check()
    page.get_by_label("Title").fill("Focused visit: children at risk of exploitation")
    page.get_by_label("Author").fill("The inspectorate")
    page.get_by_label("Commissioned or published by").fill("Kingsmere Borough Council")
    _fill_date(page, "Date published", timezone.localdate() - dt.timedelta(days=5))
    page.get_by_role("button", name="Add source").click()
    app.check()
    page.get_by_role("link", name="Add a recommendation").click()
    app.check()
    page.get_by_label("Recommendation number").fill("1")
    page.get_by_label("Recommendation", exact=True).fill(
        "Make sure return interview findings reach police intelligence quickly"
    )
    page.get_by_label("Addressed to").fill("Children's Services and police")
    page.get_by_label("Within 3 months").check()
    page.get_by_role("button", name="Add recommendation").click()
    app.check()
    page.get_by_role(
        "checkbox", name="2.2.1 Commission an independent return interview service"
    ).check()
    page.get_by_role("checkbox", name=re.compile("2.2.2 Share return interview findings")).check()
    expect(
        page.get_by_role("group", name="Plan actions that deliver this recommendation").get_by_role(
            "checkbox", checked=True
        )
    ).to_have_count(2)
    page.get_by_label("Note (optional)").fill("Both actions form part of recommendation one")
    page.get_by_role("button", name="Save links").click()
    app.check()
    expect(page.get_by_text("The links to plan actions have been saved.")).to_be_visible()
    page.get_by_role("link", name=re.compile("^2.2.1 Commission")).click()
    app.check()
    expect(
        page.get_by_role(
            "link", name="Focused visit: children at risk of exploitation, recommendation 1"
        )
    ).to_be_visible()
    app.goto("/partnership/recommendations/overlaps")
    expect(page.get_by_text(re.compile(r"\d+% similar")).first).to_be_visible()


def test_scrutiny_meeting_whose_written_answer_becomes_overdue(app, demo):
    page = app.page
    _sign_in(app, "nina.scrutiny")
    app.goto("/partnership/scrutiny/")
    page.get_by_role("link", name="Arrange a meeting").click()
    app.check()
    page.get_by_label("Committee").select_option(label="Children and Young People's Scrutiny Panel")
    page.get_by_label("Meeting title").fill("Exploitation: hotels and taxis")
    _fill_date(page, "Meeting date", timezone.localdate() + dt.timedelta(days=14))
    page.get_by_role("button", name="Arrange meeting").click()
    app.check()
    meeting_url = page.url
    page.get_by_role("link", name="Add an agenda item").click()
    app.check()
    page.get_by_label("Agenda item").fill("Licensing enforcement report")
    page.get_by_label("Pages in the papers (optional)").fill("5 to 19")
    page.get_by_role("button", name="Add item").click()
    app.check()
    _sign_out(app)

    _sign_in(app, "cllr.okafor")
    page.goto(meeting_url)
    app.check()
    page.get_by_role("link", name="Draft a question").click()
    app.check()
    page.get_by_label("Question").fill(
        "How many taxi drivers have completed the awareness session?"
    )
    page.get_by_label("Which agency should answer?").select_option(label="Kingsmere Licensing")
    page.get_by_role("button", name="Save question").click()
    app.check()
    _sign_out(app)

    _sign_in(app, "cllr.hussain")
    page.goto(meeting_url)
    page.get_by_role("link", name="Assign question 1").click()
    app.check()
    page.get_by_label("Member to ask this question").select_option(
        label="Grace Okafor, Kingsmere Borough Council (elected members)"
    )
    page.get_by_role("button", name="Assign").click()
    app.check()
    _sign_out(app)

    _sign_in(app, "nina.scrutiny")
    page.goto(meeting_url)
    page.get_by_role("button", name="Send unsent questions to witness agencies").click()
    app.check()
    page.get_by_role("link", name="Record answer to question 1").click()
    app.check()
    page.get_by_label("Written, after the meeting").check()
    _fill_date(page, "Written answer due by", timezone.localdate() - dt.timedelta(days=1))
    page.get_by_role("button", name="Save answer").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text(
        "Written answer due by must be today or in the future"
    )
    _fill_date(page, "Written answer due by", timezone.localdate() + dt.timedelta(days=3))
    page.get_by_role("button", name="Save answer").click()
    app.check()
    expect(page.locator(".govuk-tag", has_text="Written answer due")).to_be_visible()

    # Time passes: the deadline goes by with no answer.
    Question.objects.filter(text__startswith="How many taxi drivers").update(
        answer_due_on=timezone.localdate() - dt.timedelta(days=2)
    )
    app.goto("/partnership/scrutiny/")
    overdue = page.get_by_role("table", name="Overdue written answers")
    expect(overdue).to_contain_text("Kingsmere Licensing")
    expect(overdue).to_contain_text("Written answer overdue")
    response = page.request.get(meeting_url + "/minutes.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"


def test_a_witness_agency_officer_answers_a_question_from_my_work(app, demo):
    page = app.page
    _sign_in(app, "priya.officer")
    app.goto("/my-work")
    expect(page.get_by_text("Scrutiny questions for your agency to answer").first).to_be_visible()
    page.get_by_role("link", name=re.compile("Question 4 to Mereshire Police")).click()
    app.check()
    expect(page.get_by_text("What powers have police used")).to_be_visible()
    page.get_by_role("button", name="Send the answer to the committee").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter your agency")
    page.get_by_label("Your agency's answer").fill(
        "Eleven abduction warning notices and two closure orders at hotels this year."
    )
    page.get_by_role("button", name="Send the answer to the committee").click()
    app.check()
    expect(page.get_by_text("Your answer to question 4 has been sent")).to_be_visible()
    _sign_out(app)
    _sign_in(app, "nina.scrutiny")
    app.goto("/partnership/scrutiny/witness-officers")
    expect(page.get_by_role("table", name="Nominated officers")).to_contain_text("Priya")


def test_public_plan_page_and_pdf(app, demo):
    page = app.page
    app.goto("/public/plans/")
    page.get_by_role("link", name=demo.title).click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.title)
    expect(page.get_by_text("Helen Voss")).to_have_count(0)
    link = page.get_by_role("link", name="Download this plan as a PDF")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_every_other_partnership_page_is_accessible(app, demo):
    from triangulate.partnership.models import (
        AuditFinding,
        CaseFileAudit,
        Meeting,
        PlanVersion,
        Recommendation,
        Source,
    )

    action = Action.objects.get(objective__priority__plan=demo, number="3.2.2")
    meeting = Meeting.objects.filter(title__contains="delivery plan progress").get()
    finding = AuditFinding.objects.filter(plan_action__isnull=True).first()
    # The lead (a chief officer) proposed this override; someone else must approve it.
    _sign_in(app, "pat.chief")
    app.goto(f"/partnership/actions/{action.pk}")
    expect(app.page.get_by_role("button", name="Approve override")).to_have_count(0)
    _sign_out(app)
    _sign_in(app, "helen.partnership")
    app.goto("/my-work")
    app.page.get_by_role("link", name=re.compile("3.2.2: proposed Green")).click()
    app.check()
    app.page.get_by_role("button", name="Approve override").click()
    app.check()
    expect(app.page.get_by_text("Green (override)")).to_be_visible()
    for path in [
        "/partnership/",
        "/partnership/plans/",
        "/partnership/plans/new",
        f"/partnership/plans/{demo.pk}/objectives/new",
        f"/partnership/plans/{demo.pk}/actions/new",
        f"/partnership/plans/{demo.pk}/reviews/new",
        f"/partnership/plans/{demo.pk}/versions",
        f"/partnership/versions/{PlanVersion.objects.first().pk}",
        "/partnership/rag-rules",
        "/partnership/rag-rules/new",
        f"/partnership/actions/{action.pk}/edit",
        "/partnership/training/events/new",
        "/partnership/audits/new",
        "/partnership/audits/section-11/new",
        f"/partnership/audits/{CaseFileAudit.objects.first().pk}/cases/new",
        f"/partnership/audits/{CaseFileAudit.objects.first().pk}/findings/new",
        f"/partnership/actions/{action.pk}/update",
        f"/partnership/actions/{action.pk}/completion",
        f"/partnership/actions/{action.pk}/milestones/new",
        f"/partnership/actions/{action.pk}/override",
        f"/partnership/actions/{action.pk}/move",
        "/partnership/recommendations/overlaps",
        f"/partnership/sources/{Source.objects.first().pk}",
        f"/partnership/sources/{Source.objects.first().pk}/import",
        f"/partnership/recommendations/{Recommendation.objects.first().pk}",
        "/partnership/training/",
        "/partnership/training/import",
        "/partnership/audits/",
        f"/partnership/audits/{CaseFileAudit.objects.first().pk}",
        f"/partnership/audits/findings/{finding.pk}/action",
        "/my-work",
    ]:
        app.goto(path)
    _sign_out(app)
    _sign_in(app, "nina.scrutiny")
    app.goto(f"/partnership/scrutiny/meetings/{meeting.pk}")
    expect(app.page.get_by_text("Follow-ups due back at this meeting")).to_have_count(0)
    upcoming = Meeting.objects.filter(title__contains="follow-up session").get()
    app.goto(f"/partnership/scrutiny/meetings/{upcoming.pk}")
    app.page.get_by_role("button", name=re.compile("follow-up 1 of")).first.click()
    app.check()
    expect(app.page.get_by_role("table", name="Agenda")).to_contain_text(
        "Follow-up: An update on the return interview service"
    )
    app.goto(f"/partnership/scrutiny/meetings/{upcoming.pk}/resolutions/new")
    app.goto("/my-work")
    expect(app.page.get_by_role("rowheader", name="Written answers awaited")).to_be_visible()
