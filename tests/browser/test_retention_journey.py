"""The retention schedule in a real browser, axe on every page: a rule set (after a refused
one), a legal hold placed and released, what is due seen, and destroyed after confirming."""

import datetime as dt

from playwright.sync_api import expect

from tests.factories import PersonFactory
from triangulate.casework.models import Case
from triangulate.core.roles import Role


def test_the_governance_lead_keeps_the_schedule_and_destroys_what_is_due(
    app, make_user, council, practitioner, child
):
    make_user(council, Role.INFORMATION_GOVERNANCE_LEAD, username="dpo")
    closed = dt.datetime(2015, 3, 1, 12, tzinfo=dt.UTC)
    old = Case.objects.create(
        reference="RC-1", person=PersonFactory(owning_agency=council), owning_agency=council,
        opened_by=practitioner, opened_at=closed, closed_at=closed, status="closed",
    )  # fmt: skip
    page = app.page
    app.sign_in("dpo")
    app.goto("/governance/retention")
    page.get_by_role("button", name="Add a rule").click()
    app.check()
    page.get_by_label("Type of record").select_option("casework.case")
    page.get_by_label("When the record was closed or ended").check()
    page.get_by_label("Legal basis").fill("The partnership's records retention guidance")
    page.get_by_role("button", name="Save rule").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter how long the records are kept")
    page.get_by_label("Years").fill("6")
    page.get_by_role("button", name="Save rule").click()
    app.check()
    expect(page.get_by_role("table")).to_contain_text("6 years")

    page.get_by_role("button", name="Place a legal hold").click()
    app.check()
    page.get_by_label("Record number of the child").fill(str(child.pk))
    page.get_by_label("Why the records must be kept").fill(
        "A child safeguarding practice review is under way"
    )
    page.get_by_role("button", name="Place hold").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hold in force")
    page.get_by_label("Why the hold can be released").fill("The review has reported")
    page.get_by_role("button", name="Release hold").click()
    app.check()

    page.get_by_role("link", name="See what would be destroyed today").click()
    app.check()
    page.get_by_role("button", name="Destroy 1 records").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Confirm that the records listed")
    page.get_by_label("I have checked this list").check()
    page.get_by_role("button", name="Destroy 1 records").click()
    app.check()
    expect(page.get_by_text("Case: 1 destroyed")).to_be_visible()
    assert not Case.objects.filter(pk=old.pk).exists()
