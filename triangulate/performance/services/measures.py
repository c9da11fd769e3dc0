"""The catalogue of measures: each figure the partnership reports, defined in writing and
computed from the records by one function.

A measure's written definition and its function are kept side by side and versioned together:
a change to how a figure is counted is a new version, and every figure shown names the
version that produced it (ADR 0016). The function returns the records behind the figure
(numerator and, for a rate, denominator), never a typed-in number, so the figure on a page and
the rows a viewer drills down to are the same rows.

Headline figures count every record in the partnership; the drill-down to rows goes through
``core.access`` (see :mod:`triangulate.performance.services`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Min, Q

from triangulate.casework.models import Case
from triangulate.core.roles import AgencyType
from triangulate.frontdoor.models import Contact, Outcome, Source
from triangulate.missing.models import (
    InterviewOutcome,
    MissingEpisode,
    MissingPolicy,
    ReturnInterview,
)
from triangulate.partnership.models.learning import TrainingCompletion
from triangulate.register.models import (
    CinFactor,
    Ethnicity,
    FlagType,
    Person,
    PersonCinFactor,
    PersonFlag,
    Sex,
)
from triangulate.risk.models import (
    FINAL_STATUSES,
    PromptReason,
    ReviewPrompt,
    RiskAssessment,
    SafetyPlan,
)
from triangulate.support.services import wards

from ..periods import Period

REFERRAL_OUTCOMES = (Outcome.EXPLOITATION_TEAM, Outcome.STRATEGY, Outcome.MACE)


@dataclass
class Rows:
    """The records behind one side of a figure: a model and the ids of its rows."""

    model: type
    ids: list[int]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Quality:
    """A data-quality note beside a figure: how many records lack what the measure needs."""

    text: str
    count: int
    of: int


@dataclass
class Dimension:
    """A breakdown of the children behind a figure by one characteristic (ward, ethnicity):
    each group's count, and for a rate the group's denominator. "Not recorded" is a group of
    its own. The groups add up to the figure; pages show them with no total."""

    name: str
    rows: list[tuple[str, int, int | None]]


@dataclass
class Figure:
    numerator: Rows
    denominator: Rows | None = None
    breakdown: list[tuple[str, int]] = field(default_factory=list)
    quality: list[Quality] = field(default_factory=list)
    dimensions: list[Dimension] = field(default_factory=list)

    @property
    def value(self) -> float | int | None:
        if self.denominator is None:
            return len(self.numerator)
        if not len(self.denominator):
            return None
        return round(100 * len(self.numerator) / len(self.denominator), 1)


@dataclass(frozen=True)
class Measure:
    figure_id: str  # the F-number in the list of figures the partnership asked for
    slug: str
    name: str
    version: int
    numerator: str
    denominator: str  # empty for a count
    period: str
    counting: str  # inclusions, exclusions and counting rules
    source: str
    good: str  # what good looks like
    higher_is_better: bool | None
    compute: Callable[[Period], Figure]
    first_record: Callable[[], dt.datetime | dt.date | None]
    unit: str = ""  # "%" for a rate
    additive: bool = False  # the breakdown's groups add up (so may be published with a total)

    @property
    def is_rate(self) -> bool:
        return bool(self.denominator)

    def written(self) -> dict:
        """The written definition, as stored beside a released figure."""
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "period": self.period,
            "counting": self.counting,
            "source": self.source,
            "good": self.good,
        }

    def format(self, value) -> str:
        if value is None:
            return "No records"
        if self.is_rate:
            return f"{value:g}%"
        return f"{value:,}"


def _first(model, field_name: str, **filters):
    def first():
        return model._default_manager.filter(**filters).aggregate(first=Min(field_name))["first"]

    return first


# --- Open cases and their risk assessments (F1, F2, F4) ------------------------------------


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


def _latest_assessments(person_ids, period: Period) -> dict[int, RiskAssessment]:
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


def age_band(born: dt.date | None, on: dt.date) -> str:
    if born is None:
        return "Age not known"
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for low, high in ((0, 9), (10, 13), (14, 15), (16, 17)):
        if low <= age <= high:
            return f"Aged {low} to {high}"
    return "Aged 18 or over"


def _counted(labels) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items())


NOT_RECORDED = wards.NOT_RECORDED
# DfE's major ethnic groups, by the first letter of the census code.
ETHNIC_GROUPS = {
    "W": "White",
    "M": "Mixed or multiple ethnic groups",
    "A": "Asian or Asian British",
    "B": "Black or Black British",
    "C": "Chinese or any other ethnic group",
    "O": "Chinese or any other ethnic group",
}
UNRECORDED_ETHNICITY = {"", Ethnicity.NOBT, Ethnicity.REFU}


def ethnic_group(code: str | None) -> str:
    """The major group of a census ethnicity code; "Not recorded" when not obtained, declined
    or blank."""
    if not code or code in UNRECORDED_ETHNICITY:
        return NOT_RECORDED
    return ETHNIC_GROUPS.get(code[0], ETHNIC_GROUPS["O"])


def by_ward_and_ethnicity(counted: set[int], of: set[int] | None, on: dt.date) -> list[Dimension]:
    """The children ``counted`` (of the children ``of``, for a rate) by the ward of their
    address on ``on`` and by ethnic group."""
    everyone = set(counted) | set(of or ())
    ward = wards.wards_of_people(everyone, on)
    ethnicity = {
        pk: ethnic_group(code)
        for pk, code in Person.objects.filter(pk__in=everyone).values_list("id", "ethnicity")
    }
    ethnic_order = [*dict.fromkeys(ETHNIC_GROUPS.values()), NOT_RECORDED]

    def rows(group_of: dict[int, str], groups: list[str]) -> list[tuple[str, int, int | None]]:
        counts = Counter(group_of.get(pk, NOT_RECORDED) for pk in counted)
        totals = Counter(group_of.get(pk, NOT_RECORDED) for pk in of or ())
        return [(g, counts[g], None if of is None else totals[g]) for g in groups]

    return [
        Dimension("Ward", rows(ward, wards.ward_names())),
        Dimension("Ethnicity", rows(ethnicity, ethnic_order)),
    ]


def open_cases(period: Period) -> Figure:
    cases = _open_cases(period)
    rows = list(
        Case.objects.filter(pk__in=list(cases.values())).values_list(
            "id", "team__name", "worker_id"
        )
    )
    return Figure(
        Rows(Case, sorted(cases.values())),
        breakdown=_counted(team or "No team" for _, team, _ in rows),
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
            *_counted(sex_labels.get(sex, sex) for sex, _ in people.values()),
            *_counted(age_band(born, period.as_of) for _, born in people.values()),
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
    latest = _latest_assessments(cases, period)
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
        dimensions=by_ward_and_ethnicity(set(in_date), set(cases), period.as_of),
        breakdown=[
            ("Up to date", len(current)),
            ("Review overdue", len(latest) - len(current) - no_review_date),
            ("No finalised assessment", len(cases) - len(latest)),
        ],
        quality=[Quality("finalised assessments with no review date", no_review_date, len(latest))],
    )


def overdue_assessments(period: Period) -> Figure:
    cases = _open_cases(period)
    latest = _latest_assessments(cases, period)
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
    latest = _latest_assessments(cases, period)
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


# --- The front door (F10–F13, F16) ---------------------------------------------------------


def _received(period: Period):
    return Contact.objects.filter(received_at__gte=period.start_at, received_at__lt=period.end_at)


def _decided(period: Period, outcomes):
    return Contact.objects.filter(
        decision__decided_at__gte=period.start_at,
        decision__decided_at__lt=period.end_at,
        decision__outcome__in=list(outcomes),
    )


def _unlinked(rows, what: str) -> Quality:
    total = len(rows)
    missing = sum(1 for _, person_id in rows if person_id is None)
    return Quality(f"{what} not yet linked to a child's record", missing, total)


def contacts_received(period: Period) -> Figure:
    rows = list(_received(period).order_by("received_at", "id").values_list("id", "person_id"))
    children = {person_id for _, person_id in rows if person_id is not None}
    return Figure(
        Rows(Contact, [pk for pk, _ in rows]),
        breakdown=[("Contacts", len(rows)), ("Distinct children identified", len(children))],
        quality=[_unlinked(rows, "contacts")],
    )


def referrals(period: Period) -> Figure:
    rows = list(
        _decided(period, REFERRAL_OUTCOMES)
        .order_by("decision__decided_at", "id")
        .values_list("id", "person_id", "decision__outcome")
    )
    children = {person_id for _, person_id, _ in rows if person_id is not None}
    labels = dict(Outcome.choices)
    return Figure(
        Rows(Contact, [pk for pk, _, _ in rows]),
        breakdown=[
            *[(labels[o], sum(1 for *_, out in rows if out == o)) for o in REFERRAL_OUTCOMES],
            ("Distinct children", len(children)),
        ],
        quality=[_unlinked([(pk, pid) for pk, pid, _ in rows], "referrals")],
    )


def conversion(period: Period) -> Figure:
    received = list(_received(period).values_list("id", "decision__outcome", "status"))
    converted = [pk for pk, outcome, _ in received if outcome in REFERRAL_OUTCOMES]
    undecided = sum(1 for _, outcome, _ in received if outcome is None)
    return Figure(
        Rows(Contact, converted),
        Rows(Contact, [pk for pk, _, _ in received]),
        quality=[
            Quality("contacts received in the month not yet decided", undecided, len(received))
        ],
    )


def referrals_from_schools(period: Period) -> Figure:
    rows = list(
        _decided(period, REFERRAL_OUTCOMES).values_list(
            "id", "raised_by_agency__agency_type", "source"
        )
    )
    labels = dict(AgencyType.choices)
    mix: dict[str, int] = {}
    for _, agency_type, _ in rows:
        label = labels.get(agency_type, "No agency (the public, a councillor or a helpline)")
        mix[label] = mix.get(label, 0) + 1
    professional = [agency_type for _, agency_type, source in rows if source == "professional"]
    return Figure(
        Rows(Contact, [pk for pk, agency_type, _ in rows if agency_type == AgencyType.EDUCATION]),
        Rows(Contact, [pk for pk, _, _ in rows]),
        breakdown=sorted(mix.items(), key=lambda item: (-item[1], item[0])),
        quality=[
            Quality(
                "referrals raised by a professional with no agency recorded",
                sum(1 for agency_type in professional if agency_type is None),
                len(professional),
            )
        ],
    )


def early_help(period: Period) -> Figure:
    rows = list(_decided(period, [Outcome.EARLY_HELP]).values_list("id", "person_id"))
    return Figure(Rows(Contact, [pk for pk, _ in rows]), quality=[_unlinked(rows, "decisions")])


# --- The cohort (F17) ----------------------------------------------------------------------


def children_at_risk(period: Period) -> Figure:
    flagged = PersonFlag.objects.filter(flag=FlagType.RISK_CSE, set_at__lt=period.cutoff).filter(
        Q(removed_at__isnull=True) | Q(removed_at__gte=period.cutoff)
    )
    coded = PersonCinFactor.objects.filter(code=CinFactor.F11A, identified_on__lte=period.as_of)
    ids = set(flagged.values_list("person_id", flat=True)) | set(
        coded.values_list("person_id", flat=True)
    )
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
        dimensions=by_ward_and_ethnicity({pk for pk, *_ in people}, None, period.as_of),
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


def newly_at_risk(period: Period) -> Figure:
    first_flags = (
        PersonFlag.objects.filter(flag=FlagType.RISK_CSE)
        .values("person_id")
        .annotate(first=Min("set_at"))
        .filter(first__gte=period.start_at, first__lt=period.end_at)
    )
    ids = [row["person_id"] for row in first_flags]
    people = list(
        Person.objects.filter(pk__in=ids, merged_into__isnull=True)
        .order_by("id")
        .values_list("id", "date_of_birth")
    )
    return Figure(
        Rows(Person, [pk for pk, _ in people]),
        breakdown=_counted(age_band(born, period.as_of) for _, born in people),
        quality=[
            Quality(
                "children whose date of birth is not known",
                sum(1 for _, born in people if born is None),
                len(people),
            )
        ],
    )


# --- Missing children and return interviews (F24, F25, F27, F28) --------------------------


def _ended(period: Period):
    return MissingEpisode.objects.filter(ended_at__gte=period.start_at, ended_at__lt=period.end_at)


def interview_take_up(period: Period) -> Figure:
    rows = list(
        _ended(period).values_list(
            "id", "return_interview__outcome", "return_interview__offered_at"
        )
    )
    offered = [(pk, outcome) for pk, outcome, offered_at in rows if offered_at is not None]
    held_without_offer = sum(
        1 for _, outcome, offered_at in rows if outcome == InterviewOutcome.HELD and not offered_at
    )
    labels = dict(InterviewOutcome.choices)
    outcomes: dict[str, int] = {}
    for _, outcome in offered:
        outcomes[labels.get(outcome, "No interview record")] = (
            outcomes.get(labels.get(outcome, "No interview record"), 0) + 1
        )
    return Figure(
        Rows(MissingEpisode, [pk for pk, outcome in offered if outcome == InterviewOutcome.HELD]),
        Rows(MissingEpisode, [pk for pk, _ in offered]),
        breakdown=sorted(outcomes.items()),
        quality=[
            Quality(
                "interviews recorded as held with no date offered", held_without_offer, len(rows)
            ),
            Quality(
                "episodes ended in the month with no return interview offered yet",
                len(rows) - len(offered),
                len(rows),
            ),
        ],
    )


def offered_in_time(period: Period) -> Figure:
    rows = list(
        _ended(period).values_list(
            "id",
            "placed_out_of_area",
            "return_interview__offered_at",
            "return_interview__due_at",
        )
    )
    in_time = [
        (pk, away)
        for pk, away, offered_at, due_at in rows
        if offered_at is not None and due_at is not None and offered_at <= due_at
    ]
    return Figure(
        Rows(MissingEpisode, [pk for pk, _ in in_time]),
        Rows(MissingEpisode, [pk for pk, *_ in rows]),
        breakdown=[
            ("In time, placed in the area", sum(1 for _, away in in_time if not away)),
            ("In time, placed out of the area", sum(1 for _, away in in_time if away)),
            ("Ended, placed out of the area", sum(1 for _, away, *_ in rows if away)),
        ],
        quality=[
            Quality(
                "ended episodes with no return interview record",
                sum(1 for _, _, _, due_at in rows if due_at is None),
                len(rows),
            )
        ],
    )


def missing_episodes(period: Period) -> Figure:
    rows = list(
        MissingEpisode.objects.filter(started_at__gte=period.start_at, started_at__lt=period.end_at)
        .order_by("started_at", "id")
        .values_list("id", "person_id", "category", "ended_at")
    )
    return Figure(
        Rows(MissingEpisode, [pk for pk, *_ in rows]),
        breakdown=[
            ("Missing", sum(1 for _, _, cat, _ in rows if cat == "M")),
            ("Away from placement", sum(1 for _, _, cat, _ in rows if cat == "A")),
            ("Distinct children", len({pid for _, pid, _, _ in rows})),
        ],
        quality=[
            Quality(
                "episodes with no end recorded yet",
                sum(1 for *_, ended in rows if ended is None),
                len(rows),
            )
        ],
    )


def repeat_policy() -> tuple[int, int]:
    policy = MissingPolicy.objects.order_by("-version", "-id").first()
    return (policy.repeat_count, policy.repeat_window_days) if policy else (3, 90)


def repeat_missing(period: Period) -> Figure:
    count, days = repeat_policy()
    since = period.cutoff - dt.timedelta(days=days)
    episodes = MissingEpisode.objects.filter(started_at__gte=since, started_at__lt=period.cutoff)
    per_child: dict[int, int] = {}
    open_ended = 0
    for person_id, ended_at in episodes.values_list("person_id", "ended_at"):
        per_child[person_id] = per_child.get(person_id, 0) + 1
        open_ended += ended_at is None
    return Figure(
        Rows(Person, sorted(pid for pid, n in per_child.items() if n >= count)),
        breakdown=[("Children with any episode in the window", len(per_child))],
        quality=[
            Quality(
                "episodes in the window with no end recorded",
                open_ended,
                sum(per_child.values()),
            )
        ],
    )


# --- Training (F40) ------------------------------------------------------------------------


def reports_from_councillors_and_public(period: Period) -> Figure:
    rows = list(
        _received(period)
        .filter(source__in=[Source.COUNCILLOR, Source.PUBLIC])
        .order_by("received_at", "id")
        .values_list("id", "source", "received_at", "decision__decided_at")
    )
    decided = [(pk, decided - received) for pk, _, received, decided in rows if decided]
    days = [delay.total_seconds() / 86400 for _, delay in decided]
    sources = dict(Source.choices)
    return Figure(
        Rows(Contact, [pk for pk, _ in decided]),
        Rows(Contact, [pk for pk, *_ in rows]),
        breakdown=[
            *_counted(sources[source] for _, source, _, _ in rows),
            ("Median whole days from report to decision", int(statistics.median(days or [0]))),
        ],
        quality=[],
    )


def placed_out_of_area(period: Period) -> Figure:
    placed = set(
        PersonFlag.objects.filter(flag=FlagType.PLACED_OUT_OF_AREA, set_at__lt=period.cutoff)
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=period.cutoff))
        .values_list("person_id", flat=True)
    )
    with_plan = set(
        SafetyPlan.objects.filter(person_id__in=placed, created_at__lt=period.cutoff)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=period.cutoff))
        .values_list("person_id", flat=True)
    )
    latest = _latest_assessments(placed, period)
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


def findings_followed_up(period: Period) -> Figure:
    rows = list(
        ReturnInterview.objects.filter(
            outcome=InterviewOutcome.HELD,
            held_at__gte=period.start_at,
            held_at__lt=period.end_at,
        ).values_list("episode_id", "raised_intelligence", "independent")
    )
    prompted = (
        ReviewPrompt.objects.filter(
            reason=PromptReason.RETURN_INTERVIEW,
            created_at__gte=period.start_at,
            created_at__lt=period.end_at,
        )
        .values("person_id")
        .distinct()
        .count()
    )
    return Figure(
        Rows(MissingEpisode, sorted(pk for pk, raised, _ in rows if raised)),
        Rows(MissingEpisode, sorted(pk for pk, _, _ in rows)),
        breakdown=[
            ("Passed to police as intelligence", sum(1 for _, raised, _ in rows if raised)),
            ("Held by an independent interviewer", sum(1 for *_, ind in rows if ind is True)),
            ("Children whose risk review the findings prompted", prompted),
        ],
        quality=[
            Quality(
                "held interviews with the interviewer's independence not recorded",
                sum(1 for *_, ind in rows if ind is None),
                len(rows),
            )
        ],
    )


def people_trained(period: Period) -> Figure:
    rows = list(
        TrainingCompletion.objects.filter(
            completed_on__gte=period.start, completed_on__lt=period.end
        ).values_list("id", "user_id", "learner_id", "course__title", "agency_id")
    )
    people = {("u", u) if u else ("l", ln) for _, u, ln, _, _ in rows}
    return Figure(
        Rows(TrainingCompletion, [pk for pk, *_ in rows]),
        breakdown=[("Distinct people", len(people)), *_counted(title for *_, title, _ in rows)],
        quality=[
            Quality(
                "completions with no agency recorded",
                sum(1 for *_, agency_id in rows if agency_id is None),
                len(rows),
            )
        ],
    )


# --- The catalogue -------------------------------------------------------------------------

MONTHLY = "Calendar month; the current month is shown to date"
SNAPSHOT = "At the end of each calendar month (today, for the current month)"

CATALOGUE: list[Measure] = [
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
        first_record=_first(Case, "opened_at"),
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
        first_record=_first(Case, "opened_at"),
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
        first_record=_first(RiskAssessment, "completed_at"),
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
        first_record=_first(Case, "opened_at"),
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
        first_record=_first(Case, "opened_at"),
        unit="%",
    ),
    Measure(
        figure_id="F10",
        slug="contacts",
        name="Contacts received",
        version=1,
        numerator="Contacts received at the front door in the month, by the time received",
        denominator="",
        period=MONTHLY,
        counting=(
            "Every contact counts, from any source, including ones not yet linked to a child. "
            "Distinct children are those linked to a record."
        ),
        source="Contacts (front door)",
        good="No target: a change in contacts is a signal to understand, not to chase",
        higher_is_better=None,
        compute=contacts_received,
        first_record=_first(Contact, "received_at"),
    ),
    Measure(
        figure_id="F11",
        slug="referrals",
        name="Exploitation referrals",
        version=1,
        numerator=(
            "Contacts decided in the month as a referral to the exploitation team, a strategy "
            "discussion or the MACE panel, by the date of the decision"
        ),
        denominator="",
        period=MONTHLY,
        counting="A contact is counted once, by its decision as it stands now.",
        source="Contacts and triage decisions (front door)",
        good="No target: read beside contacts and the conversion rate",
        higher_is_better=None,
        compute=referrals,
        first_record=_first(Contact, "decision__decided_at"),
    ),
    Measure(
        figure_id="F12",
        slug="conversion",
        name="Contacts that became exploitation referrals",
        version=1,
        numerator="Contacts received in the month whose decision is a referral (as F11)",
        denominator="Contacts received in the month",
        period=MONTHLY,
        counting="By the month the contact came in; contacts not yet decided are in the denominator.",
        source="Contacts and triage decisions (front door)",
        good="No target: a fall may mean concerns are not being recognised",
        higher_is_better=None,
        compute=conversion,
        first_record=_first(Contact, "received_at"),
        unit="%",
    ),
    Measure(
        figure_id="F13",
        slug="referrals-from-schools",
        additive=True,
        name="Exploitation referrals raised by schools",
        version=1,
        numerator="Referrals (as F11) raised by an education agency",
        denominator="Referrals (as F11)",
        period=MONTHLY,
        counting="By the agency the contact was raised for; the breakdown gives every source.",
        source="Contacts and triage decisions (front door)",
        good="Schools refer as they learn to recognise exploitation: rising after training",
        higher_is_better=None,
        compute=referrals_from_schools,
        first_record=_first(Contact, "decision__decided_at"),
        unit="%",
    ),
    Measure(
        figure_id="F16",
        slug="early-help",
        name="Early-help decisions",
        version=1,
        numerator="Contacts decided as early help in the month, by the date of the decision",
        denominator="",
        period=MONTHLY,
        counting="A contact is counted once, by its decision as it stands now.",
        source="Contacts and triage decisions (front door)",
        good="No target: read the trend against the months before a change of route",
        higher_is_better=None,
        compute=early_help,
        first_record=_first(Contact, "decision__decided_at"),
    ),
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
        first_record=_first(PersonFlag, "set_at", flag=FlagType.RISK_CSE),
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
        first_record=_first(PersonFlag, "set_at", flag=FlagType.RISK_CSE),
    ),
    Measure(
        figure_id="F21",
        slug="public-reports",
        name="Reports from councillors and the public decided",
        version=1,
        numerator="Reports received in the month from councillors and the public that have a decision",
        denominator="Reports received in the month from councillors and the public, by the time received",
        period=MONTHLY,
        counting=(
            "Every report counts, including reports about a place or an adult only. Each is "
            "acknowledged with a reference the moment it is sent, so a report without a "
            "decision is being tracked, not lost. The breakdown gives each source and the "
            "median whole days from report to decision."
        ),
        source="Contacts and triage decisions (front door)",
        good="Every report decided, promptly: rising to 100%",
        higher_is_better=True,
        compute=reports_from_councillors_and_public,
        first_record=_first(Contact, "received_at", source__in=[Source.COUNCILLOR, Source.PUBLIC]),
        unit="%",
    ),
    Measure(
        figure_id="F24",
        slug="interview-take-up",
        additive=True,
        name="Return home interviews taken up",
        version=1,
        numerator="Episodes ended in the month whose interview was accepted and held",
        denominator="Episodes ended in the month whose interview was offered",
        period=MONTHLY,
        counting="By the month the episode ended; an interview held late still counts as held.",
        source="Missing episodes and return interviews (missing)",
        good="Most children accept: rising",
        higher_is_better=True,
        compute=interview_take_up,
        first_record=_first(MissingEpisode, "ended_at"),
        unit="%",
    ),
    Measure(
        figure_id="F25",
        slug="interviews-offered-in-time",
        name="Return home interviews offered within 72 hours",
        version=1,
        numerator=(
            "Episodes ended in the month whose interview was offered by its due time "
            "(72 hours after the child's return, under the missing policy)"
        ),
        denominator="Episodes ended in the month",
        period=MONTHLY,
        counting="By the month the episode ended. An episode with no interview record is not in time.",
        source="Missing episodes and return interviews (missing)",
        good="Every child is offered an interview in time: 100%",
        higher_is_better=True,
        compute=offered_in_time,
        first_record=_first(MissingEpisode, "ended_at"),
        unit="%",
    ),
    Measure(
        figure_id="F26",
        slug="interview-findings",
        name="Return home interview findings passed to police",
        version=1,
        numerator="Interviews held in the month whose findings were passed to police as intelligence",
        denominator="Return home interviews held in the month, by the time held",
        period=MONTHLY,
        counting=(
            "An interview counts in the month it was held. The breakdown also counts "
            "interviews held by an independent interviewer and children whose risk review the "
            "findings prompted in the month."
        ),
        source="Return interviews (missing) and review prompts (risk)",
        good="Findings that point to exploitation reach police and the child's assessment",
        higher_is_better=None,
        compute=findings_followed_up,
        first_record=_first(ReturnInterview, "held_at"),
        unit="%",
    ),
    Measure(
        figure_id="F27",
        slug="missing-episodes",
        name="Missing and away episodes",
        version=1,
        numerator="Episodes that started in the month",
        denominator="",
        period=MONTHLY,
        counting="Every episode counts; the breakdown gives missing and away and distinct children.",
        source="Missing episodes (missing)",
        good="Falling, with every episode followed by an interview",
        higher_is_better=False,
        compute=missing_episodes,
        first_record=_first(MissingEpisode, "started_at"),
    ),
    Measure(
        figure_id="F28",
        slug="repeat-missing",
        name="Children missing repeatedly",
        version=1,
        numerator=(
            "Children with at least the policy's number of episodes (3) started in the policy's "
            "window (90 days) up to the snapshot"
        ),
        denominator="",
        period=SNAPSHOT,
        counting="A child is counted once. The threshold and window come from the missing policy.",
        source="Missing episodes (missing)",
        good="Falling",
        higher_is_better=False,
        compute=repeat_missing,
        first_record=_first(MissingEpisode, "started_at"),
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
        first_record=_first(PersonFlag, "set_at", flag=FlagType.PLACED_OUT_OF_AREA),
        unit="%",
    ),
    Measure(
        figure_id="F40",
        slug="training-completions",
        name="Training completions",
        version=1,
        numerator=(
            "Courses completed in the month, by staff with an account and by people trained "
            "without one"
        ),
        denominator="",
        period=MONTHLY,
        counting="Every completion counts; distinct people are given beside it.",
        source="Training completions (partnership)",
        good="Rising until everyone who must train has trained",
        higher_is_better=True,
        compute=people_trained,
        first_record=_first(TrainingCompletion, "completed_on"),
    ),
]

BY_SLUG = {measure.slug: measure for measure in CATALOGUE}
