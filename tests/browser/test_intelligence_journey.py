"""Pursue, tried as a new user would: a school submits intelligence about a car outside the
school, police grade it 2/B/P and share a sanitised version with the council, the council
sees only that on the child's page, and police find the child's network. Axe on every page."""

import datetime as dt
from importlib import import_module

from django.apps import apps as django_apps
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


def test_police_find_the_adult_through_the_car_issue_a_notice_it_is_breached_and_mace_sees_him(
    app, school_lead, police_officer, police_analyst, practitioner, child, school, police
):
    """The rest of the pursue journey: the officer links the car to an adult, the analyst finds
    the path from the child to him through the car, a child abduction warning notice is
    issued and breached, and the hotspots and the MACE panel show it."""
    from tests.browser.test_casework_journey import fill_date
    from triangulate.intelligence.models import Tactic

    # The browser suite empties the database between tests: the catalogue of tactics and the
    # prioritisation criteria, which a migration provides, are put back as it would.
    catalogue = import_module("triangulate.intelligence.migrations.0002_catalogue_and_criteria")
    catalogue.forwards(django_apps, None)
    today = timezone.localdate()
    child.date_of_birth = today.replace(year=today.year - 13, day=1)  # a notice needs under 16
    child.save()
    for agency in (school, police):
        records.share(practitioner, child, agency, basis=LawfulBasis.SAFEGUARDING, purpose="s47")
    item = services.item_submit(
        actor=school_lead, police=police, person=child,
        what_seen="A silver car waits outside the school gate at home time and Rosie gets in.",
        seen_at=timezone.now() - dt.timedelta(days=1), postcode="km4 7qt", vehicles="ab12 cde",
    )  # fmt: skip
    services.item_grade(actor=police_officer, item=item, expected_version=item.version,
                        source_evaluation="2", assessment="B", handling_code="P")  # fmt: skip
    jay = services.concern_create(actor=police_officer, given_name="Jay", family_name="Marlow")
    page = app.page

    app.sign_in("officer")
    app.goto(f"/intelligence/people/{jay.pk}")
    page.get_by_text("Add a link").click()
    page.get_by_label("Vehicle").check()
    page.get_by_label("Which one").fill("AB12 CDE")
    page.get_by_role("button", name="Add link").click()
    app.check()
    expect(page.get_by_role("table", name="Who and what they are linked to")).to_contain_text(
        "AB12CDE"
    )
    page.get_by_role("button", name="Sign out").click()

    app.sign_in("analyst")
    app.goto(f"/intelligence/network/?focus=person:{child.pk}&depth=3")
    page.get_by_label("To", exact=True).select_option(label="Person of concern: Jay Marlow")
    page.get_by_role("button", name="Find the shortest path").click()
    app.check()
    path = page.get_by_role("table", name="Shortest path")
    expect(path).to_contain_text("AB12CDE")
    expect(path).to_contain_text("Jay Marlow")
    page.get_by_role("button", name="Sign out").click()

    app.sign_in("officer")
    app.goto(f"/intelligence/people/{jay.pk}")
    page.get_by_text("Add a link").click()
    page.get_by_label("Child").check()
    page.get_by_label("Which one").fill(str(child.pk))
    page.get_by_role("button", name="Add link").click()
    app.check()
    page.get_by_role("button", name="Add a tactic").click()
    app.check()
    page.get_by_label("Tactic", exact=True).select_option(label="Child abduction warning notice")
    page.get_by_label("The child it protects").select_option(label=child.full_name)
    page.get_by_label("Who owns this tactic").fill("DC Priya Shah")
    fill_date(page, "started_on", today)
    fill_date(page, "review_on", today)
    page.get_by_role("button", name="Add tactic").click()
    app.check()
    app.goto(f"/intelligence/tactics/{Tactic.objects.get(concern=jay).pk}")
    app.check()
    page.get_by_label("Outcome").select_option(label="Issued or obtained")
    fill_date(page, "outcome_on", today)
    page.get_by_role("button", name="Save").click()
    app.check()
    fill_date(page, "breached_on", today)
    page.get_by_label("What happened in the breach").fill("Seen with Rosie at the school gate")
    page.get_by_role("button", name="Save").click()
    app.check()
    expect(page.get_by_text("Seen with Rosie at the school gate")).to_be_visible()

    app.goto("/intelligence/hotspots/")
    expect(page.get_by_role("table").first).to_contain_text("KM4")

    app.goto("/meetings/new")
    page.get_by_label("MACE panel").check()
    page.get_by_label("Title").fill("MACE panel – Kingsmere")
    fill_date(page, "held_on", today)
    page.get_by_label("Start time").fill("23:00")
    page.get_by_role("button", name="Create meeting and agenda").click()
    app.check()
    expect(page.get_by_role("link", name="Jay Marlow (person of concern)")).to_be_visible()
    expect(
        page.get_by_text("The child abduction warning notice was breached on", exact=False)
    ).to_be_visible()
    expect(
        page.get_by_text("Review of the child abduction warning notice is due", exact=False)
    ).to_be_visible()
