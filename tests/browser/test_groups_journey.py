"""Police record a peer group and open its page, in a real browser, axe on every page."""

from playwright.sync_api import expect


def test_police_record_a_peer_group_and_open_it(app, police_officer):
    page = app.page
    app.sign_in(police_officer.username)
    app.goto("/intelligence/groups/")
    page.get_by_role("button", name="Record a group or context").click()
    app.check()
    page.get_by_role("button", name="Record group").click()
    app.check()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Name").fill("Friends who go missing together")
    page.get_by_label("Peer group").check()
    page.get_by_label("Summary").fill("Four friends who are often missing on the same nights.")
    page.get_by_role("button", name="Record group").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Friends who go missing together")
    expect(page.get_by_role("heading", name="Contextual assessment")).to_be_visible()
    app.goto("/intelligence/groups/")
    expect(page.get_by_role("link", name="Friends who go missing together")).to_be_visible()
