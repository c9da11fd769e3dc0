"""Targets and tolerances: the RAG rule at each boundary and polarity, setting a target from
the measure's page, and a released board pack keeping the status it was released with."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
from triangulate.core.models import AuditEntry
from triangulate.performance import rag, services
from triangulate.performance.models import MeasureTarget
from triangulate.performance.periods import Period
from triangulate.performance.services.measures import BY_SLUG

from .conftest import at

UP_TO_DATE = BY_SLUG["assessments-up-to-date"]


# --- The rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (95, rag.GREEN),  # above the target
        (80, rag.GREEN),  # on the target
        (79.9, rag.AMBER),  # just under
        (75, rag.AMBER),  # at the edge of the tolerance
        (74.9, rag.RED),  # just beyond it
        (0, rag.RED),
    ],
)
def test_higher_is_better_boundaries(value, expected):
    status = rag.status(value, target=80, tolerance=5, higher_is_better=True, unit="%")
    assert status.rag == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, rag.GREEN),
        (10, rag.GREEN),  # on the target
        (11, rag.AMBER),
        (13, rag.AMBER),  # at the edge of the tolerance
        (14, rag.RED),
    ],
)
def test_lower_is_better_boundaries(value, expected):
    status = rag.status(value, target=10, tolerance=3, higher_is_better=False)
    assert status.rag == expected


def test_the_status_is_in_words_not_colour_alone():
    status = rag.status(70, target=80, tolerance=5, higher_is_better=True, unit="%")
    assert status.words == "Off target"
    assert status.tag()["text"] == "Off target"
    assert status.text == (
        "70% is below the target of 80% by more than the tolerance of 5 percentage points "
        "(higher is better)."
    )
    amber = rag.status(12, target=10, tolerance=3, higher_is_better=False)
    assert (
        amber.text == "12 is above the target of 10, within the tolerance of 3 (lower is better)."
    )


def test_a_figure_with_no_records_has_no_status():
    assert rag.status(None, target=80, tolerance=5, higher_is_better=True) is None


def test_zero_tolerance_goes_straight_from_green_to_red():
    assert rag.status(80, target=80, tolerance=0, higher_is_better=True).rag == rag.GREEN
    assert rag.status(79.9, target=80, tolerance=0, higher_is_better=True).rag == rag.RED


# --- Setting a target ------------------------------------------------------------------------


def _set(actor, version=0, target="80", first="2025-01", last="2025-12", measure=UP_TO_DATE):
    return services.set_target(
        actor=actor,
        measure=measure,
        version=version,
        target=target,
        tolerance="10",
        first_month=first,
        last_month=last,
    )


THIS_MONTH = Period.containing(timezone.localdate())
LAST_MONTH = THIS_MONTH.previous()


def _post(client, slug="assessments-up-to-date", **fields):
    data = {
        "target": "80",
        "tolerance": "10",
        "first_month": LAST_MONTH.key,
        "last_month": THIS_MONTH.key,
        "version": 0,
    } | fields
    return client.post(reverse("performance:measure", kwargs={"slug": slug}), data)


@pytest.fixture
def half_up_to_date(council, make_case, make_assessment):
    """Two children with cases open since before last month; one assessment in date."""
    opened = LAST_MONTH.start - dt.timedelta(days=40)
    current, lapsed = (
        PersonFactory(owning_agency=council, given_name=name, date_of_birth=dt.date(2011, 3, 4))
        for name in ("Amelia", "Tyler")
    )
    for child in (current, lapsed):
        make_case(child, opened=opened)
    make_assessment(
        current,
        completed=at(opened),
        review_due=THIS_MONTH.start + dt.timedelta(days=400),
    )
    make_assessment(lapsed, completed=at(opened), review_due=opened + dt.timedelta(days=1))


def test_the_partnership_manager_sets_a_target_and_the_figure_shows_its_status(
    client_for, partnership_manager, half_up_to_date
):
    client = client_for(partnership_manager)
    response = _post(client)
    assert response.status_code == 302
    target = MeasureTarget.objects.get(slug="assessments-up-to-date")
    assert (target.target, target.tolerance, target.first_month) == (80, 10, LAST_MONTH.start)
    entry = AuditEntry.objects.get(purpose="set a measure's target")
    assert entry.detail["before"] is None and entry.detail["after"]["target"] == 80

    page = client.get(response.url).content.decode()
    assert "Target 80%, with a tolerance of 10 percentage points (higher is better)" in page
    assert "Off target" in page
    assert "50% is below the target of 80% by more than the tolerance" in page

    dashboard = client.get(reverse("performance:index")).content.decode()
    assert "Off target" in dashboard

    changed = _post(client, target="55", version=1)
    assert changed.status_code == 302
    assert "Within tolerance" in client.get(changed.url).content.decode()
    last = AuditEntry.objects.filter(purpose="set a measure's target").latest("id")
    assert last.detail["before"]["target"] == 80 and last.detail["after"]["target"] == 55


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"first_month": ""}, "Choose the first month the target applies to"),
        ({"last_month": ""}, "Choose the last month the target applies to"),
        ({"target": ""}, "Enter the target as a percentage"),
        ({"target": "120"}, "Enter a target from 0 to 100"),
        ({"tolerance": "-5"}, "Enter a tolerance of 0 or more"),
        ({"tolerance": "90"}, "The tolerance must be smaller than the target"),
        ({"tolerance": "lots"}, "Enter the tolerance as a percentage (0 for none)"),
        (
            {"first_month": THIS_MONTH.key, "last_month": LAST_MONTH.key},
            "The last month must be the same as or after the first month",
        ),
    ],
)
def test_a_target_that_makes_no_sense_is_refused_and_nothing_saved(
    client_for, partnership_manager, fields, message
):
    response = _post(client_for(partnership_manager), **fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not MeasureTarget.objects.exists()
    assert not AuditEntry.objects.filter(purpose="set a measure's target").exists()


def test_a_measure_with_no_better_direction_takes_no_target(partnership_manager):
    with pytest.raises(services.Invalid) as refused:
        _set(partnership_manager, measure=BY_SLUG["contacts"])
    assert "no better direction" in refused.value.errors["target"]


def test_a_stale_target_edit_is_refused(client_for, partnership_manager):
    client = client_for(partnership_manager)
    assert _post(client).status_code == 302
    # Someone else opened the form before the first save, so still at "no target".
    stale = _post(client, target="60")
    assert stale.status_code == 409
    assert STALE_MESSAGE in stale.content.decode()
    assert MeasureTarget.objects.get().target == 80
    with pytest.raises(StaleEdit):
        _set(partnership_manager, version=5, target="60")


def test_only_the_partnership_manager_sets_targets(client_for, practitioner):
    client = client_for(practitioner)
    page = client.get(reverse("performance:measure", kwargs={"slug": "assessments-up-to-date"}))
    assert "Save the target" not in page.content.decode()
    assert _post(client).status_code == 403
    assert not MeasureTarget.objects.exists()


# --- A released pack keeps its status ---------------------------------------------------------

MARCH_2025 = Period.month(2025, 3)


def test_a_released_pack_keeps_the_target_and_status_it_was_released_with(
    client_for, partnership_manager, council, make_case, make_assessment
):
    for name, review_due in (("Amelia", dt.date(2025, 6, 1)), ("Tyler", dt.date(2025, 3, 2))):
        child = PersonFactory(
            owning_agency=council, given_name=name, date_of_birth=dt.date(2011, 3, 4)
        )
        make_case(child, opened=dt.date(2025, 1, 5))
        make_assessment(child, completed=at(dt.date(2025, 1, 10)), review_due=review_due)

    _set(partnership_manager)
    pack = services.pack_create(
        actor=partnership_manager,
        title="Board pack, March 2025",
        month=MARCH_2025.key,
        slugs=["assessments-up-to-date", "contacts"],
    )
    services.pack_release(
        actor=partnership_manager, pack=pack, version=1, so_what="Half", actions="", publish=False
    )
    _set(partnership_manager, version=1, target="50")  # the figure (50%) is now on target

    released = pack.figures.get(slug="assessments-up-to-date")
    assert released.status == rag.RED
    assert released.target["target"] == 80
    assert pack.figures.get(slug="contacts").status == ""

    page = client_for(partnership_manager).get(reverse("performance:pack", args=[pack.pk]))
    text = page.content.decode()
    assert "Off target" in text and "On target" not in text
    assert "Target 80%, with a tolerance of 10 percentage points" in text

    draft = services.pack_create(
        actor=partnership_manager,
        title="Draft, March 2025",
        month=MARCH_2025.key,
        slugs=["assessments-up-to-date"],
    )
    (now,) = services.pack_figures(actor=partnership_manager, pack=draft)
    assert now.status == rag.GREEN


def test_a_target_applies_only_to_its_months(partnership_manager):
    _set(partnership_manager, first="2025-04", last="2025-06")
    assert services.target_for(UP_TO_DATE, MARCH_2025) is None
    assert services.target_for(UP_TO_DATE, Period.month(2025, 4)) is not None
    assert services.target_for(UP_TO_DATE, Period.month(2025, 6)) is not None
    assert services.target_for(UP_TO_DATE, Period.month(2025, 7)) is None
