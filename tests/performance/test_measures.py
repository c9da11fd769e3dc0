"""Each measure's counting rules, on records built by hand for October 2026."""

import datetime as dt

from tests.factories import PersonFactory
from triangulate.performance.periods import Period
from triangulate.performance.services import measures
from triangulate.performance.services.measures import cases as case_measures
from triangulate.performance.services.measures import cohort, front_door, missing
from triangulate.register.models import PersonCinFactor, PersonFlag

from .conftest import TODAY, at, flag_at_risk

OCTOBER = Period.month(2026, 10, TODAY)


def test_a_child_with_two_open_cases_is_counted_once(make_case, make_assessment, children, police):
    amelia, tyler, _ = children
    make_case(amelia)
    make_case(amelia, agency=police)
    make_case(tyler)
    make_assessment(amelia, completed=at(dt.date(2026, 9, 1)), review_due=dt.date(2026, 12, 1))

    figure = case_measures.up_to_date_assessments(OCTOBER)

    assert (len(figure.numerator), len(figure.denominator)) == (1, 2)
    assert figure.value == 50.0


def test_an_assessment_finalised_on_the_last_day_of_the_month_counts_for_that_month(
    make_case, make_assessment, children
):
    amelia = children[0]
    make_case(amelia)
    make_assessment(
        amelia, completed=at(dt.date(2026, 10, 31), 23, 30), review_due=dt.date(2027, 1, 31)
    )

    assert len(case_measures.up_to_date_assessments(OCTOBER).numerator) == 1
    assert len(case_measures.up_to_date_assessments(Period.month(2026, 9, TODAY)).numerator) == 0


def test_drafts_and_overdue_reviews_are_not_up_to_date(make_case, make_assessment, children):
    amelia, tyler, leah = children
    for child in children:
        make_case(child)
    make_assessment(amelia, completed=None, review_due=dt.date(2027, 1, 1), status="draft")
    make_assessment(tyler, completed=at(dt.date(2026, 6, 1)), review_due=dt.date(2026, 10, 20))
    make_assessment(leah, completed=at(dt.date(2026, 6, 1)), review_due=dt.date(2026, 10, 31))

    up_to_date = case_measures.up_to_date_assessments(OCTOBER)
    overdue = case_measures.overdue_assessments(OCTOBER)

    assert len(up_to_date.numerator) == 1  # Leah: review due on the snapshot date itself
    assert len(overdue.numerator) == 1  # Tyler
    assert ("1 to 7 days overdue", 0) in overdue.breakdown
    assert ("8 to 28 days", 1) in overdue.breakdown
    assert overdue.quality[0].count == 1  # Amelia has only a draft


def test_a_case_closed_before_the_snapshot_is_not_counted(make_case, make_assessment, children):
    amelia, tyler, _ = children
    make_case(amelia, closed=dt.date(2026, 10, 15))
    make_case(tyler)

    assert len(case_measures.up_to_date_assessments(OCTOBER).denominator) == 1
    assert len(case_measures.up_to_date_assessments(Period.month(2026, 9, TODAY)).denominator) == 2


def test_judgement_differing_from_the_tool_is_a_share_of_judged_cases(
    make_case, make_assessment, children
):
    amelia, tyler, _ = children
    make_case(amelia)
    make_case(tyler)
    make_assessment(
        amelia,
        completed=at(dt.date(2026, 9, 1)),
        review_due=dt.date(2027, 1, 1),
        judged="high",
        suggested="medium",
    )
    make_assessment(tyler, completed=at(dt.date(2026, 9, 1)), review_due=dt.date(2027, 1, 1))

    figure = case_measures.judgement_differs(OCTOBER)

    assert figure.value == 50.0
    assert ("Judged high", 1) in figure.breakdown


