"""Transferring a case: a manager of the owning agency moves it, with a reason and a handover
note; the new worker finds it on My work; a stale or incomplete transfer changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from triangulate.casework import services
from triangulate.casework.models import Case, CaseEvent, CaseEventKind, Task, Team, TeamMember
from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.models import AuditEntry
from triangulate.core.roles import Role


@pytest.fixture
def other_team(council, make_user):
    team = Team.objects.create(name="Missing children team", agency=council)
    worker = make_user(council, Role.EXPLOITATION_PRACTITIONER, first_name="Kim")
    TeamMember.objects.create(team=team, user=worker)
    return team, worker


def _post(client, case, team, worker, **overrides):
    data = {
        "worker": f"{team.pk}:{worker.pk}",
        "reason": "Leah's missing episodes are now the main concern.",
        "handover": "Leah trusts her form tutor; she wants visits after school, not at home.",
        "version": case.version,
    }
    data.update(overrides)
    return client.post(f"/cases/{case.pk}/transfer", data)


@pytest.mark.django_db
def test_a_manager_transfers_a_case_with_a_handover_and_the_new_worker_sees_it(
    client_for, team_manager, practitioner, open_case, other_team
):
    team, worker = other_team
    response = _post(client_for(team_manager), open_case, team, worker)
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert (open_case.team, open_case.worker, open_case.version) == (team, worker, 2)
    event = CaseEvent.objects.get(case=open_case, kind=CaseEventKind.TRANSFERRED)
    assert "wants visits after school" in event.handover
    assert "missing episodes" in event.reason
    work = client_for(worker).get("/my-work").content.decode()
    assert open_case.reference in work
    assert "Read the handover note" in work
    assert open_case.reference not in client_for(practitioner).get("/my-work").content.decode()
    page = client_for(worker).get(f"/cases/{open_case.pk}").content.decode()
    assert "Handover note: Leah trusts her form tutor" in page
    entry = AuditEntry.objects.get(purpose="transfer case")
    assert entry.subject_id == str(open_case.person_id)


@pytest.mark.django_db
def test_a_transfer_without_a_handover_note_changes_nothing(
    client_for, team_manager, practitioner, open_case, other_team
):
    team, worker = other_team
    response = _post(client_for(team_manager), open_case, team, worker, handover="")
    assert response.status_code == 400
    assert "Enter handover note for the new worker" in response.content.decode()
    open_case.refresh_from_db()
    assert open_case.worker == practitioner
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_a_stale_transfer_is_refused(client_for, team_manager, practitioner, open_case, other_team):
    team, worker = other_team
    Case.objects.filter(pk=open_case.pk).update(version=2)
    response = _post(client_for(team_manager), open_case, team, worker, version=1)
    body = response.content.decode()
    assert response.status_code == 409
    assert "govuk-error-summary" in body and STALE_MESSAGE.split(":")[0] in body
    open_case.refresh_from_db()
    assert open_case.worker == practitioner
    assert not CaseEvent.objects.filter(kind=CaseEventKind.TRANSFERRED).exists()


@pytest.mark.django_db
def test_only_the_owning_agencys_managers_may_transfer(
    client_for, make_user, police, practitioner, open_case, other_team
):
    team, worker = other_team
    # A practitioner holding the case cannot move it; nor can another agency's manager, even
    # one the case is shared with to change.
    assert _post(client_for(practitioner), open_case, team, worker).status_code == 403
    elsewhere = make_user(police, Role.TEAM_MANAGER)
    from triangulate.core import records

    records.share(
        practitioner, open_case, police, basis=records.LawfulBasis.SAFEGUARDING,
        purpose="joint work", permits_change=True,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.case_transfer(
            actor=elsewhere, case=open_case, team=team, worker=worker,
            reason="Moving", handover="Notes", expected_version=1,
        )  # fmt: skip
    open_case.refresh_from_db()
    assert open_case.worker == practitioner


@pytest.mark.django_db
def test_allocation_does_not_move_a_case_that_has_a_worker(
    client_for, team_manager, practitioner, open_case, other_team
):
    team, worker = other_team
    response = client_for(team_manager).post(
        f"/cases/{open_case.pk}/allocate",
        {"worker": f"{team.pk}:{worker.pk}", "version": open_case.version},
    )
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert open_case.worker == practitioner
