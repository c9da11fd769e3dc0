"""Open exploitation cases and their risk assessments (F1, F2, F4, F5, F6)."""

from __future__ import annotations

from django.db.models import Q

from triangulate.casework.models import Case
from triangulate.register.models import Person, Sex
from triangulate.risk.models import FINAL_STATUSES, RiskAssessment

from ...periods import Period
from .base import SNAPSHOT, Figure, Measure, Quality, Rows, first_record_of
from .breakdowns import age_band, counted, standard_dimensions


def _open_cases(period: Period) -> dict[int, int]:
    """{child id: case id}: one exploitation case per child open at the snapshot, the oldest."""
    cases = (
        Case.objects.filter(opened_at__lt=period.cutoff)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=period.cutoff))
        .order_by("opened_at", "id")
        .values_list("person_id", "id")
    )
    by_child: dict[int, int] = {}
    for person_id, case_id in cases:
        by_child.setdefault(person_id, case_id)
    return by_child


def latest_assessments(person_ids, period: Period) -> dict[int, RiskAssessment]:
    """{child id: latest finalised assessment completed before the snapshot}."""
    latest: dict[int, RiskAssessment] = {}
    rows = (
        RiskAssessment.objects.filter(
            person_id__in=list(person_ids),
            status__in=FINAL_STATUSES,
            completed_at__lt=period.cutoff,
        )
        .only("id", "person_id", "review_due", "judged_level", "suggested_level", "completed_at")
        .order_by("person_id", "completed_at", "id")
    )
    for assessment in rows:
        latest[assessment.person_id] = assessment
    return latest


def open_cases(period: Period) -> Figure:
    cases = _open_cases(period)
    rows = list(
        Case.objects.filter(pk__in=list(cases.values())).values_list(
            "id", "team__name", "worker_id"
        )
    )
    return Figure(
        Rows(Case, sorted(cases.values())),
        breakdown=counted(team or "No team" for _, team, _ in rows),
        quality=[
            Quality(
                "open cases with no allocated worker",
                sum(1 for *_, worker in rows if worker is None),
                len(rows),
            )
        ],
    )


def open_cases_boys(period: Period) -> Figure:
    cases = _open_cases(period)
    people = {
        pk: (sex, born)
        for pk, sex, born in Person.objects.filter(pk__in=list(cases)).values_list(
            "id", "sex", "date_of_birth"
        )
    }
    sex_labels = dict(Sex.choices)
    return Figure(
        Rows(Case, sorted(cases[pid] for pid, (sex, _) in people.items() if sex == Sex.MALE)),
        Rows(Case, sorted(cases.values())),
        breakdown=[
            *counted(sex_labels.get(sex, sex) for sex, _ in people.values()),
            *counted(age_band(born, period.as_of) for _, born in people.values()),
        ],
        quality=[
            Quality(
                "open cases whose child's sex is not known",
                sum(1 for sex, _ in people.values() if sex not in (Sex.MALE, Sex.FEMALE)),
                len(people),
            )
        ],
    )


def up_to_date_assessments(period: Period) -> Figure:
    cases = _open_cases(period)
    latest = latest_assessments(cases, period)
    in_date = [
        pid
        for pid, a in latest.items()
        if a.review_due is not None and a.review_due >= period.as_of
    ]
    current = [cases[pid] for pid in in_date]
    no_review_date = sum(1 for a in latest.values() if a.review_due is None)
    return Figure(
        Rows(Case, current),
        Rows(Case, list(cases.values())),
        dimensions=standard_dimensions(set(in_date), set(cases), period.as_of, period.cutoff),
        breakdown=[
            ("Up to date", len(current)),
            ("Review overdue", len(latest) - len(current) - no_review_date),
            ("No finalised assessment", len(cases) - len(latest)),
        ],
        quality=[Quality("finalised assessments with no review date", no_review_date, len(latest))],
    )


def overdue_assessments(period: Period) -> Figure:
    cases = _open_cases(period)
    latest = latest_assessments(cases, period)
    overdue = [
        (pid, (period.as_of - a.review_due).days)
        for pid, a in latest.items()
        if a.review_due is not None and a.review_due < period.as_of
    ]
    bands = [
        ("1 to 7 days overdue", 1, 7),
        ("8 to 28 days", 8, 28),
        ("more than 28 days", 29, None),
    ]
    breakdown = [
        (label, sum(1 for _, days in overdue if days >= low and (high is None or days <= high)))
        for label, low, high in bands
    ]
    return Figure(
        Rows(Case, [cases[pid] for pid, _ in overdue]),
        Rows(Case, list(cases.values())),
        breakdown=breakdown,
        quality=[
            Quality("open cases with no finalised assessment", len(cases) - len(latest), len(cases))
        ],
    )


