import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.casework.models import Case
from triangulate.missing.models import MissingEpisode, ReturnInterview
from triangulate.register.models import PersonFlag
from triangulate.risk.models import RiskAssessment
from triangulate.risk.services.tools import current_tool

TODAY = dt.date(2026, 11, 29)


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def make_case(practitioner):
    counter = iter(range(1, 1000))

    def make(person, *, agency=None, opened=dt.date(2026, 1, 5), closed=None):
        return Case.objects.create(
            owning_agency=agency or person.owning_agency,
            reference=f"EXP-T{next(counter):04d}",
            person=person,
            opened_by=practitioner,
            opened_at=at(opened),
            closed_at=at(closed) if closed else None,
            status="closed" if closed else "open",
        )

    return make


@pytest.fixture
def make_assessment(practitioner):
    def make(
        person, *, completed, review_due, status="signed_off", judged="medium", suggested="medium"
    ):
        return RiskAssessment.objects.create(
            owning_agency=person.owning_agency,
            person=person,
            tool=current_tool(),
            status=status,
            created_by=practitioner,
            completed_at=completed,
            review_due=review_due,
            judged_level=judged,
            suggested_level=suggested,
        )

    return make


@pytest.fixture
def make_episode(practitioner):
    def make(person, *, started, ended=None, offered=None, due=None, outcome=None):
        episode = MissingEpisode.objects.create(
            owning_agency=person.owning_agency,
            person=person,
            category="M",
            created_by=practitioner,
            started_at=started,
            ended_at=ended,
            reported_by="Carer",
        )
        if due is not None:
            ReturnInterview.objects.create(
                owning_agency=person.owning_agency,
                episode=episode,
                person=person,
                due_at=due,
                offered_at=offered,
                outcome=outcome or ("offered" if offered else "awaiting"),
            )
        return episode

    return make


@pytest.fixture
def children(council):
    return [
        PersonFactory(owning_agency=council, given_name=name, ethnicity="WBRI")
        for name in ("Amelia", "Tyler", "Leah")
    ]


def flag_at_risk(
    child, by, when: dt.datetime, flag: str = "risk_cse", removed: dt.datetime | None = None
) -> PersonFlag:
    """Flag ``child`` (at risk of sexual exploitation, by default) as ``by`` at ``when``,
    removed at ``removed`` if given."""
    return PersonFlag.objects.create(
        owning_agency=child.owning_agency,
        person=child,
        flag=flag,
        reason="Concern",
        set_by=by,
        set_at=when,
        removed_at=removed,
    )
