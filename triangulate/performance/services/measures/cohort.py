"""The cohort: children at risk of exploitation, newly at risk (in the month and in the
financial year to date), placed out of area, and looked-after children at risk (F17, F19,
F20, F29, F58)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, Q

from triangulate.missing.models import MissingEpisode
from triangulate.register.models import (
    CinFactor,
    FlagType,
    Person,
    PersonCinFactor,
    PersonFlag,
    Sex,
)
from triangulate.risk.models import SafetyPlan

from ...periods import Period
from .base import MONTHLY, SNAPSHOT, Figure, Measure, Quality, Rows, first_record_of
from .breakdowns import NOT_RECORDED, age_band, counted, ethnic_group, standard_dimensions
from .cases import latest_assessments


def _flagged(flag: str, period: Period) -> set[int]:
    """Children with a live ``flag`` at the snapshot."""
    return set(
        PersonFlag.objects.filter(flag=flag, set_at__lt=period.cutoff)
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=period.cutoff))
        .values_list("person_id", flat=True)
    )


def _at_risk(period: Period) -> set[int]:
    """The cohort (F17) at the snapshot, merged records included."""
    coded = PersonCinFactor.objects.filter(code=CinFactor.F11A, identified_on__lte=period.as_of)
    return _flagged(FlagType.RISK_CSE, period) | set(coded.values_list("person_id", flat=True))


def _unmerged(ids) -> set[int]:
    return set(
        Person.objects.filter(pk__in=list(ids), merged_into__isnull=True).values_list(
            "id", flat=True
        )
    )


def looked_after_at_risk(period: Period) -> Figure:
    looked_after = _unmerged(_flagged(FlagType.LOOKED_AFTER, period))
    at_risk = _unmerged(_at_risk(period))
    return Figure(
        Rows(Person, sorted(looked_after & at_risk)),
        Rows(Person, sorted(looked_after)),
        breakdown=[
            ("Children at risk (F17)", len(at_risk)),
            ("Of them, looked after", len(looked_after & at_risk)),
        ],
    )


def children_at_risk(period: Period) -> Figure:
    ids = _at_risk(period)
    people = list(
        Person.objects.filter(pk__in=ids, merged_into__isnull=True)
        .order_by("id")
        .values_list("id", "sex", "ethnicity", "date_of_birth")
    )
    sexes: dict[str, int] = {}
    sex_labels = dict(Sex.choices)
    for _, sex, _, _ in people:
        sexes[sex_labels.get(sex, sex)] = sexes.get(sex_labels.get(sex, sex), 0) + 1
    return Figure(
        Rows(Person, [pk for pk, *_ in people]),
        breakdown=sorted(sexes.items()),
        dimensions=standard_dimensions(
            {pk for pk, *_ in people}, None, period.as_of, period.cutoff
        ),
        quality=[
            Quality(
                "children whose ethnicity is not recorded",
                sum(1 for _, _, eth, _ in people if ethnic_group(eth) == NOT_RECORDED),
                len(people),
            ),
            Quality(
                "children whose date of birth is not known",
                sum(1 for *_, dob in people if dob is None),
                len(people),
            ),
        ],
    )


def _first_flagged(since, until) -> list[int]:
    """Children whose first ever 'at risk of sexual exploitation' flag was set in [since, until)."""
    first_flags = (
        PersonFlag.objects.filter(flag=FlagType.RISK_CSE)
        .values("person_id")
        .annotate(first=Min("set_at"))
        .filter(first__gte=since, first__lt=until)
    )
    return [row["person_id"] for row in first_flags]


def financial_year_start(period: Period) -> dt.date:
    """1 April of the financial year the period's month falls in."""
    year = period.start.year if period.start.month >= 4 else period.start.year - 1
    return dt.date(year, 4, 1)


def newly_at_risk(period: Period) -> Figure:
    return _newly_flagged(_first_flagged(period.start_at, period.end_at), period)


def newly_at_risk_this_year(period: Period) -> Figure:
    since = Period.containing(financial_year_start(period), period.today).start_at
    return _newly_flagged(_first_flagged(since, period.end_at), period)


def _newly_flagged(ids: list[int], period: Period) -> Figure:
    people = list(
        Person.objects.filter(pk__in=ids, merged_into__isnull=True)
        .order_by("id")
        .values_list("id", "date_of_birth")
    )
    return Figure(
        Rows(Person, [pk for pk, _ in people]),
        breakdown=counted(age_band(born, period.as_of) for _, born in people),
        quality=[
            Quality(
                "children whose date of birth is not known",
                sum(1 for _, born in people if born is None),
                len(people),
            )
        ],
    )


