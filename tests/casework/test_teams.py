"""An agency's team managers and system administrator keep its teams from a page: a team's
name and the caseload a full-time worker carries, who works in it and any worker's own
capacity, which allocation then uses; every change audited, stale edits and bad input
refused, a worker holding open cases not taken out, and no one else's teams touched."""

from __future__ import annotations

import pytest
from django.urls import reverse

from triangulate.casework.models import Team, TeamMember
from triangulate.casework.services import caseloads
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.core.roles import Role

pytestmark = pytest.mark.django_db


def test_a_manager_adds_a_team_and_a_worker_with_their_own_capacity(
    client_for, team_manager, practitioner
):
    client = client_for(team_manager)
    made = client.post(
        reverse("casework:team_new"), {"name": "North exploitation team", "default_capacity": 12}
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    team = Team.objects.get(name="North exploitation team")
    assert team.agency_id == team_manager.agency_id
    again = client.post(
        reverse("casework:team_new"), {"name": "north exploitation team", "default_capacity": 10}
    )
    assert "A team with this name already exists" in again.content.decode()
    url = reverse("casework:team", args=[team.pk])
    added = client.post(url, {"form": "add", "worker": practitioner.pk, "capacity": 6,
                              "version": team.version})  # fmt: skip
    assert added.status_code == 302, added.content.decode()[:2000]
    [row] = caseloads(teams=[team])
    assert (row.member.user, row.capacity, row.open_cases) == (practitioner, 6, 0)
    # A stale page is refused: the team changed when the worker was added.
    stale = client.post(url, {"form": "team", "name": "North team", "default_capacity": 10,
                              "version": 1})  # fmt: skip
    assert "Someone else saved this record" in stale.content.decode()
    member = TeamMember.objects.get(team=team)
    cleared = client.post(url, {"form": "capacity", "member": member.pk, "capacity": "",
                                "version": 2})  # fmt: skip
    assert cleared.status_code == 302
    assert caseloads(teams=[team])[0].capacity == 12  # back to the team's
    purposes = set(
        AuditEntry.objects.filter(object_type="casework.team", object_id=str(team.pk))
        .values_list("action", "purpose")
    )  # fmt: skip
    assert purposes == {
        (AuditAction.CREATE, "add a team"),
        (AuditAction.CREATE, "add a worker to a team"),
        (AuditAction.CHANGE, "change a worker's capacity"),
    }


def test_a_worker_holding_open_cases_is_not_taken_out(client_for, team_manager, practitioner):
    from tests.factories import PersonFactory
    from triangulate.casework.models import Case

    team = Team.objects.create(name="South team", agency=team_manager.agency)
    member = TeamMember.objects.create(team=team, user=practitioner)
    Case.objects.create(
        owning_agency=team_manager.agency, person=PersonFactory(owning_agency=team_manager.agency),
        team=team, worker=practitioner, opened_by=team_manager,
    )  # fmt: skip
    url = reverse("casework:team", args=[team.pk])
    refused = client_for(team_manager).post(url, {"form": "remove", "member": member.pk,
                                                  "version": team.version})  # fmt: skip
    assert "holds 1 open case in the team: transfer them first" in refused.content.decode()
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_only_the_agencys_managers_and_administrator_keep_its_teams(
    client_for, team_manager, practitioner, police, make_user
):
    team = Team.objects.create(name="South team", agency=team_manager.agency)
    url = reverse("casework:team", args=[team.pk])
    assert client_for(practitioner).get(reverse("casework:teams")).status_code == 403
    other_admin = make_user(police, Role.SYSTEM_ADMINISTRATOR, username="police-admin")
    assert client_for(other_admin).get(url).status_code == 403
    posted = client_for(other_admin).post(
        url, {"form": "team", "name": "Taken", "default_capacity": 3, "version": team.version}
    )
    assert posted.status_code == 403
    team.refresh_from_db()
    assert team.name == "South team"
    assert (
        "South team" not in client_for(other_admin).get(reverse("casework:teams")).content.decode()
    )
