"""A user issues an API token, sees it once and revokes it; the API's page; axe on each."""

from playwright.sync_api import expect

from triangulate.core.roles import Role


def test_a_user_issues_and_revokes_an_api_token(app, make_user, council):
    make_user(council, Role.EXPLOITATION_PRACTITIONER, username="alexp")
    page = app.page
    app.goto("/api/docs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Triangulate API")
    app.sign_in("alexp")
    app.goto("/api/tokens")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your API tokens")
    page.get_by_role("button", name="Issue token").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter what the token is for")
    page.get_by_label("What the token is for").fill("School safeguarding system")
    page.get_by_role("button", name="Issue token").click()
    app.check()
    expect(page.locator(".app-token")).to_contain_text("tri_")
    app.goto("/api/tokens")
    expect(page.locator(".app-token")).to_have_count(0)
    page.get_by_role("button", name="Revoke token").click()
    app.check()
    expect(page.get_by_text("Revoked", exact=True)).to_be_visible()
