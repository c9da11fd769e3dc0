"""The front door as a new user meets it: raise, triage on the clock, match, decide, open a
case, allocate, and the worker's "My work"; and a member of the public reporting a concern."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.factories import PersonAddressFactory, PersonFactory
from triangulate.casework.models import Team, TeamMember
from triangulate.frontdoor.models import NeedLevel


@pytest.fixture
def levels(transactional_db):
    for code, label in [("1", "Level 1: universal"), ("3", "Level 3: targeted or child in need")]:
        NeedLevel.objects.get_or_create(code=code, defaults={"label": label, "order": int(code)})


def test_school_raises_hub_matches_decides_and_the_case_reaches_the_worker(
    app, levels, council, school_lead, front_door_worker, team_manager, practitioner
):
    caitlin = PersonFactory(
        owning_agency=council,
        given_name="Caitlin",
        family_name="Whitfield",
        known_as="Cat",
        date_of_birth=dt.date(2011, 3, 12),
    )
    PersonAddressFactory(person=caitlin, postcode="KM4 7QT")
    team = Team.objects.create(name="Exploitation team", agency=council, default_capacity=10)
    TeamMember.objects.create(team=team, user=practitioner)
    page = app.page
    page.set_default_timeout(10000)

    # A school's safeguarding lead raises a concern, misspelling the child's name.
    app.sign_in("dsl")
    page.get_by_role("link", name="Raise a concern about a child").first.click()
    app.check()
    page.get_by_role("button", name="Send to the front door").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("so that the child can be found")
    page.get_by_label("Child's first name").fill("Kaitlyn")
    page.get_by_label("Child's last name").fill("Whitfeild")
    page.get_by_label("Day", exact=True).fill("12")
    page.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Year", exact=True).fill("2011")
    page.get_by_label("What have you seen or heard?").fill(
        "Seen getting into a car with two adults not known to the family after school."
    )
    page.get_by_label("Being picked up in cars by unknown adults").check()
    page.get_by_label("Today", exact=True).check()
    page.get_by_role("button", name="Send to the front door").click()
    app.check()
    expect(page.locator(".govuk-panel")).to_contain_text("Your reference")
    reference = page.locator(".govuk-panel strong").inner_text()
    page.get_by_role("button", name="Sign out").click()

    # The hub sees it on the one-working-day clock and finds the existing child.
    app.sign_in("frontdoor")
    app.goto("/front-door/")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Kaitlyn Whitfeild")
    expect(row.locator(".govuk-tag")).to_have_text(re.compile("On time|Due soon"))
    row.get_by_role("link", name=reference).click()
    app.check()
    page.get_by_role("button", name="Find the child in the register").click()
    app.check()
    expect(page.get_by_text("Same date of birth")).to_be_visible()
    page.get_by_role("button", name="Link to Caitlin Whitfield").click()
    app.check()
    expect(page.get_by_role("link", name="Caitlin Whitfield")).to_be_visible()

    page.get_by_label("Exploitation team").check()
    page.get_by_label("Level 3: targeted or child in need").check()
    page.get_by_label("Reasons for the decision").fill("Indicators of sexual exploitation.")
    page.get_by_label("Feedback for the professional who raised the concern").fill(
        "Passed to the exploitation team."
    )
    page.get_by_role("button", name="Record decision").click()
    app.check()
    page.get_by_role("button", name="Open an exploitation case").click()
    app.check()
    page.get_by_role("button", name="Open case").click()
    app.check()
    expect(page.get_by_text("Not allocated").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The team manager allocates it, seeing the worker's caseload against capacity.
    app.sign_in("manager")
    app.goto("/cases/")
    page.get_by_role("link", name=re.compile("^EXP-")).first.click()
    app.check()
    page.get_by_label(re.compile("0 of 10 cases")).check()
    page.get_by_role("button", name="Allocate").click()
    app.check()
    expect(page.get_by_text("Case allocated to")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The worker sees it in "My work"; the school sees the feedback meant for it.
    app.sign_in("practitioner")
    app.goto("/my-work")
    expect(page.get_by_role("link", name=re.compile("Caitlin Whitfield"))).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    app.sign_in("dsl")
    app.goto("/front-door/")
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("Exploitation team")
    page.get_by_role("link", name=reference).click()
    app.check()
    expect(page.get_by_text("Passed to the exploitation team.")).to_be_visible()
    expect(page.get_by_text("Indicators of sexual exploitation.")).to_have_count(0)


def test_a_member_of_the_public_reports_and_checks_status(app, levels, council, child):
    page = app.page
    page.set_default_timeout(10000)
    app.goto("/sign-in")
    app.goto("/public/concern")
    page.get_by_role("button", name="Send report").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text(
        "Select whether you are a member of the public or a councillor"
    )
    page.get_by_label("A member of the public").check()
    page.get_by_label("Child's first name").fill("Rosie")
    page.get_by_label("Child's last name").fill("Hargreaves")
    page.get_by_label("What have you seen or heard?").fill(
        "Picked up by older men in cars most nights outside the shop."
    )
    page.get_by_role("button", name="Send report").click()
    app.check()
    expect(page.locator(".govuk-panel")).to_contain_text("Concern received")
    reference = page.locator(".govuk-panel strong").inner_text()
    expect(page.get_by_text("Hargreaves")).to_have_count(0)

    page.get_by_role("link", name="check the status of your concern").click()
    app.check()
    page.get_by_label("Your reference").fill(reference)
    page.get_by_role("button", name="Check status").click()
    app.check()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Received")
    expect(page.get_by_text("Rosie")).to_have_count(0)

    page.get_by_label("Your reference").fill("ABCD-EFGH-JKMN")
    page.get_by_role("button", name="Check status").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("We cannot find a concern")


def test_flags_census_factors_and_relationships_on_the_childs_page(app, council, front_door_worker):
    child = PersonFactory(owning_agency=council, given_name="Leah", family_name="Nowak")
    PersonAddressFactory(person=child, line_1="4 Mill Lane", postcode="KM2 3AB")
    mother = PersonFactory(
        owning_agency=council, given_name="Dawn", family_name="Nowak", kind="adult"
    )
    PersonAddressFactory(person=mother, line_1="4 Mill Lane", postcode="KM2 3AB")
    page = app.page
    page.set_default_timeout(10000)
    app.sign_in("frontdoor")
    app.goto(f"/register/people/{child.pk}")
    page.get_by_role("link", name=re.compile("Set or remove a flag")).click()
    app.check()
    page.get_by_label("Placed out of area").check()
    page.get_by_role("button", name="Set flag").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter the placing or host authority")
    page.get_by_label("Placing or host authority").fill("Placed by Kingsmere in Northshire")
    page.get_by_label("Why are you setting this flag?").fill("Residential placement.")
    page.get_by_role("button", name="Set flag").click()
    app.check()
    expect(page.get_by_text("Placed by Kingsmere in Northshire")).to_be_visible()
    page.get_by_role("link", name=re.compile("Set or remove a flag")).click()
    page.get_by_label("Who", exact=True).select_option(label="Dawn Nowak (adult)")
    page.get_by_label("How are they related to this child?").select_option("parent")
    page.get_by_role("button", name="Record relationship").click()
    app.check()
    expect(page.get_by_text("Parent:")).to_be_visible()
