"""A problem profile, tried as a new user would: the analyst makes one (the error for a period
that runs backwards first), writes its narrative for police and for partners, releases the
partner edition to the council; the council's practitioner reads only the partner edition.
Axe on the list, the form, the narrative form and the profile in both editions."""

import datetime as dt

from playwright.sync_api import expect

from triangulate.core import records
from triangulate.core.records import LawfulBasis
from triangulate.intelligence.models import IntelligenceItem, Link


def _date(page, name: str, day: dt.date) -> None:
    page.locator(f"input[name={name}-day]").fill(str(day.day))
    page.locator(f"input[name={name}-month]").fill(str(day.month))
    page.locator(f"input[name={name}-year]").fill(str(day.year))


def test_the_analyst_writes_a_profile_and_the_council_reads_the_partner_edition(
    app, police_analyst, practitioner, child, police, council
):
    records.share(practitioner, child, police, basis=LawfulBasis.SAFEGUARDING, purpose="s47")
    item = IntelligenceItem.objects.create(
        owning_agency=police, reference="INT-900001", submitted_by_agency=police,
        submitted_by=police_analyst, what_seen="Rosie was seen getting into a silver car.",
        seen_at=dt.datetime(2025, 3, 3, 16, tzinfo=dt.UTC), postcode="KM4 7QT",
        source_evaluation="2", assessment="B", handling_code="P",
    )  # fmt: skip
    Link.objects.create(owning_agency=police, created_by=police_analyst, item=item, person=child)
    page = app.page

    app.sign_in("analyst")
    page.get_by_role("link", name="Problem profiles").first.click()
    app.check()
    page.get_by_role("button", name="Make a problem profile").click()
    app.check()
    page.get_by_label("Title").fill("Child exploitation in Kingsmere, 2025")
    _date(page, "since", dt.date(2025, 12, 31))
    _date(page, "until", dt.date(2025, 1, 1))
    page.get_by_role("button", name="Make profile").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("on or after its start")
    _date(page, "since", dt.date(2025, 1, 1))
    _date(page, "until", dt.date(2025, 12, 31))
    page.get_by_role("button", name="Make profile").click()
    app.check()
    page.get_by_label("Summary: for police").fill(
        "Rosie Hargreaves is collected from school by a man in a silver car."
    )
    page.get_by_label("Summary: for partners").fill(
        "A child is collected from school by an adult who harms her."
    )
    page.get_by_role("button", name="Save narrative").click()
    app.check()
    expect(page.get_by_text("Narrative saved.")).to_be_visible()
    expect(page.get_by_role("table", name="Key figures")).to_contain_text("Children counted")
    page.get_by_label("Release the partner edition to").select_option(label=council.name)
    page.get_by_label("Why they need to see it").fill("Safety planning")
    page.get_by_role("button", name="Release the partner edition").click()
    app.check()
    expect(page.get_by_text("Partner edition released.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    app.sign_in("practitioner")
    app.goto("/intelligence/profiles/")
    app.check()
    page.get_by_role("link", name="Child exploitation in Kingsmere, 2025").click()
    app.check()
    expect(page.get_by_text("Problem profile: partner edition")).to_be_visible()
    expect(page.get_by_text("A child is collected from school")).to_be_visible()
    expect(page.get_by_text("silver car")).to_have_count(0)
    expect(page.get_by_role("table", name="Key figures")).to_contain_text("Fewer than 5")
