"""Safety-plan actions reach someone, go only to agencies that deliver services, and their
owner sees what the action needs and records an outcome."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AgencyFactory
from triangulate.core import records
from triangulate.core.models import RecordShare
from triangulate.core.roles import AgencyType, Role
from triangulate.risk import extensions, services
from triangulate.risk.models import PlanAction


@pytest.fixture
def plan(practitioner, twelve_year_old):
    plan = services.plan_create(actor=practitioner, person=twelve_year_old)
    services.plan_update_views(
        actor=practitioner, plan=plan, expected_version=plan.version, child_views="",
        family_views="", purpose="Keep Mia away from the adults who wait for her after school",
    )  # fmt: skip
    plan.refresh_from_db()
    return plan


def add(practitioner, plan, agency, owner=None):
    return services.plan_action_add(
        actor=practitioner, plan=plan, text="Disruption visit to the retail park",
        responsible_agency=agency, owner=owner, due_on=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip


def actions_in_my_work(user):
    section = next(s for s in extensions.my_work(user) if s.title == "Safety plan actions")
    return [item.href for item in section.every_item()]


def test_an_unnamed_action_reaches_the_agencys_manager(
    make_user, practitioner, police_officer, police, health, plan
):
    action = add(practitioner, plan, police)
    # The police have no team manager here: everyone there who works with children sees it.
    assert f"/risk/actions/{action.pk}" in actions_in_my_work(police_officer)
    nurse_manager = make_user(health, Role.TEAM_MANAGER, username="nursemanager")
    nurse = make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse")
    health_action = add(practitioner, plan, health)
    assert f"/risk/actions/{health_action.pk}" in actions_in_my_work(nurse_manager)
    assert f"/risk/actions/{health_action.pk}" not in actions_in_my_work(nurse)


def test_the_manager_names_who_does_it_and_then_it_is_theirs(
    client_for, make_user, practitioner, health, plan
):
    manager = make_user(health, Role.TEAM_MANAGER, username="nursemanager")
    nurse = make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse")
    action = add(practitioner, plan, health)
    response = client_for(manager).post(
        f"/risk/actions/{action.pk}",
        {"form": "owner", "owner": nurse.pk, "version": action.version},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner == nurse
    assert f"/risk/actions/{action.pk}" in actions_in_my_work(nurse)
    assert f"/risk/actions/{action.pk}" not in actions_in_my_work(manager)


def test_only_agencies_that_deliver_services_can_be_responsible(
    client_for, make_user, practitioner, police_officer, plan
):
    members = AgencyFactory(
        name="Kingsmere Borough Council (elected members)", agency_type=AgencyType.OTHER
    )
    make_user(members, Role.ELECTED_MEMBER, username="cllr")
    partnership = AgencyFactory(
        name="Kingsmere Safeguarding Children Partnership", agency_type=AgencyType.OTHER
    )
    make_user(partnership, Role.PARTNERSHIP_MANAGER, username="helen")
    page = client_for(practitioner).get(f"/risk/plans/{plan.pk}").content.decode()
    assert "Mereshire Police" in page
    assert "elected members" not in page
    assert "Safeguarding Children Partnership" not in page
    with pytest.raises(services.AssessmentInvalid):
        add(practitioner, plan, members)
    refused = client_for(practitioner).post(
        f"/risk/plans/{plan.pk}",
        {"form": "action", "text": "Raise at full council", "responsible_agency": members.pk,
         "due_on-day": "1", "due_on-month": "1", "due_on-year": timezone.localdate().year + 1},
    )  # fmt: skip
    assert refused.status_code == 400
    assert not PlanAction.objects.filter(responsible_agency=members).exists()


def test_the_named_owner_sees_what_the_action_needs_and_records_an_outcome(
    client_for, practitioner, police_officer, police, plan
):
    action = add(practitioner, plan, police, owner=police_officer)
    client = client_for(police_officer)
    page = client.get(f"/risk/actions/{action.pk}").content.decode()
    assert "Mia Thornton" in page
    assert "Keep Mia away from the adults who wait for her after school" in page
    assert f'href="/register/people/{plan.person_id}"' not in page  # the police cannot open it
    response = client.post(
        f"/risk/actions/{action.pk}",
        {"status": "done", "outcome": "Two adults moved on; car seized", "version": action.version},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.outcome) == ("done", "Two adults moved on; car seized")
    plan_page = client_for(practitioner).get(f"/risk/plans/{plan.pk}").content.decode()
    assert "Two adults moved on; car seized" in plan_page


def test_an_action_is_given_to_the_agency_responsible_to_change_and_a_read_share_changes_nothing(
    client_for, practitioner, police_officer, police, plan
):
    action = add(practitioner, plan, police, owner=police_officer)
    share = records.live_share(action, police)
    assert share.permits_change
    # A share that opens the action only for reading (as every partner's share once did).
    RecordShare.objects.filter(pk=share.pk).update(permits_change=False)
    response = client_for(police_officer).post(
        f"/risk/actions/{action.pk}",
        {"status": "done", "outcome": "Car seized", "version": action.version},
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert (action.status, action.outcome) == ("not_started", "")
