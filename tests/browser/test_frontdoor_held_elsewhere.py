"""The hub meets a child held by another agency: it asks from the match page, is warned
before adding a new child, and records and corrects a decision (axe on every page)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.factories import PersonFactory
from tests.frontdoor.factories import raise_contact
from triangulate.frontdoor.models import NeedLevel

LEVELS = [
    ("1", "Level 1: universal", ["nfa_advice", "police"]),
    ("2", "Level 2: early help", ["nfa_advice", "early_help", "police"]),
]


@pytest.fixture
def levels(transactional_db):
    for code, label, outcomes in LEVELS:
        NeedLevel.objects.update_or_create(
            code=code, defaults={"label": label, "order": int(code), "outcomes": outcomes}
        )


def test_the_hub_asks_the_agency_holding_the_child_and_is_warned_before_a_duplicate(
    app, levels, health, school_lead, front_door_worker
):
    PersonFactory(
        owning_agency=health,
        given_name="Danielle",
        family_name="Kowalski",
        date_of_birth=dt.date(2011, 5, 9),
    )
    contact = raise_contact(school_lead, given_name="Danielle", family_name="Kwalski")
    page = app.page
    page.set_default_timeout(10000)
    app.sign_in("frontdoor")
    app.goto(f"/front-door/contacts/{contact.pk}/match")
    expect(page.get_by_text("Kingsmere Community Health holds 1 likely match")).to_be_visible()
    page.get_by_role("button", name="Ask Kingsmere Community Health what they know").click()
    app.check()
    expect(page.get_by_text("Waiting for Kingsmere Community Health to answer")).to_be_visible()
    page.get_by_label("Name or known-as name").fill("Danielle Kwalski")
    page.get_by_role("button", name="Search", exact=True).click()
    app.check()
    page.get_by_role("button", name="Add as a new child in the register").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Another agency may already hold this child's record"
    )
    page.get_by_role("button", name="Go back and ask them").click()
    app.check()

    # The decision need not wait for the record; a wrong level is refused, then corrected.
    app.goto(f"/front-door/contacts/{contact.pk}")
    page.get_by_label("Early help", exact=True).check()
    page.get_by_label("Level 1: universal").check()
    page.get_by_label("Reasons for the decision").fill("Family support first.")
    page.get_by_role("button", name="Record decision").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("This decision does not fit Level 1")
    page.get_by_label("Level 2: early help").check()
    page.get_by_role("button", name="Record decision").click()
    app.check()
    page.get_by_text("Correct this decision").click()
    page.get_by_label("Why the decision is being corrected").fill("Health shared more.")
    page.get_by_role("button", name="Record the correction").click()
    app.check()
    expect(page.get_by_text("Health shared more.")).to_be_visible()
