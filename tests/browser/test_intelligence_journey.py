"""Pursue, tried as a new user would: a school submits intelligence about a car outside the
school, police grade it 2/B/P and share a sanitised version with the council, the council
sees only that on the child's page, and police find the child's network. Axe on every page."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from triangulate.core import records
from triangulate.core.records import LawfulBasis
from triangulate.intelligence import services


def test_school_submits_police_grade_and_share_council_sees_the_sanitised_version(
    app, school_lead, police_officer, practitioner, child, school, police, council
):
    for agency in (school, police):
        records.share(practitioner, child, agency, basis=LawfulBasis.SAFEGUARDING, purpose="s47")
    place = services.place_create(actor=police_officer, name="Station Hotel", kind="hotel")
    page = app.page

    app.sign_in("dsl")
    app.goto(f"/register/people/{child.pk}")
    page.get_by_role("link", name="Submit intelligence about this child").click()
    app.check()
    page.get_by_role("button", name="Send to police").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter what was seen or heard")
    page.get_by_label("What was seen or heard").fill(
        "A silver car waits outside the school gate at home time and Rosie gets in."
    )
    page.get_by_label("Where", exact=True).fill("Outside Kingsmere Academy")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.locator("input[name=seen_on-day]").fill(str(yesterday.day))
    page.locator("input[name=seen_on-month]").fill(str(yesterday.month))
    page.locator("input[name=seen_on-year]").fill(str(yesterday.year))
    page.get_by_label("Vehicle registrations").fill("ab12 cde")
    page.get_by_role("button", name="Send to police").click()
    app.check()
    expect(page.get_by_text("Not yet graded").first).to_be_visible()
    expect(page.get_by_text("AB12CDE")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    app.sign_in("officer")
    app.goto("/intelligence/")
    page.get_by_role("link", name="INT-").first.click()
    app.check()
    page.get_by_label("2 – Untested").check()
    page.get_by_label("B – Known indirectly to the source but corroborated").check()
    page.get_by_label("P – Lawful sharing permitted").check()
    page.get_by_role("button", name="Save grade").click()
    app.check()
    expect(page.get_by_text("Graded 2/B/P").first).to_be_visible()
    page.get_by_text("Add a link").click()
    page.get_by_label("Place").check()
    page.get_by_label("Which one").fill(str(place.pk))
    page.get_by_role("button", name="Add link").click()
    app.check()
    expect(page.get_by_role("link", name="Station Hotel")).to_be_visible()
    page.get_by_text("Write a sanitised version for a partner").click()
    page.get_by_label("Partner agency to share it with").select_option(label=council.name)
    page.get_by_label("The child it concerns").select_option(label=child.full_name)
    page.get_by_label("Sanitised version").fill("A car has been seen collecting Rosie from school.")
    page.get_by_label("Purpose of sharing").fill("Safety planning for Rosie")
    page.get_by_label("Why sharing is necessary and proportionate").fill(
        "Her practitioner needs it to plan her journey home"
    )
    page.get_by_label("Safeguarding of children").check()
    page.get_by_role("button", name="Share sanitised version").click()
    app.check()
    expect(page.get_by_text("Sanitised version shared.")).to_be_visible()
    app.goto(f"/intelligence/network/?focus=person:{child.pk}")
    expect(page.get_by_role("table", name="Every link in the network above")).to_contain_text(
        "AB12CDE"
    )
    page.get_by_role("button", name="Sign out").click()

    app.sign_in("practitioner")
    app.goto(f"/register/people/{child.pk}")
    expect(page.get_by_text("Graded 2/B/P")).to_be_visible()
    page.get_by_role("link", name="Shared").first.click()
    app.check()
    expect(page.get_by_text("A car has been seen collecting Rosie from school.")).to_be_visible()
    expect(page.get_by_text("silver car")).to_have_count(0)
    app.goto("/intelligence/network/")
    expect(page.get_by_text("AB12CDE")).to_have_count(0)
