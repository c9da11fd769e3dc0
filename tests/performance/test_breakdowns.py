"""Breakdowns by ward and ethnicity, on hand-built records: the ward of the address a child
lived at on the snapshot day, the major ethnic group, "Not recorded" as its own group, and
small numbers suppressed for those who see counts only."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PersonAddressFactory, PersonFactory
from triangulate.core import suppression
from triangulate.core.roles import Role
from triangulate.performance import presenters
from triangulate.performance.periods import Period
from triangulate.performance.services.measures import BY_SLUG
from triangulate.performance.services.measures.base import Dimension, Figure, Rows
from triangulate.support.models import Ward
from triangulate.support.services.wards import NO_WARD

from .conftest import at, flag_at_risk

TODAY = dt.date(2026, 11, 29)
MARCH = Period.month(2025, 3, today=TODAY)
JUNE = Period.month(2025, 6, today=TODAY)
AT_RISK = BY_SLUG["children-at-risk"]
UP_TO_DATE = BY_SLUG["assessments-up-to-date"]


def _rows(figure, name):
    (dimension,) = [d for d in figure.dimensions if d.name == name]
    return {label: (n, of) for label, n, of in dimension.rows}


@pytest.fixture
def wards(db):
    Ward.objects.create(name="Harbour", districts=["KM1"])
    Ward.objects.create(name="Northgate", districts=["KM2"])


@pytest.fixture
def cohort(council, practitioner, wards):
    """Four children flagged at risk in January 2025: one moved from Harbour to Northgate on
    1 May 2025; one lives outside the wards; one has no address; one declined to give an
    ethnicity, one's was never obtained."""
    mover, outside, no_address, harbour = (
        PersonFactory(owning_agency=council, given_name=name, ethnicity=eth)
        for name, eth in (
            ("Amelia", "WBRI"),
            ("Tyler", "BAFR"),
            ("Leah", "NOBT"),
            ("Rosie", "REFU"),
        )
    )
    PersonAddressFactory(
        person=mover,
        postcode="KM1 2AB",
        from_date=dt.date(2020, 1, 1),
        to_date=dt.date(2025, 4, 30),
    )
    PersonAddressFactory(person=mover, postcode="KM2 3CD", from_date=dt.date(2025, 5, 1))
    PersonAddressFactory(person=outside, postcode="ZZ9 9ZZ", from_date=dt.date(2019, 5, 1))
    PersonAddressFactory(person=harbour, postcode="km1 4ef", from_date=None)
    for child in (mover, outside, no_address, harbour):
        flag_at_risk(child, practitioner, at(dt.date(2025, 1, 10)))
    return mover, outside, no_address, harbour


def test_children_at_risk_by_ward_of_their_address_on_the_snapshot_day(cohort):
    march = _rows(AT_RISK.compute(MARCH), "Ward")
    assert march == {
        "Harbour": (2, None),
        "Northgate": (0, None),
        NO_WARD: (1, None),
        "Not recorded": (1, None),
    }
    june = _rows(AT_RISK.compute(JUNE), "Ward")
    assert june["Harbour"] == (1, None) and june["Northgate"] == (1, None)


def test_children_at_risk_by_ethnic_group_with_not_recorded_as_its_own_row(cohort):
    rows = _rows(AT_RISK.compute(MARCH), "Ethnicity")
    assert rows["White"] == (1, None)
    assert rows["Black or Black British"] == (1, None)
    assert rows["Asian or Asian British"] == (0, None)
    # Not obtained and declined are both "Not recorded", and the quality note agrees.
    assert rows["Not recorded"] == (2, None)
    figure = AT_RISK.compute(MARCH)
    assert any(
        q.text == "children whose ethnicity is not recorded" and q.count == 2
        for q in figure.quality
    )
    assert sum(n for n, _ in rows.values()) == len(figure.numerator)


