import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PersonFactory
from tests.frontdoor.factories import raise_contact
from triangulate.casework import services
from triangulate.casework.models import Case, CaseStatus, Team, TeamMember
from triangulate.core.models import AuditEntry
from triangulate.core.roles import Role
from triangulate.frontdoor import services as frontdoor
from triangulate.frontdoor.models import NeedLevel


@pytest.fixture
def team(council, practitioner):
    team = Team.objects.create(name="Exploitation team", agency=council, default_capacity=2)
    TeamMember.objects.create(team=team, user=practitioner)
    return team


def _decided_contact(front_door_worker, school_lead, outcome="exploitation_team", child=None):
    contact = raise_contact(school_lead)
    child = child or PersonFactory(owning_agency=front_door_worker.agency)
    frontdoor.contact_link_person(
        actor=front_door_worker, contact=contact, person_pk=child.pk, expected_version=1
    )
    frontdoor.decision_record(
        actor=front_door_worker,
        contact=contact,
        expected_version=2,
        outcome=outcome,
        # Early help fits level 2; the exploitation team level 3.
        need_level=NeedLevel.objects.get(code="2" if outcome == "early_help" else "3"),
        reasons="Exploitation indicators confirmed by police.",
    )
    return contact


@pytest.mark.django_db
def test_open_allocate_and_the_worker_sees_it_in_my_work(
    client_for, front_door_worker, school_lead, team_manager, practitioner, team
):
    contact = _decided_contact(front_door_worker, school_lead)
    response = client_for(front_door_worker).post(f"/cases/open/{contact.pk}")
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.person == contact.person and case.worker is None

    manager = client_for(team_manager)
    response = manager.post(
        f"/cases/{case.pk}/allocate",
        {"worker": f"{team.pk}:{practitioner.pk}", "version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.worker == practitioner and case.team == team

    work = client_for(practitioner).get("/my-work").content.decode()
    assert case.reference in work
    assert contact.person.full_name in work
    assert AuditEntry.objects.filter(object_id=str(case.pk), purpose="allocate case").exists()


@pytest.mark.django_db
def test_managers_are_warned_before_over_allocation(
    client_for, front_door_worker, school_lead, team_manager, practitioner, team
):
    cases = []
    for _ in range(3):
        contact = _decided_contact(front_door_worker, school_lead)
        cases.append(services.case_open(actor=front_door_worker, contact=contact))
    for case in cases[:2]:
        services.case_allocate(
            actor=team_manager, case=case, team=team, worker=practitioner, expected_version=1
        )
    manager = client_for(team_manager)
    listing = manager.get("/cases/").content.decode()
    assert "At capacity" in listing

    third = cases[2]
    response = manager.post(
        f"/cases/{third.pk}/allocate", {"worker": f"{team.pk}:{practitioner.pk}", "version": 1}
    )
    assert response.status_code == 400
    assert "already has 2 open cases and a capacity of 2" in response.content.decode()
    third.refresh_from_db()
    assert third.worker is None

    response = manager.post(
        f"/cases/{third.pk}/allocate",
        {"worker": f"{team.pk}:{practitioner.pk}", "version": 1, "confirm_over_capacity": "on"},
    )
    assert response.status_code == 302
    assert "Over capacity" in manager.get("/cases/").content.decode()


@pytest.mark.django_db
def test_a_case_can_only_be_opened_from_a_decision_that_calls_for_one(
    front_door_worker, school_lead
):
    contact = _decided_contact(front_door_worker, school_lead, outcome="early_help")
    with pytest.raises(services.CannotOpen):
        services.case_open(actor=front_door_worker, contact=contact)


@pytest.mark.django_db
def test_one_open_case_per_child_and_close_reopen_with_reasons(
    client_for, front_door_worker, school_lead, team_manager
):
    child = PersonFactory(owning_agency=front_door_worker.agency)
    first = services.case_open(
        actor=front_door_worker,
        contact=_decided_contact(front_door_worker, school_lead, child=child),
    )
    with pytest.raises(services.CaseAlreadyOpen):
        services.case_open(
            actor=front_door_worker,
            contact=_decided_contact(front_door_worker, school_lead, child=child),
        )
    # A team manager closes directly (a worker's closure waits for their sign-off).
    client = client_for(team_manager)
    refused = client.post(f"/cases/{first.pk}/status", {"reason": "", "version": 1})
    assert refused.status_code == 400
    # Closing says what the case achieved: without it nothing changes.
    unsaid = client.post(f"/cases/{first.pk}/status", {"reason": "Risk reduced", "version": 1})
    assert unsaid.status_code == 400
    assert "Is the child safer than when the case opened?" in unsaid.content.decode()
    first.refresh_from_db()
    assert first.status == CaseStatus.OPEN
    closing = {"reason": "Risk reduced", "version": 1, "safer": "yes", "risk": "low"}
    assert client.post(f"/cases/{first.pk}/status", closing).status_code == 302
    first.refresh_from_db()
    assert first.status == CaseStatus.CLOSED
    assert (first.closure_safer, first.closure_risk) == ("yes", "low")
    stale = client.post(
        f"/cases/{first.pk}/status",
        {"reason": "Again", "version": 1, "safer": "no", "risk": "high"},
        follow=True,
    )
    assert "Someone else saved this record" in stale.content.decode()
    first.refresh_from_db()
    assert first.status == CaseStatus.CLOSED
    client.post(f"/cases/{first.pk}/status", {"reason": "New missing episode", "version": 2})
    first.refresh_from_db()
    assert first.status == CaseStatus.OPEN
    reasons = [e.reason for e in first.events.order_by("id")]
    assert reasons[-2:] == ["Risk reduced", "New missing episode"]


@pytest.mark.django_db
def test_tasks_have_owners_and_due_dates_and_show_in_my_work(
    client_for, front_door_worker, school_lead, practitioner, team, team_manager
):
    case = services.case_open(
        actor=front_door_worker, contact=_decided_contact(front_door_worker, school_lead)
    )
    services.case_allocate(
        actor=team_manager, case=case, team=team, worker=practitioner, expected_version=1
    )
    due = timezone.localdate() + dt.timedelta(days=3)
    client = client_for(practitioner)
    response = client.post(
        f"/cases/{case.pk}/tasks",
        {
            "title": "Visit at home",
            "owner": practitioner.pk,
            "due_on-day": due.day,
            "due_on-month": due.month,
            "due_on-year": due.year,
        },
    )
    assert response.status_code == 302
    assert "Visit at home" in client.get("/my-work").content.decode()
    bad = client.post(f"/cases/{case.pk}/tasks", {"title": "", "owner": ""})
    assert bad.status_code == 400
    assert "Enter task" in bad.content.decode()


@pytest.mark.django_db
def test_other_agencies_cannot_see_cases(
    client_for, front_door_worker, school_lead, police_officer
):
    case = services.case_open(
        actor=front_door_worker, contact=_decided_contact(front_door_worker, school_lead)
    )
    assert client_for(police_officer).get(f"/cases/{case.pk}").status_code == 403
    assert client_for(school_lead).get("/cases/").status_code == 403


@pytest.mark.django_db
def test_hub_my_work_lists_decisions_due(
    client_for, front_door_worker, school_lead, make_user, council
):
    contact = raise_contact(school_lead)
    page = client_for(front_door_worker).get("/my-work").content.decode()
    assert f"Decide on contact {contact.reference}" in page
    practitioner = make_user(council, Role.EXPLOITATION_PRACTITIONER, username="p2")
    assert contact.reference not in client_for(practitioner).get("/my-work").content.decode()


@pytest.mark.django_db
def test_the_childs_timeline_brings_contact_decision_and_case_together_newest_first(
    client_for, front_door_worker, school_lead
):
    contact = _decided_contact(front_door_worker, school_lead)
    services.case_open(actor=front_door_worker, contact=contact)
    page = client_for(front_door_worker).get(f"/register/people/{contact.person_id}")
    text = page.content.decode()
    timeline = text[text.index("Timeline") :]
    opened = timeline.index("Case opened")
    decided = timeline.index("Front-door decision: Exploitation team")
    received = timeline.index("Contact received")
    assert opened < decided < received
    # The school that raised it does not see the hub's timeline entries for the child.
    assert client_for(school_lead).get(f"/register/people/{contact.person_id}").status_code == 403


@pytest.mark.django_db
def test_a_task_completed_through_another_cases_url_is_a_404(
    client_for, front_door_worker, school_lead, practitioner
):
    cases = [
        services.case_open(
            actor=front_door_worker, contact=_decided_contact(front_door_worker, school_lead)
        )
        for _ in range(2)
    ]
    task = services.task_add(
        actor=practitioner, case=cases[0], title="Visit at home", owner=practitioner,
        due_on=timezone.localdate(),
    )  # fmt: skip
    client = client_for(practitioner)
    assert client.post(f"/cases/{cases[1].pk}/tasks/{task.pk}/done").status_code == 404
    task.refresh_from_db()
    assert task.done_at is None
    assert client.post(f"/cases/{cases[0].pk}/tasks/{task.pk}/done").status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
