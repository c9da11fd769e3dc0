"""Honest numbers, tried as a new user would: the chief officer opens the figures, sees a
measure's definition and its XmR chart with a signal, drills to counts only, prepares and
releases a board pack and publishes it; the public report suppresses the small numbers; a
practitioner drills to the children. Axe on every page."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PersonFactory
from triangulate.casework.models import Case
from triangulate.core.roles import Role
from triangulate.missing.models import MissingEpisode
from triangulate.register.models import PersonFlag


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _history(council, practitioner):
    """A steady year of missing episodes then a sharp rise last month; an open case; three
    girls and twelve boys identified at risk before last month."""
    first = timezone.localdate().replace(day=1)
    months = []
    for _ in range(13):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.insert(0, first)
    children = [PersonFactory(owning_agency=council, sex="M") for _ in range(12)]
    for month, count in zip(months, [1, 2] * 6 + [12], strict=True):
        for n in range(count):
            started = _at(month + dt.timedelta(days=n % 27))
            MissingEpisode.objects.create(
                owning_agency=council,
                person=children[n % 12],
                category="M",
                created_by=practitioner,
                started_at=started,
                ended_at=started + dt.timedelta(hours=4),
                reported_by="Carer",
            )
    girls = [
        PersonFactory(owning_agency=council, given_name=name, family_name="Okafor", sex="F")
        for name in ("Amelia", "Leah", "Rosie")
    ]
    for child in [*girls, *children]:
        PersonFlag.objects.create(
            owning_agency=council,
            person=child,
            flag="risk_cse",
            reason="Concern",
            set_by=practitioner,
            set_at=_at(months[0]),
        )
    Case.objects.create(
        owning_agency=council,
        reference="EXP-JOURNEY1",
        person=girls[0],
        opened_by=practitioner,
        opened_at=_at(months[0]),
    )


def test_chief_officer_reads_the_figures_releases_a_pack_and_publishes_it(
    app, make_user, council, practitioner
):
    make_user(council, Role.CHIEF_OFFICER, username="chief")
    _history(council, practitioner)
    page = app.page

    app.sign_in("chief")
    app.goto("/performance/")
    page.get_by_role("link", name="Children with an up-to-date risk assessment", exact=True).click()
    app.check()
    expect(page.get_by_text("A child is counted once").first).to_be_visible()
    page.get_by_role("link", name="the records behind this figure").click()
    app.check()
    expect(page.get_by_text("Your role sees counts and breakdowns")).to_be_visible()
    expect(page.get_by_text("Amelia")).to_have_count(0)

    app.goto("/performance/measures/missing-episodes")
    expect(
        page.get_by_role("img", name="Missing and away episodes, month by month")
    ).to_be_visible()
    expect(page.get_by_text("1 month shows a signal.").first).to_be_visible()
    expect(
        page.get_by_text("Signal (above the mean): outside the natural process limits")
    ).to_be_visible()

    app.goto("/performance/measures/children-at-risk")
    app.check()
    # Twelve boys and three girls, none with an ethnicity recorded or an address.
    by_ethnicity = page.get_by_role("table", name="By ethnicity")
    expect(by_ethnicity.get_by_role("row", name="Not recorded 15")).to_be_visible()

    app.goto("/performance/packs/")
    page.get_by_role("button", name="Prepare the pack").click()
    app.check()
    page.get_by_role("button", name="Release the pack").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("so what")
    page.get_by_label("So what: what the figures mean for children").fill(
        "Missing episodes rose sharply last month: a real change, not noise."
    )
    page.get_by_label("Also publish a public report").check()
    page.get_by_role("button", name="Release the pack").click()
    app.check()
    expect(page.get_by_text("Board pack released.")).to_be_visible()
    page.get_by_role("link", name="Public report").click()
    app.check()
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    expect(page.get_by_text("Amelia")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    app.sign_in("practitioner")
    app.goto("/performance/")
    page.get_by_role("link", name="Children with an up-to-date risk assessment", exact=True).click()
    app.check()
    page.get_by_role("link", name="the records behind this figure").click()
    app.check()
    page.get_by_role("link", name="Show the denominator").click()
    app.check()
    expect(page.get_by_role("link", name="Amelia Okafor")).to_be_visible()


def test_partnership_manager_sets_a_target_and_sees_the_status_in_words(
    app, make_user, council, practitioner
):
    make_user(council, Role.PARTNERSHIP_MANAGER, username="manager")
    _history(council, practitioner)
    page = app.page
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)

    app.sign_in("manager")
    app.goto("/performance/measures/missing-episodes")
    page.get_by_label("Target").fill("5")
    page.get_by_label("Tolerance").fill("3")
    page.get_by_role("button", name="Save the target").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Choose the first month")

    page.get_by_label("First month it applies to").select_option(f"{last_month:%Y-%m}")
    page.get_by_label("Last month it applies to").select_option(f"{this_month:%Y-%m}")
    page.get_by_role("button", name="Save the target").click()
    app.check()
    expect(page.get_by_text("Target saved.")).to_be_visible()
    # Twelve episodes last month against a target of 5, tolerance 3: off target, in words.
    expect(
        page.get_by_text("12 is above the target of 5 by more than the tolerance of 3")
    ).to_be_visible()
    app.goto("/performance/")
    app.check()
    expect(page.get_by_text("Off target").first).to_be_visible()


def test_a_team_manager_downloads_the_list_of_children_at_risk_for_inspectors(
    app, make_user, council, practitioner
):
    import io

    from openpyxl import load_workbook

    make_user(council, Role.TEAM_MANAGER, username="teamlead")
    _history(council, practitioner)
    page = app.page

    app.sign_in("teamlead")
    app.goto("/performance/")
    page.get_by_role("link", name="Lists for inspectors").click()
    app.check()
    page.get_by_label("Children at risk of exploitation").check()
    months = page.get_by_label("From the start of").locator("option")
    page.get_by_label("From the start of").select_option(index=0)  # the latest month
    page.get_by_label("To the end of").select_option(index=1)  # the month before it
    page.get_by_role("button", name="Download the list (XLSX)").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Choose a last month the same as")
    assert months.count() == 24

    page.get_by_label("From the start of").select_option(index=1)
    page.get_by_label("To the end of").select_option(index=0)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the list (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 15 and "Amelia Okafor" in names