def test_an_interview_offered_after_72_hours_is_late_but_still_taken_up_when_accepted(
    make_episode, children
):
    amelia, tyler, leah = children
    ended = at(dt.date(2026, 10, 3))
    due = ended + dt.timedelta(hours=72)
    make_episode(
        amelia,
        started=ended - dt.timedelta(hours=20),
        ended=ended,
        due=due,
        offered=due,
        outcome="held",
    )
    make_episode(
        tyler,
        started=ended - dt.timedelta(hours=5),
        ended=ended,
        due=due,
        offered=due + dt.timedelta(hours=1),
        outcome="held",
    )
    make_episode(
        leah,
        started=ended - dt.timedelta(hours=5),
        ended=ended,
        due=due,
        offered=due - dt.timedelta(hours=30),
        outcome="declined",
    )
    make_episode(
        leah,
        started=at(dt.date(2026, 10, 20)),
        ended=at(dt.date(2026, 10, 21)),
        due=at(dt.date(2026, 10, 24)),
    )

    in_time = missing.offered_in_time(OCTOBER)
    take_up = missing.interview_take_up(OCTOBER)

    assert (len(in_time.numerator), len(in_time.denominator)) == (2, 4)
    assert (len(take_up.numerator), len(take_up.denominator)) == (2, 3)
    assert take_up.value == 66.7


def test_repeat_missing_needs_three_episodes_inside_ninety_days(make_episode, children):
    amelia, tyler, _ = children
    for day in (dt.date(2026, 8, 10), dt.date(2026, 9, 10), dt.date(2026, 10, 10)):
        make_episode(amelia, started=at(day), ended=at(day) + dt.timedelta(hours=6))
    for day in (dt.date(2026, 5, 1), dt.date(2026, 9, 10), dt.date(2026, 10, 10)):
        make_episode(tyler, started=at(day), ended=at(day) + dt.timedelta(hours=6))

    figure = missing.repeat_missing(OCTOBER)

    assert figure.numerator.ids == [amelia.pk]
    assert len(missing.missing_episodes(OCTOBER).numerator) == 2


def test_the_cohort_counts_a_flagged_and_coded_child_once_and_drops_removed_flags(
    council, practitioner, children
):
    amelia, tyler, leah = children
    unknown = PersonFactory(owning_agency=council, ethnicity="NOBT")
    for child in (amelia, tyler, unknown):
        flag_at_risk(child, practitioner, at(dt.date(2026, 9, 1)))
    PersonFlag.objects.filter(person=tyler).update(
        removed_at=at(dt.date(2026, 10, 5)), removed_by=practitioner
    )
    for child in (amelia, leah):
        PersonCinFactor.objects.create(
            owning_agency=council,
            person=child,
            code="11A",
            identified_on=dt.date(2026, 10, 30),
            recorded_by=practitioner,
        )

    figure = cohort.children_at_risk(OCTOBER)

    assert sorted(figure.numerator.ids) == sorted([amelia.pk, leah.pk, unknown.pk])
    assert figure.quality[0].count == 1  # ethnicity not recorded
    assert len(cohort.children_at_risk(Period.month(2026, 9, TODAY)).numerator) == 3


def test_every_measure_names_a_figure_and_a_version_and_computes_on_no_records(db):
    assert len({m.slug for m in measures.CATALOGUE}) == len(measures.CATALOGUE)
    for measure in measures.CATALOGUE:
        assert measure.figure_id.startswith("F") and measure.version >= 1
        figure = measure.compute(OCTOBER)
        assert measure.format(figure.value) in {"0", "No records"}


def test_open_cases_count_each_child_once_and_the_boys_among_them(make_case, children, police):
    amelia, tyler, leah = children
    for child, sex, born in (
        (amelia, "F", dt.date(2011, 11, 1)),  # 14 on 31 October 2026
        (tyler, "M", dt.date(2013, 10, 31)),  # 13 that day
        (leah, "U", None),
    ):
        type(child).objects.filter(pk=child.pk).update(sex=sex, date_of_birth=born)
    make_case(amelia)
    make_case(amelia, agency=police)
    make_case(tyler)
    make_case(leah, closed=dt.date(2026, 10, 2))

    cases = case_measures.open_cases(OCTOBER)
    boys = case_measures.open_cases_boys(OCTOBER)

    assert len(cases.numerator) == 2
    assert cases.quality[0].count == 2  # neither case has a worker
    assert (len(boys.numerator), len(boys.denominator)) == (1, 2)
    assert boys.value == 50.0
    assert ("Aged 14 to 15", 1) in boys.breakdown and ("Aged 10 to 13", 1) in boys.breakdown
    assert len(case_measures.open_cases(Period.month(2026, 9, TODAY)).numerator) == 3


