"""The system administrator makes an account and the newcomer chooses a password from the
link, in a real browser, axe on every page."""

import re

from playwright.sync_api import expect

from triangulate.core.roles import Role


def test_an_administrator_makes_an_account_and_the_newcomer_chooses_a_password(
    app, make_user, council
):
    make_user(council, Role.SYSTEM_ADMINISTRATOR, username="admin")
    page = app.page
    app.sign_in("admin")
    app.goto("/governance/agencies")
    page.get_by_role("button", name="Add an agency").click()
    app.check()
    page.get_by_label("Name", exact=True).fill("Kingsmere Youth Offending Service")
    page.get_by_label("Youth justice").check()
    page.get_by_role("button", name="Add agency").click()
    app.check()
    expect(page.get_by_role("link", name="Kingsmere Youth Offending Service")).to_be_visible()
    app.goto("/governance/users")
    page.get_by_role("button", name="Make an account").click()
    app.check()
    page.get_by_label("Username").fill("sam.carter")
    page.get_by_role("button", name="Make account").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Select at least one role")

    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Carter")
    page.get_by_label("Email address").fill("sam.carter@kingsmere.example")
    page.get_by_label("Agency").select_option(label=council.name)
    page.get_by_label("Exploitation practitioner").check()
    page.get_by_role("button", name="Make account").click()
    app.check()
    link = page.locator("code").inner_text()
    assert re.search(r"/account/choose-password/", link)

    page.get_by_role("link", name="Go to the account").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Carter")
    page.get_by_role("button", name="Sign out").click()

    app.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    page.get_by_label("New password", exact=True).fill("kingsmere-hub-rota-2026")
    page.get_by_label("Confirm new password").fill("kingsmere-hub-rota-2026")
    page.get_by_role("button", name="Save password").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Triangulate")
    expect(page.get_by_text("Password chosen")).to_be_visible()
