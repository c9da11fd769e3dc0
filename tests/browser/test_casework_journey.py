"""Casework, tried as a practitioner would: record a home visit where the child was seen alone,
with their own words, then export the child's chronology. Axe on every page."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PersonFactory
from triangulate.casework.models import Case, CaseNote, Team, TeamMember
from triangulate.core.models import AuditEntry


def fill_date(page, prefix, day):
    page.locator(f"input[name={prefix}-day]").fill(str(day.day))
    page.locator(f"input[name={prefix}-month]").fill(str(day.month))
    page.locator(f"input[name={prefix}-year]").fill(str(day.year))


def test_a_visit_with_the_child_seen_alone_reaches_the_exported_chronology(
    app, practitioner, team_manager, council
):
    child = PersonFactory(owning_agency=council, given_name="Leah", family_name="Marston")
    team = Team.objects.create(name="Exploitation team", agency=council)
    TeamMember.objects.create(team=team, user=practitioner)
    case = Case.objects.create(
        owning_agency=council,
        reference="EXP-BROWSER1",
        person=child,
        team=team,
        worker=practitioner,
        opened_by=team_manager,
        opened_at=timezone.now() - dt.timedelta(days=30),
    )
    page = app.page
    app.sign_in("practitioner")
    app.goto(f"/cases/{case.pk}")
    page.get_by_role("button", name="Record a contact or note").click()
    app.check()

    # Saving with nothing filled in: the error summary names what is missing, nothing saved.
    page.get_by_role("button", name="Save note").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Select what kind of contact was it?")
    assert not CaseNote.objects.exists()

    page.get_by_label("Visit", exact=True).check()
    fill_date(page, "occurred_on", timezone.localdate() - dt.timedelta(days=1))
    page.get_by_label("Time it happened").fill("16:30")
    page.get_by_label("Who was present").fill("Leah, her mother at the start")
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page.get_by_label("What the child said, in their own words").fill(
        "I don't want to go to the flat any more."
    )
    page.get_by_label("Note", exact=True).fill("Home visit; spoke with Leah alone in her room.")
    page.get_by_label("This is a significant event").check()
    page.get_by_role("button", name="Save note").click()
    app.check()
    expect(page.get_by_text("Visit recorded.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Seen alone")

    page.get_by_role("link", name="Chronology").click()
    app.check()
    expect(page.get_by_role("table")).to_contain_text("Visit: Seen alone (significant)")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert AuditEntry.objects.filter(
        action="export", subject_id=str(child.pk), purpose="export the chronology (pdf)"
    ).exists()
