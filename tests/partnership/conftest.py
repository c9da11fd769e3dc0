"""Fixtures for the partnership tests: a plan, its leads and the people who review it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AgencyFactory
from triangulate.core.roles import AgencyType, Role
from triangulate.partnership.models import Action, Objective, Plan, Priority
from triangulate.partnership.services import plans as plan_services
from triangulate.partnership.services import recommendations as recommendation_services


@pytest.fixture
def partnership_agency(db):
    return AgencyFactory(name="Kingsmere Safeguarding Partnership", agency_type=AgencyType.OTHER)


@pytest.fixture
def members_agency(db):
    return AgencyFactory(name="Kingsmere Council members", agency_type=AgencyType.OTHER)


@pytest.fixture
def chief_officer(make_user, council):
    return make_user(
        council, Role.CHIEF_OFFICER, username="chief", first_name="Pat", last_name="Lindqvist"
    )


@pytest.fixture
def scrutiny_officer(make_user, members_agency):
    return make_user(
        members_agency,
        Role.SCRUTINY_OFFICER,
        username="scrutiny",
        first_name="Nina",
        last_name="Harwood",
    )


@pytest.fixture
def chair(make_user, members_agency):
    return make_user(
        members_agency,
        Role.ELECTED_MEMBER,
        username="chair",
        first_name="Imran",
        last_name="Hussain",
    )


@pytest.fixture
def action_lead(make_user, police):
    return make_user(
        police, Role.POLICE_OFFICER, username="lead", first_name="Priya", last_name="Lal"
    )


@pytest.fixture
def plan(partnership_agency):
    plan = Plan.objects.create(
        title="Child Exploitation Delivery Plan 2025–2028",
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2028, 3, 31),
        owning_agency=partnership_agency,
    )
    for number, title in enumerate(["Prevent", "Protect", "Pursue", "Support"], start=1):
        priority = Priority.objects.create(plan=plan, number=number, title=title)
        Objective.objects.create(
            priority=priority, number=f"{number}.1", title=f"{title} objective"
        )
    return plan


@pytest.fixture
def make_action(plan, action_lead, partnership_manager):
    counter = {"n": 0}

    def make(*, days_ahead=120, lead=None, objective=None, **extra) -> Action:
        counter["n"] += 1
        objective = objective or Objective.objects.get(priority__plan=plan, number="2.1")
        return plan_services.action_create(
            actor=partnership_manager,
            objective=objective,
            number=extra.pop("number", f"2.1.{counter['n']}"),
            title=extra.pop("title", f"Action number {counter['n']}"),
            success_measure="Fewer children go missing",
            lead_officer=lead or action_lead,
            target_date=timezone.localdate() + dt.timedelta(days=days_ahead),
            **extra,
        )

    return make


@pytest.fixture
def source(partnership_manager):
    return recommendation_services.source_create(
        actor=partnership_manager,
        kind="inspection",
        title="Inspection of help and protection",
        author="The inspectorate",
        body="Kingsmere Council",
        published_on=dt.date(2026, 3, 1),
        link="",
    )


@pytest.fixture
def move_date(chief_officer):
    """Move an action's target date as the product does: asked for, then approved by the
    person asked (the chief officer unless another approver is named)."""

    def move(action, *, by, new_date, reason, approver=None, expected_version=None):
        request = plan_services.date_move_request(
            actor=by,
            action=action,
            expected_version=action.version if expected_version is None else expected_version,
            new_date=new_date,
            reason=reason,
            approver=approver or chief_officer,
        )
        change = plan_services.date_move_decide(
            actor=request.approver, request=request, approve=True
        )
        action.refresh_from_db()
        return change

    return move
