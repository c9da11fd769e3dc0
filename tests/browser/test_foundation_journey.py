"""A new user's first journey: sign in, search the register, open a person, see refusals."""

import re

from playwright.sync_api import expect

from tests.factories import PersonAddressFactory, PersonFactory


def test_sign_in_search_and_open_a_person(app, practitioner, council, police_officer):
    caitlin = PersonFactory(
        owning_agency=council, given_name="Caitlin", family_name="Whitfield", known_as="Cat"
    )
    PersonAddressFactory(person=caitlin)
    page = app.page

    app.sign_in("practitioner")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    page.get_by_role("link", name="Search the register").first.click()
    app.check()

    page.get_by_label("Name or known-as name").fill("Kaitlin")
    page.get_by_role("button", name="Search").click()
    app.check()
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()

    page.get_by_role("link", name="Caitlin Whitfield").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Caitlin Whitfield")
    # The current address, and in the address history a link for its agency to label it.
    expect(page.get_by_text("12 Heron Way, Kingsmere, KM4 7QT", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="12 Heron Way, Kingsmere, KM4 7QT")).to_be_visible()

    app.goto("/register/people/new")
    page.get_by_label("First name").fill("Leah")
    page.get_by_label("NHS number").fill("123")
    page.get_by_role("button", name="Add to the register").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter last name")
    expect(page.get_by_role("alert")).to_contain_text("NHS number must be 10 digits")
    expect(page).to_have_title(re.compile("^Error:"))

    page.get_by_role("button", name="Sign out").click()
    app.check()
    expect(page).to_have_url(re.compile("/sign-in"))


def test_another_agency_is_refused(app, police_officer, council):
    person = PersonFactory(owning_agency=council)
    app.sign_in("officer")
    app.goto(f"/register/people/{person.pk}")
    expect(app.page.get_by_role("heading", level=1)).to_have_text(
        "You do not have access to this page"
    )


def test_static_pages_and_404_are_accessible(app, administrator):
    app.goto("/accessibility")
    app.goto("/privacy")
    app.sign_in("admin")
    app.goto("/audit/check")
    expect(app.page.get_by_text("The audit log is intact")).to_be_visible()
    app.goto("/no-such-page")
    expect(app.page.get_by_role("heading", level=1)).to_have_text("Page not found")