def placed_out_of_area(period: Period) -> Figure:
    placed = _flagged(FlagType.PLACED_OUT_OF_AREA, period)
    with_plan = set(
        SafetyPlan.objects.filter(person_id__in=placed, created_at__lt=period.cutoff)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=period.cutoff))
        .values_list("person_id", flat=True)
    )
    latest = latest_assessments(placed, period)
    in_date = {
        pid
        for pid, a in latest.items()
        if a.review_due is not None and a.review_due >= period.as_of
    }
    went_missing = set(
        MissingEpisode.objects.filter(
            person_id__in=placed, started_at__gte=period.start_at, started_at__lt=period.end_at
        ).values_list("person_id", flat=True)
    )
    return Figure(
        Rows(Person, sorted(with_plan)),
        Rows(Person, sorted(placed)),
        breakdown=[
            ("With a current safety plan", len(with_plan)),
            ("With an in-date risk assessment", len(in_date)),
            ("With both", len(with_plan & in_date)),
            ("Missing or away in the month", len(went_missing)),
        ],
        quality=[
            Quality(
                "children placed out of area with no finalised risk assessment",
                len(placed) - len(latest),
                len(placed),
            )
        ],
    )


MEASURES: list[Measure] = [
    Measure(
        figure_id="F17",
        slug="children-at-risk",
        additive=True,
        name="Children identified at risk of sexual exploitation",
        version=1,
        numerator=(
            "Children with a live 'at risk of sexual exploitation' flag, or a children-in-need "
            "factor 11A identified by the snapshot date"
        ),
        denominator="",
        period=SNAPSHOT,
        counting="A child is counted once; records merged into another are not counted.",
        source="Flags and children-in-need factors (register)",
        good="Every child at risk is known: the count should match what partners see",
        higher_is_better=None,
        compute=children_at_risk,
        first_record=first_record_of(PersonFlag, "set_at", flag=FlagType.RISK_CSE),
    ),
    Measure(
        figure_id="F19",
        slug="newly-at-risk",
        additive=True,
        name="Children newly identified at risk of sexual exploitation",
        version=1,
        numerator=(
            "Children whose first ever 'at risk of sexual exploitation' flag was set in the month"
        ),
        denominator="",
        period=MONTHLY,
        counting=(
            "A child is counted once, in the month they were first flagged; a flag removed and "
            "set again later does not count again. Records merged into another are not counted."
        ),
        source="Flags (register)",
        good="No target: read beside F17 and the months after training or a disruption",
        higher_is_better=None,
        compute=newly_at_risk,
        first_record=first_record_of(PersonFlag, "set_at", flag=FlagType.RISK_CSE),
    ),
    Measure(
        figure_id="F20",
        slug="newly-at-risk-this-year",
        additive=True,
        name="Children first identified at risk of sexual exploitation this financial year",
        version=1,
        numerator=(
            "Children whose first ever 'at risk of sexual exploitation' flag was set between 1 "
            "April and the end of the month"
        ),
        denominator="",
        period="Financial year to the end of each calendar month (to date for the current month)",
        counting=(
            "A child is counted once, in the year they were first flagged; a flag removed and "
            "set again later does not count again. Records merged into another are not counted. "
            "The records do not tell a victim from a child at risk, so this counts children at "
            "risk: the sum of F19's months since April."
        ),
        source="Flags (register)",
        good="No target: read beside F17 and the year before",
        higher_is_better=None,
        compute=newly_at_risk_this_year,
        first_record=first_record_of(PersonFlag, "set_at", flag=FlagType.RISK_CSE),
    ),
    Measure(
        figure_id="F29",
        slug="placed-out-of-area",
        name="Children placed out of area with a current safety plan",
        version=1,
        numerator="Children placed out of area at the snapshot with a safety plan open at the snapshot",
        denominator="Children with a live 'placed out of area' flag at the snapshot",
        period=SNAPSHOT,
        counting=(
            "A child is counted once. The breakdown also counts those with an in-date risk "
            "assessment (as F1), with both, and those missing or away in the month."
        ),
        source="Flags (register), safety plans and risk assessments (risk), missing episodes",
        good="Every child placed away from home has a plan and an in-date assessment: 100%",
        higher_is_better=True,
        compute=placed_out_of_area,
        first_record=first_record_of(PersonFlag, "set_at", flag=FlagType.PLACED_OUT_OF_AREA),
        unit="%",
    ),
    Measure(
        figure_id="F58",
        slug="looked-after-at-risk",
        name="Looked-after children at risk of sexual exploitation",
        version=1,
        numerator="Looked-after children (as the denominator) in the cohort at risk (F17)",
        denominator="Children with a live 'looked after' flag at the snapshot",
        period=SNAPSHOT,
        counting=(
            "A child is counted once; records merged into another are not counted. Looked-after "
            "status is the register's flag. The rate among other children, and so the relative "
            "risk, needs the borough's child population, which is not recorded."
        ),
        source="Flags and children-in-need factors (register)",
        good="No target: read beside F17 and the looked-after children placed out of area (F29)",
        higher_is_better=None,
        compute=looked_after_at_risk,
        first_record=first_record_of(PersonFlag, "set_at", flag=FlagType.LOOKED_AFTER),
        unit="%",
    ),
]
