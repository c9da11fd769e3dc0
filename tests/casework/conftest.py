import pytest

from tests.factories import PersonFactory
from triangulate.casework.models import Case, Team, TeamMember


@pytest.fixture
def team(council, practitioner):
    team = Team.objects.create(name="Exploitation team", agency=council, default_capacity=2)
    TeamMember.objects.create(team=team, user=practitioner)
    return team


@pytest.fixture
def open_case(council, practitioner, team):
    child = PersonFactory(owning_agency=council)
    return Case.objects.create(
        owning_agency=council,
        reference="EXP-TEST0001",
        person=child,
        team=team,
        worker=practitioner,
        opened_by=practitioner,
    )
