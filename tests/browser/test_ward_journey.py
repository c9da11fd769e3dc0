"""Ward figures on the demo borough, as new users would try them, axe on every page: the
partnership manager sets the ward a councillor represents; the demo councillor signs in and
sees their own ward's counts with small numbers suppressed, every other ward below, and the
same figures in the board pack."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from triangulate.demo.borough import DEMO_PASSWORD


@pytest.fixture
def demo(transactional_db):
    call_command("demo_borough", children=12, seed=3)


def test_a_councillor_sees_their_wards_suppressed_counts(app, demo):
    page = app.page

    # The partnership manager gives the scrutiny panel's chair a different ward.
    app.sign_in("helen.partnership", DEMO_PASSWORD)
    page.get_by_role("link", name="Elected members' wards").click()
    app.check()
    expect(page.get_by_role("row", name="Grace Okafor")).to_contain_text("Mereside")
    page.get_by_role("link", name="Change ward for Imran Hussain").click()
    app.check()
    page.get_by_label("Castle").check()
    page.get_by_role("button", name="Save ward").click()
    app.check()
    expect(page.get_by_text("Imran Hussain now represents Castle")).to_be_visible()
    expect(page.get_by_role("row", name="Imran Hussain")).to_contain_text("Castle")
    page.get_by_role("button", name="Sign out").click()

    # The demo councillor's ward figures open on the ward she represents.
    app.sign_in("cllr.okafor", DEMO_PASSWORD)
    page.get_by_role("link", name="Your ward: complaints, whistleblowing and support").click()
    app.check()
    expect(page.get_by_role("heading", name="Your ward: Mereside")).to_be_visible()
    own = page.locator(".govuk-summary-list")
    expect(own).to_contain_text("Complaints about how concerns were handled")
    expect(own).to_contain_text("Fewer than 5")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows.first).to_contain_text("Mereside (your ward)")
    for ward in ("Harbour", "Castle", "Ashby Vale", "Northgate"):
        expect(page.get_by_role("table")).to_contain_text(ward)

    # The same figures, for last month, in the board pack.
    app.goto("/performance/packs/")
    page.get_by_role("link", name="Partnership board pack").first.click()
    app.check()
    expect(page.get_by_role("heading", name="Figures by ward")).to_be_visible()
    expect(page.get_by_role("table", name="Figures by ward")).to_contain_text(
        "Mereside (your ward)"
    )
