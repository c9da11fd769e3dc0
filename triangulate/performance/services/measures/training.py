"""Training: the courses completed in the month and by how many people (F40), elected members
trained (F41), multi-agency training by agency (F44) and staff in mandated roles without an
in-date completion (F45)."""

from __future__ import annotations

from collections import defaultdict

from triangulate.core.models import User
from triangulate.core.roles import Role
from triangulate.partnership.models.learning import (
    Audience,
    TrainingCompletion,
    TrainingRequirement,
)
from triangulate.partnership.services.learning import in_date_from, staff_in_role

from ...periods import Period
from .base import MONTHLY, SNAPSHOT, Figure, Measure, Quality, Rows, first_record_of
from .breakdowns import counted

NO_AGENCY = "No agency recorded"


def people_trained(period: Period) -> Figure:
    rows = list(
        TrainingCompletion.objects.filter(
            completed_on__gte=period.start, completed_on__lt=period.end
        ).values_list("id", "user_id", "learner_id", "course__title", "agency_id")
    )
    people = {("u", u) if u else ("l", ln) for _, u, ln, _, _ in rows}
    return Figure(
        Rows(TrainingCompletion, [pk for pk, *_ in rows]),
        breakdown=[("Distinct people", len(people)), *counted(title for *_, title, _ in rows)],
        quality=[
            Quality(
                "completions with no agency recorded",
                sum(1 for *_, agency_id in rows if agency_id is None),
                len(rows),
            )
        ],
    )


def _mandated(period: Period, roles=None) -> tuple[dict[int, str], set[int]]:
    """({user id: agency name} of staff a requirement applies to, {those not in date for
    every course their roles require}) on the snapshot day."""
    requirements = TrainingRequirement.objects.all()
    if roles is not None:
        requirements = requirements.filter(role__in=roles)
    staff: dict[int, str] = {}
    untrained: set[int] = set()
    for requirement in requirements:
        holders = dict(staff_in_role(requirement.role).values_list("id", "agency__name"))
        done = set(
            TrainingCompletion.objects.filter(
                course_id=requirement.course_id,
                user_id__in=list(holders),
                completed_on__gte=in_date_from(requirement, period.as_of),
                completed_on__lte=period.as_of,
            ).values_list("user_id", flat=True)
        )
        staff.update(holders)
        untrained |= set(holders) - done
    return staff, untrained


def members_trained(period: Period) -> Figure:
    members, untrained = _mandated(period, [Role.ELECTED_MEMBER])
    return Figure(
        Rows(User, sorted(set(members) - untrained)),
        Rows(User, sorted(members)),
        breakdown=[("Still to train", len(untrained))],
    )


def mandated_untrained(period: Period) -> Figure:
    staff, untrained = _mandated(period)
    return Figure(
        Rows(User, sorted(untrained)),
        Rows(User, sorted(staff)),
        breakdown=counted(staff[pk] for pk in untrained),
    )


def multi_agency_by_agency(period: Period) -> Figure:
    rows = list(
        TrainingCompletion.objects.filter(
            completed_on__gte=period.start,
            completed_on__lt=period.end,
            course__audience=Audience.PRACTITIONERS,
        ).values_list("id", "agency__name", "learner__organisation")
    )
    by_agency: dict[str, int] = defaultdict(int)
    for _, agency, organisation in rows:
        by_agency[agency or organisation or NO_AGENCY] += 1
    return Figure(
        Rows(TrainingCompletion, [pk for pk, *_ in rows]),
        breakdown=sorted(by_agency.items()),
        quality=[
            Quality("attendees with no agency recorded", by_agency.get(NO_AGENCY, 0), len(rows))
        ],
    )


MEASURES: list[Measure] = [
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
        first_record=first_record_of(TrainingCompletion, "completed_on"),
    ),
    Measure(
        figure_id="F41",
        slug="members-trained",
        name="Elected members trained",
        version=1,
        numerator=(
            "Elected members in date on the snapshot day for every course required of their role"
        ),
        denominator="Elected members with an active account, when a course is required of them",
        period=SNAPSHOT,
        counting=(
            "A member is counted once. A completion is in date for the months the requirement "
            "gives. Accounts and roles are as they stand now. Members trained without an "
            "account are not counted. The breakdown gives those still to train."
        ),
        source="Training requirements and completions (partnership), accounts",
        good="Every member trained: rising to 100%",
        higher_is_better=True,
        compute=members_trained,
        first_record=first_record_of(TrainingCompletion, "completed_on"),
        unit="%",
    ),
    Measure(
        figure_id="F44",
        slug="multi-agency-training",
        additive=True,
        name="Multi-agency training attendees by agency",
        version=1,
        numerator="Completions in the month of courses for safeguarding practitioners",
        denominator="",
        period=MONTHLY,
        counting=(
            "Every completion counts, by the agency recorded with it, or for someone trained "
            "without an account by their organisation."
        ),
        source="Training courses and completions (partnership)",
        good="No target: every agency that works with children should appear",
        higher_is_better=None,
        compute=multi_agency_by_agency,
        first_record=first_record_of(
            TrainingCompletion, "completed_on", course__audience=Audience.PRACTITIONERS
        ),
    ),
    Measure(
        figure_id="F45",
        slug="mandated-untrained",
        name="Staff in mandated roles without in-date training",
        version=1,
        numerator="Staff (as the denominator) not in date for every course their roles require",
        denominator="Staff with an active account holding a role that a course is required of",
        period=SNAPSHOT,
        counting=(
            "A person is counted once, however many courses they lack. A completion is in date "
            "for the months the requirement gives. Accounts and roles are as they stand now. "
            "The breakdown gives the untrained by agency."
        ),
        source="Training requirements and completions (partnership), accounts",
        good="Falling to none",
        higher_is_better=False,
        compute=mandated_untrained,
        first_record=first_record_of(TrainingCompletion, "completed_on"),
        unit="%",
    ),
]