def test_a_child_is_newly_at_risk_only_in_the_month_of_their_first_flag(
    council, practitioner, children
):
    amelia, tyler, _ = children

    def flag(child, day, removed=None):
        PersonFlag.objects.create(
            owning_agency=council, person=child, flag="risk_cse", reason="Concern",
            set_by=practitioner, set_at=at(day), removed_at=at(removed) if removed else None,
        )  # fmt: skip

    flag(amelia, dt.date(2026, 8, 3), removed=dt.date(2026, 9, 1))
    flag(amelia, dt.date(2026, 10, 12))  # flagged again: not new
    flag(tyler, dt.date(2026, 10, 31))

    assert cohort.newly_at_risk(OCTOBER).numerator.ids == [tyler.pk]
    assert cohort.newly_at_risk(Period.month(2026, 8, TODAY)).numerator.ids == [amelia.pk]


def test_interview_findings_passed_to_police_are_a_share_of_interviews_held(make_episode, children):
    from triangulate.missing.models import ReturnInterview

    amelia, tyler, leah = children
    for child, held, raised, independent in (
        (amelia, dt.date(2026, 10, 4), True, True),
        (tyler, dt.date(2026, 10, 9), False, None),
        (leah, dt.date(2026, 9, 28), True, False),  # held in September
    ):
        ended = at(held) - dt.timedelta(days=1)
        episode = make_episode(
            child, started=ended - dt.timedelta(hours=8), ended=ended,
            due=ended + dt.timedelta(hours=72), offered=ended, outcome="held",
        )  # fmt: skip
        ReturnInterview.objects.filter(episode=episode).update(
            held_at=at(held), raised_intelligence=raised, independent=independent
        )

    figure = missing.findings_followed_up(OCTOBER)

    assert (len(figure.numerator), len(figure.denominator)) == (1, 2)
    assert ("Held by an independent interviewer", 1) in figure.breakdown
    assert figure.quality[0].count == 1  # Tyler's interviewer's independence not recorded


def test_reports_from_councillors_and_the_public_count_as_decided_once_they_have_a_decision(
    school_lead, front_door_worker
):
    from tests.frontdoor.factories import raise_contact
    from triangulate.frontdoor.models import Contact, NeedLevel, TriageDecision

    received = at(dt.date(2026, 10, 6))
    reports = []
    for source in ("public", "public", "councillor", "agency"):
        contact = raise_contact(school_lead)
        Contact.objects.filter(pk=contact.pk).update(source=source, received_at=received)
        reports.append(contact)
    for contact, days in ((reports[0], 3), (reports[2], 5), (reports[3], 1)):
        TriageDecision.objects.create(
            owning_agency=front_door_worker.agency, contact=contact, outcome="nfa_advice",
            need_level=NeedLevel.objects.first(),
            reasons="Advice given", decided_by=front_door_worker,
            decided_at=received + dt.timedelta(days=days),
        )  # fmt: skip

    figure = front_door.reports_from_councillors_and_public(OCTOBER)

    assert (len(figure.numerator), len(figure.denominator)) == (2, 3)  # the agency's is not one
    assert ("A member of the public, online", 2) in figure.breakdown
    assert ("Median whole days from report to decision", 4) in figure.breakdown


def test_children_placed_out_of_area_with_a_plan_and_an_in_date_assessment(
    council, practitioner, children, make_assessment
):
    from triangulate.risk.models import SafetyPlan

    amelia, tyler, leah = children
    for child in children:
        PersonFlag.objects.create(
            owning_agency=council, person=child, flag="placed_out_of_area", reason="Placement",
            set_by=practitioner, set_at=at(dt.date(2026, 5, 1)),
        )  # fmt: skip
    SafetyPlan.objects.create(
        owning_agency=council, person=amelia, created_by=practitioner,
        created_at=at(dt.date(2026, 9, 1)),
    )  # fmt: skip
    SafetyPlan.objects.create(
        owning_agency=council, person=tyler, created_by=practitioner,
        created_at=at(dt.date(2026, 6, 1)), closed_at=at(dt.date(2026, 10, 10)),
    )  # fmt: skip
    make_assessment(amelia, completed=at(dt.date(2026, 9, 2)), review_due=dt.date(2026, 12, 1))

    figure = cohort.placed_out_of_area(OCTOBER)

    assert figure.numerator.ids == [amelia.pk]
    assert len(figure.denominator) == 3
    assert ("With both", 1) in figure.breakdown
    assert figure.quality[0].count == 2  # Tyler and Leah have no finalised assessment
    assert len(cohort.placed_out_of_area(Period.month(2026, 9, TODAY)).numerator) == 2