def test_up_to_date_assessments_by_ward_give_each_wards_share(
    council, wards, make_case, make_assessment
):
    in_date, lapsed, elsewhere = (
        PersonFactory(owning_agency=council, given_name=name, ethnicity="WBRI")
        for name in ("Amelia", "Tyler", "Leah")
    )
    PersonAddressFactory(person=in_date, postcode="KM1 1AA", from_date=dt.date(2020, 1, 1))
    PersonAddressFactory(person=lapsed, postcode="KM1 1AB", from_date=dt.date(2020, 1, 1))
    for child in (in_date, lapsed, elsewhere):
        make_case(child, opened=dt.date(2025, 1, 5))
    make_assessment(in_date, completed=at(dt.date(2025, 2, 1)), review_due=dt.date(2025, 3, 31))
    make_assessment(lapsed, completed=at(dt.date(2025, 2, 1)), review_due=dt.date(2025, 3, 30))

    figure = UP_TO_DATE.compute(MARCH)
    assert _rows(figure, "Ward")["Harbour"] == (1, 2)  # due on the last day: still in date
    assert _rows(figure, "Ward")["Not recorded"] == (0, 1)
    assert _rows(figure, "Ethnicity")["White"] == (1, 3)


def test_children_at_risk_by_looked_after_status_agency_and_team_on_the_snapshot_day(
    cohort, council, police, practitioner, make_case
):
    from triangulate.casework.models import Case, Team
    from triangulate.register.models import PersonFlag

    mover, outside, no_address, harbour = cohort
    # Amelia was looked after from February to April 2025; Tyler from February on.
    for child, removed in ((mover, at(dt.date(2025, 4, 20))), (outside, None)):
        PersonFlag.objects.create(
            owning_agency=council, person=child, flag="looked_after", reason="Care order",
            set_by=practitioner, set_at=at(dt.date(2025, 2, 1)), removed_at=removed,
        )  # fmt: skip
    # Leah's record is held by the police; Rosie's case is with the Harbour team until May.
    no_address.owning_agency = police
    no_address.save()
    team = Team.objects.create(agency=council, name="Harbour exploitation team")
    case = make_case(harbour, opened=dt.date(2025, 2, 1), closed=dt.date(2025, 5, 15))
    Case.objects.filter(pk=case.pk).update(team=team)

    march, june = AT_RISK.compute(MARCH), AT_RISK.compute(JUNE)

    assert _rows(march, "Looked after") == {
        "Looked after": (2, None),
        "Not looked after": (2, None),
    }
    assert _rows(june, "Looked after") == {"Looked after": (1, None), "Not looked after": (3, None)}
    assert _rows(march, "Agency") == {council.name: (3, None), police.name: (1, None)}
    assert _rows(march, "Team") == {
        "Harbour exploitation team": (1, None),
        "No open case": (3, None),
    }
    assert _rows(june, "Team") == {"No open case": (4, None)}


def test_counts_only_viewers_see_small_numbers_suppressed_with_the_next_smallest_withheld():
    figure = Figure(
        Rows(object, list(range(20))),
        dimensions=[
            Dimension(
                "Ward", [("Harbour", 12, None), ("Northgate", 6, None), ("Not recorded", 2, None)]
            )
        ],
    )
    (table,) = presenters.dimension_tables(AT_RISK, figure, only_counts=True)
    cells = [row[1]["text"] for row in table["rows"]]
    assert cells == ["12", suppression.WITHHELD, suppression.FEWER_IN_TEXT]
    (exact,) = presenters.dimension_tables(AT_RISK, figure, only_counts=False)
    assert [row[1]["text"] for row in exact["rows"]] == ["12", "6", "2"]

    rate = Figure(
        Rows(object, list(range(12))),
        Rows(object, list(range(30))),
        dimensions=[
            Dimension("Ward", [("Harbour", 10, 20), ("Northgate", 1, 3), ("Westfield", 1, 7)])
        ],
    )
    (table,) = presenters.dimension_tables(UP_TO_DATE, rate, only_counts=True)
    cells = [row[1]["text"] for row in table["rows"]]
    assert cells == ["50.0% (10 of 20)", suppression.RATE_WITHHELD, suppression.RATE_WITHHELD]


def test_the_measure_page_shows_the_breakdowns_suppressed_for_a_chief_officer(
    client_for, make_user, council, practitioner, cohort
):
    chief = make_user(council, Role.CHIEF_OFFICER, username="chief")
    url = reverse("performance:measure", kwargs={"slug": "children-at-risk"})
    page = client_for(chief).get(url).content.decode()
    assert "By ward" in page and "By ethnicity" in page
    assert "Not recorded" in page
    assert suppression.FEWER_IN_TEXT in page

    shown = client_for(practitioner).get(url).content.decode()
    assert "By ward" in shown
    assert "A count from 1 to 4 is shown as" not in shown
