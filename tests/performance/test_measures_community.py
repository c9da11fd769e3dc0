"""Counting rules of complaints by ward (F56) and looked-after children at risk (F58), on
records built by hand."""

import datetime as dt

from triangulate.performance.periods import Period
from triangulate.performance.services.measures import cohort, community
from triangulate.register.models import Person
from triangulate.support.models.complaints import Complaint, Ward

from .conftest import TODAY, at, flag_at_risk

OCTOBER = Period.month(2026, 10, TODAY)


def test_complaints_count_by_the_ward_they_happened_in_every_ward_listed(db):
    north = Ward.objects.create(name="Northgate", districts=["KM1"])
    Ward.objects.create(name="Southfield", districts=["KM2"])
    counter = iter(range(1, 100))

    def complain(received, ward=None, kind="complaint"):
        return Complaint.objects.create(
            reference=f"CMP-{next(counter):04d}", kind=kind, category="delay",
            what_happened="No one called back", ward=ward, received_on=received,
            stage_due_on=received + dt.timedelta(days=20),
        )  # fmt: skip

    complain(dt.date(2026, 10, 1), north)
    complain(dt.date(2026, 10, 31), north, kind="whistleblowing")
    complain(dt.date(2026, 10, 15))
    complain(dt.date(2026, 11, 1), north)

    figure = community.complaints_by_ward(OCTOBER)

    assert len(figure.numerator) == 3
    assert figure.breakdown == [("Northgate", 2), ("Southfield", 0), ("Not recorded", 1)]
    assert (figure.quality[0].count, figure.quality[0].of) == (1, 3)


def test_looked_after_children_at_risk_are_a_share_of_those_looked_after(practitioner, children):
    amelia, tyler, leah = children
    on = at(dt.date(2026, 9, 1))
    for child in (amelia, tyler):
        flag_at_risk(child, practitioner, on, flag="looked_after")
    flag_at_risk(leah, practitioner, on, flag="looked_after", removed=at(dt.date(2026, 10, 2)))
    flag_at_risk(amelia, practitioner, on)
    flag_at_risk(leah, practitioner, on)  # at risk, but no longer looked after
    flag_at_risk(tyler, practitioner, at(dt.date(2026, 11, 1)))  # after the snapshot

    figure = cohort.looked_after_at_risk(OCTOBER)

    assert figure.numerator.ids == [amelia.pk]
    assert figure.denominator.ids == sorted([amelia.pk, tyler.pk])
    assert ("Children at risk (F17)", 2) in figure.breakdown

    Person.objects.filter(pk=amelia.pk).update(merged_into=tyler)
    assert len(cohort.looked_after_at_risk(OCTOBER).denominator) == 1
