"""Fixtures shared by the whole suite: agencies and a signed-in client for each role."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from triangulate.core.roles import AgencyType, Role

from .factories import AgencyFactory, PersonFactory, UserFactory, signed_in_client

PASSWORD = "correct horse battery staple"

# The day the suite's modules were imported. A module that takes ``TODAY`` when it is
# imported holds this day; a run that passes midnight would then test yesterday against the
# services' today.
IMPORTED_ON = timezone.localdate()


@cache
def _takes_today_on_import(path: str) -> bool:
    return "\nTODAY = timezone.localdate()\n" in Path(path).read_text()


@pytest.fixture(autouse=True)
def _today_follows_the_clock(request, monkeypatch):
    """After midnight, a module's ``TODAY = timezone.localdate()`` becomes the new day for
    each test, as the services' today does. Nothing changes in a run within one day, and a
    module that fixes a date of its own keeps it."""
    today = timezone.localdate()
    module = request.module
    if (
        today != IMPORTED_ON
        and getattr(module, "TODAY", None) == IMPORTED_ON
        and _takes_today_on_import(module.__file__)
    ):
        monkeypatch.setattr(module, "TODAY", today)


@pytest.fixture
def council(db):
    return AgencyFactory(
        name="Kingsmere Children's Services", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE
    )


@pytest.fixture
def police(db):
    return AgencyFactory(name="Mereshire Police", agency_type=AgencyType.POLICE)


@pytest.fixture
def health(db):
    return AgencyFactory(name="Kingsmere Community Health", agency_type=AgencyType.HEALTH)


@pytest.fixture
def school(db):
    return AgencyFactory(name="Kingsmere Academy", agency_type=AgencyType.EDUCATION)


@pytest.fixture
def make_user(db):
    def make(agency, *roles, **kwargs):
        return UserFactory(agency=agency, roles=list(roles), **kwargs)

    return make


@pytest.fixture
def front_door_worker(make_user, council):
    return make_user(council, Role.FRONT_DOOR_SOCIAL_WORKER, username="frontdoor")


@pytest.fixture
def practitioner(make_user, council):
    return make_user(council, Role.EXPLOITATION_PRACTITIONER, username="practitioner")


@pytest.fixture
def team_manager(make_user, council):
    return make_user(council, Role.TEAM_MANAGER, username="manager")


@pytest.fixture
def police_officer(make_user, police):
    return make_user(police, Role.POLICE_OFFICER, username="officer")


@pytest.fixture
def police_analyst(make_user, police):
    return make_user(police, Role.POLICE_ANALYST, username="analyst")


@pytest.fixture
def school_lead(make_user, school):
    return make_user(school, Role.SCHOOL_SAFEGUARDING_LEAD, username="dsl")


@pytest.fixture
def partnership_manager(make_user, council):
    return make_user(council, Role.PARTNERSHIP_MANAGER, username="partnership")


@pytest.fixture
def elected_member(make_user, council):
    return make_user(council, Role.ELECTED_MEMBER, username="councillor")


@pytest.fixture
def administrator(make_user, council):
    return make_user(council, Role.SYSTEM_ADMINISTRATOR, username="admin")


@pytest.fixture
def client_for(db):
    """A test client signed in as the given user."""

    def signed_in(user) -> Client:
        return signed_in_client(user)

    return signed_in


@pytest.fixture
def child(council):
    return PersonFactory(
        owning_agency=council, given_name="Rosie", family_name="Hargreaves", known_as="Ro"
    )