def judgement_differs(period: Period) -> Figure:
    cases = _open_cases(period)
    latest = latest_assessments(cases, period)
    judged = {pid: a for pid, a in latest.items() if a.suggested_level and a.judged_level}
    differs = [cases[pid] for pid, a in judged.items() if a.judged_level != a.suggested_level]
    levels: dict[str, int] = {}
    for a in judged.values():
        levels[a.judged_level] = levels.get(a.judged_level, 0) + 1
    return Figure(
        Rows(Case, differs),
        Rows(Case, [cases[pid] for pid in judged]),
        breakdown=[(f"Judged {level}", n) for level, n in sorted(levels.items())],
        quality=[
            Quality(
                "open cases whose assessment has no suggested or judged level",
                len(latest) - len(judged),
                len(latest),
            )
        ],
    )


MEASURES: list[Measure] = [
    Measure(
        figure_id="F1",
        slug="assessments-up-to-date",
        additive=True,
        name="Children with an up-to-date risk assessment",
        version=1,
        numerator=(
            "Children with an open exploitation case whose latest finalised risk assessment "
            "(awaiting sign-off or signed off, completed before the snapshot) has a review date "
            "on or after the snapshot date"
        ),
        denominator="Children with an open exploitation case at the snapshot",
        period=SNAPSHOT,
        counting=(
            "A child is counted once, whatever number of cases or agencies hold them. An "
            "assessment finalised on the last day of the month counts for that month. Drafts "
            "never count. An open review prompt does not make an assessment out of date here."
        ),
        source="Cases (casework) and risk assessments (risk)",
        good="Every child with an open case has an in-date assessment: 100%",
        higher_is_better=True,
        compute=up_to_date_assessments,
        first_record=first_record_of(Case, "opened_at"),
        unit="%",
    ),
    Measure(
        figure_id="F2",
        slug="assessments-overdue",
        additive=True,
        name="Children whose risk assessment review is overdue",
        version=1,
        numerator=(
            "Children with an open exploitation case whose latest finalised risk assessment's "
            "review date is before the snapshot date"
        ),
        denominator="Children with an open exploitation case at the snapshot",
        period=SNAPSHOT,
        counting=(
            "A child is counted once. Children with no finalised assessment are not overdue "
            "here: they are counted beside the figure. Days overdue are shown in bands."
        ),
        source="Cases (casework) and risk assessments (risk)",
        good="None overdue: 0%",
        higher_is_better=False,
        compute=overdue_assessments,
        first_record=first_record_of(Case, "opened_at"),
        unit="%",
    ),
    Measure(
        figure_id="F4",
        slug="judgement-differs",
        additive=True,
        name="Open cases where the judged risk level differs from the tool's suggestion",
        version=1,
        numerator=(
            "Children with an open case whose latest finalised assessment has a judged level "
            "different from the level the tool suggested"
        ),
        denominator="Children with an open case whose latest finalised assessment has both levels",
        period=SNAPSHOT,
        counting="A child is counted once. The breakdown gives the profile by judged level.",
        source="Risk assessments (risk)",
        good=(
            "No target: professional judgement leads. A rising share says the tool no longer "
            "fits the cases practitioners see."
        ),
        higher_is_better=None,
        compute=judgement_differs,
        first_record=first_record_of(RiskAssessment, "completed_at"),
        unit="%",
    ),
    Measure(
        figure_id="F5",
        slug="open-cases",
        additive=True,
        name="Open exploitation cases",
        version=1,
        numerator="Children with an exploitation case open at the snapshot",
        denominator="",
        period=SNAPSHOT,
        counting=(
            "A child is counted once, whatever number of cases they have open. The breakdown "
            "gives the team holding each child's oldest open case; cases with no allocated "
            "worker are counted beside the figure."
        ),
        source="Cases (casework)",
        good="No target: read beside referrals and closures; every case allocated",
        higher_is_better=None,
        compute=open_cases,
        first_record=first_record_of(Case, "opened_at"),
    ),
    Measure(
        figure_id="F6",
        slug="open-cases-boys",
        name="Open exploitation cases who are boys",
        version=1,
        numerator="Children with an open exploitation case at the snapshot recorded as male",
        denominator="Children with an open exploitation case at the snapshot (as F5)",
        period=SNAPSHOT,
        counting=(
            "A child is counted once. The breakdown gives every recorded sex and age bands "
            "(age at the snapshot date). Sex is as recorded on the child's register entry."
        ),
        source="Cases (casework) and the register",
        good=(
            "No target: boys are under-identified as victims of exploitation; a very low share "
            "asks whether boys are being recognised"
        ),
        higher_is_better=None,
        compute=open_cases_boys,
        first_record=first_record_of(Case, "opened_at"),
        unit="%",
    ),
]
