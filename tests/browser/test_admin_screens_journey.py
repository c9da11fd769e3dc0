"""An agency's team manager keeps its teams and each worker's capacity, and the partnership
manager keeps the levels of need, in a real browser, with the errors for bad input and axe
on every page."""

from playwright.sync_api import expect


def test_a_team_manager_adds_a_team_and_a_worker_with_their_own_capacity(
    app, team_manager, practitioner
):
    page = app.page
    app.sign_in("manager")
    app.goto("/cases/teams")
    page.get_by_role("button", name="Add a team").click()
    app.check()
    page.get_by_role("button", name="Add team").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter team name")
    page.get_by_label("Team name").fill("North exploitation team")
    page.get_by_label("Cases a full-time worker carries").fill("12")
    page.get_by_role("button", name="Add team").click()
    app.check()
    expect(page.get_by_role("heading", name="North exploitation team")).to_be_visible()
    page.get_by_text("Add a worker").click()
    page.get_by_label("Worker", exact=True).select_option(label=practitioner.display_name)
    page.get_by_label("Their own capacity (optional)").fill("6")
    page.get_by_role("button", name="Add worker").click()
    app.check()
    expect(page.get_by_label(f"Capacity of {practitioner.display_name}")).to_have_value("6")
    app.goto("/cases/teams")
    expect(page.get_by_role("link", name="North exploitation team")).to_be_visible()


def test_the_partnership_manager_adds_a_level_of_need_and_keeps_one_in_use(
    app, partnership_manager
):
    from triangulate.frontdoor.models import NeedLevel

    # Whatever levels the database already holds are out of use: the new one is the only one.
    NeedLevel.objects.update(is_active=False)
    page = app.page
    app.sign_in("partnership")
    app.goto("/front-door/need-levels")
    page.get_by_role("button", name="Add a level").click()
    app.check()
    page.get_by_role("button", name="Add level").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter name of the level")
    page.get_by_label("Code").fill("specialist-cse")
    page.get_by_label("Name of the level").fill("Specialist: exploitation team")
    page.get_by_label("Position").fill("40")
    page.get_by_label("Exploitation team").check()
    page.get_by_label("Referral to the MACE panel").check()
    page.get_by_role("button", name="Add level").click()
    app.check()
    expect(
        page.get_by_role("cell", name="Exploitation team; Referral to the MACE panel", exact=True)
    ).to_be_visible()
    page.get_by_role("link", name="Specialist: exploitation team").click()
    app.check()
    page.get_by_label("In use at the front door").uncheck()
    page.get_by_role("button", name="Save level").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Keep at least one level in use")
