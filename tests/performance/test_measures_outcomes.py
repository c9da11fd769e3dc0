"""Counting rules of the "Is anyone better off?" measures (F61, F62) on records built by hand."""

import datetime as dt

from triangulate.casework.models import Case
from triangulate.performance.periods import Period
from triangulate.performance.services import measures
from triangulate.performance.services.measures import outcomes

from .conftest import TODAY, at

OCTOBER = Period.month(2026, 10, TODAY)


def test_a_child_s_risk_fell_when_the_latest_judged_level_is_below_the_first(
    make_assessment, children, practitioner
):
    from tests.factories import PersonFactory

    amelia, tyler, leah = children  # Amelia's risk rose, then fell below where it began
    once = PersonFactory(owning_agency=amelia.owning_agency)

    def assess(child, day, level, status="signed_off"):
        make_assessment(child, completed=at(day), review_due=day + dt.timedelta(days=90),
                        judged=level, status=status)  # fmt: skip

    assess(amelia, dt.date(2026, 3, 1), "medium")
    assess(amelia, dt.date(2026, 6, 1), "high")
    assess(amelia, dt.date(2026, 10, 31), "low")  # fell, finalised on the last day
    assess(tyler, dt.date(2026, 3, 1), "medium")
    assess(tyler, dt.date(2026, 9, 1), "high")  # rose
    assess(tyler, dt.date(2026, 11, 2), "low")  # after the snapshot
    assess(leah, dt.date(2026, 3, 1), "medium")
    assess(leah, dt.date(2026, 9, 1), "medium")  # stayed the same
    assess(once, dt.date(2026, 3, 1), "high")  # only one assessment: not counted

    figure = outcomes.risk_fell(OCTOBER)

    assert figure.numerator.ids == [amelia.pk]
    assert len(figure.denominator) == 3
    assert figure.breakdown == [("Fell", 1), ("Stayed the same", 1), ("Rose", 1)]
    september = outcomes.risk_fell(Period.month(2026, 9, TODAY))
    assert september.numerator.ids == []
    assert september.breakdown == [("Fell", 0), ("Stayed the same", 1), ("Rose", 2)]


def test_cases_closed_in_the_month_count_as_safer_only_when_judged_so(make_case, children):
    amelia, tyler, leah = children
    for child, closed, safer, risk in (
        (amelia, dt.date(2026, 10, 31), "yes", "low"),
        (tyler, dt.date(2026, 10, 2), "partly", "medium"),
        (leah, dt.date(2026, 10, 15), "", ""),
    ):
        case = make_case(child, closed=closed)
        Case.objects.filter(pk=case.pk).update(closure_safer=safer, closure_risk=risk)
    make_case(amelia, closed=dt.date(2026, 11, 1))
    make_case(tyler)

    figure = outcomes.closed_safer(OCTOBER)

    assert (len(figure.numerator), len(figure.denominator)) == (1, 3)
    assert ("Partly", 1) in figure.breakdown
    assert ("Risk at closure: Low", 1) in figure.breakdown
    assert (figure.quality[0].count, figure.quality[0].of) == (1, 3)


def test_figures_beyond_the_sixty_sort_after_them():
    assert [m.figure_id for m in measures.CATALOGUE][-2:] == ["F61", "F62"]
