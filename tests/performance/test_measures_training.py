"""Counting rules of the training measures (F41, F44, F45) on records built by hand."""

import datetime as dt

import pytest

from triangulate.core.roles import Role
from triangulate.partnership.models.learning import (
    Learner,
    TrainingCompletion,
    TrainingCourse,
    TrainingRequirement,
)
from triangulate.performance.periods import Period
from triangulate.performance.services.measures import training

from .conftest import TODAY

OCTOBER = Period.month(2026, 10, TODAY)


@pytest.fixture
def courses(db):
    members = TrainingCourse.objects.create(
        title="Exploitation for ward members", kind="session", audience="ward_members"
    )
    basics = TrainingCourse.objects.create(
        title="Recognising exploitation", kind="elearning", audience="practitioners"
    )
    TrainingRequirement.objects.create(course=members, role=Role.ELECTED_MEMBER, valid_months=12)
    TrainingRequirement.objects.create(course=basics, role=Role.POLICE_OFFICER, valid_months=12)
    TrainingRequirement.objects.create(course=members, role=Role.POLICE_OFFICER, valid_months=12)
    return members, basics


def done(user, course, on, agency=None, learner=None):
    return TrainingCompletion.objects.create(
        course=course, user=user, learner=learner, completed_on=on,
        agency=agency if agency is not None or learner else user.agency,
    )  # fmt: skip


def test_a_member_counts_as_trained_while_in_date_on_the_snapshot_day(
    courses, make_user, council, elected_member
):
    members, _ = courses
    lapsed = make_user(council, Role.ELECTED_MEMBER, username="lapsed")
    later = make_user(council, Role.ELECTED_MEMBER, username="later")
    make_user(council, Role.ELECTED_MEMBER, username="gone", is_active=False)
    done(elected_member, members, dt.date(2026, 10, 31))
    done(lapsed, members, dt.date(2025, 9, 1))
    done(later, members, dt.date(2026, 11, 2))

    figure = training.members_trained(OCTOBER)

    assert figure.numerator.ids == [elected_member.pk]
    assert len(figure.denominator) == 3
    assert figure.breakdown == [("Still to train", 2)]
    assert len(training.members_trained(Period.month(2026, 9, TODAY)).numerator) == 0


def test_staff_missing_any_required_course_are_untrained_once_by_agency(
    courses, police_officer, make_user, police, elected_member
):
    members, basics = courses
    both = make_user(police, Role.POLICE_OFFICER, username="both")
    done(both, members, dt.date(2026, 5, 1))
    done(both, basics, dt.date(2026, 5, 1))
    done(police_officer, basics, dt.date(2026, 5, 1))  # lacks the members' course

    figure = training.mandated_untrained(OCTOBER)

    assert figure.numerator.ids == sorted([police_officer.pk, elected_member.pk])
    assert len(figure.denominator) == 3
    assert (police.name, 1) in figure.breakdown


def test_multi_agency_attendees_count_by_agency_or_organisation(courses, police_officer):
    members, basics = courses
    learner = Learner.objects.create(
        reference="V-1", name="Sam Carter", organisation="Kingsmere Youth Trust",
        audience="practitioners",
    )  # fmt: skip
    done(police_officer, basics, dt.date(2026, 10, 1))
    done(None, basics, dt.date(2026, 10, 31), learner=learner)
    done(police_officer, members, dt.date(2026, 10, 2))  # not a practitioners' course
    done(police_officer, basics, dt.date(2026, 9, 30))

    figure = training.multi_agency_by_agency(OCTOBER)

    assert len(figure.numerator) == 2
    assert (police_officer.agency.name, 1) in figure.breakdown
    assert ("Kingsmere Youth Trust", 1) in figure.breakdown
    assert figure.quality[0].count == 0
