"""Lists for inspectors: contacts, referrals and children at risk as spreadsheets, each holding
only what the requester may see, each child's record number a link, every download audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import PersonFactory
from tests.frontdoor.factories import raise_contact
from triangulate.core.models import AuditEntry
from triangulate.core.roles import Role
from triangulate.frontdoor.models import Contact, NeedLevel, TriageDecision
from triangulate.performance.periods import Period

from .conftest import at, flag_at_risk

LAST_MONTH = Period.containing(timezone.localdate()).previous()
DAY = LAST_MONTH.start + dt.timedelta(days=9)
URL = reverse("performance:inspection")


def _sheet(response) -> list[list]:
    assert response.status_code == 200, response.content[:500]
    book = load_workbook(io.BytesIO(response.content))
    return [[cell.value for cell in row] for row in book.active.iter_rows()]


def _query(which: str) -> dict:
    return {"which": which, "first_month": LAST_MONTH.key, "last_month": LAST_MONTH.key}


def _contact(raiser, child, *, when: dt.datetime):
    contact = raise_contact(raiser, given_name=child.given_name, family_name=child.family_name)
    Contact.objects.filter(pk=contact.pk).update(person=child, received_at=when)
    return Contact.objects.get(pk=contact.pk)


def _decide(contact, by, outcome: str, when: dt.datetime):
    return TriageDecision.objects.create(
        owning_agency=by.agency, contact=contact, outcome=outcome,
        need_level=NeedLevel.objects.first(), reasons="Decided", decided_by=by, decided_at=when,
    )  # fmt: skip


def test_a_team_manager_downloads_last_months_contacts_each_linked_to_the_child(
    client_for, team_manager, school_lead, council
):
    amelia = PersonFactory(owning_agency=council, given_name="Amelia", sex="F")
    _contact(school_lead, amelia, when=at(DAY))
    _contact(school_lead, amelia, when=at(LAST_MONTH.start - dt.timedelta(days=3)))  # before

    response = client_for(team_manager).get(URL, _query("contacts"))

    rows = _sheet(response)
    assert rows[0][:3] == ["Child's record number", "Name", "Gender"]
    assert len(rows) == 2  # the contact before the month is not on the list
    assert rows[1][1] == amelia.full_name and rows[1][2] == "Female"
    assert rows[1][-2] == "Not yet decided"
    book = load_workbook(io.BytesIO(response.content))
    link = book.active.cell(row=2, column=1).hyperlink.target
    assert link.endswith(reverse("register:person", args=[amelia.pk]))
    entry = AuditEntry.objects.get(purpose="download a list for inspectors")
    assert entry.detail["list"] == "contacts" and str(amelia.pk) in entry.detail["people"]


def test_a_list_holds_only_the_records_the_manager_may_see(
    client_for, make_user, police, team_manager, school_lead, council
):
    police_manager = make_user(police, Role.TEAM_MANAGER, username="police-manager")
    child = PersonFactory(owning_agency=council, given_name="Leah")
    _contact(school_lead, child, when=at(DAY))

    rows = _sheet(client_for(police_manager).get(URL, _query("contacts")))

    assert len(rows) == 1  # the heading only: the council's contact was never shared
    assert "Leah" not in str(rows)


def test_the_referrals_list_counts_the_childs_earlier_referrals_and_names_their_worker(
    client_for, team_manager, school_lead, front_door_worker, council, practitioner
):
    from triangulate.casework.models import Case

    tyler = PersonFactory(owning_agency=council, given_name="Tyler")
    earlier = _contact(school_lead, tyler, when=at(LAST_MONTH.start - dt.timedelta(days=60)))
    _decide(earlier, front_door_worker, "exploitation_team", earlier.received_at)
    now = _contact(school_lead, tyler, when=at(DAY))
    _decide(now, front_door_worker, "strategy", at(DAY, hour=15))
    other = _contact(school_lead, tyler, when=at(DAY))
    _decide(other, front_door_worker, "nfa_advice", at(DAY, hour=16))  # not a referral
    Case.objects.create(
        owning_agency=council, reference="EXP-T0001", person=tyler, opened_by=practitioner,
        worker=practitioner, status="open",
    )  # fmt: skip

    rows = _sheet(client_for(team_manager).get(URL, _query("referrals")))

    header, *data = rows
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["Name"] == tyler.full_name
    assert row["Referred to"] == "Strategy discussion"
    assert row["Referrals in the 12 months before"] == 1
    assert row["Allocated worker"] == practitioner.display_name


def test_the_children_at_risk_list_gives_each_childs_latest_assessment_and_missing_episodes(
    client_for, team_manager, council, practitioner, make_assessment, make_episode
):
    amelia = PersonFactory(owning_agency=council, given_name="Amelia")
    rosie = PersonFactory(owning_agency=council, given_name="Rosie")
    for child in (amelia, rosie):
        flag_at_risk(child, practitioner, at(LAST_MONTH.start - dt.timedelta(days=40)))
    make_assessment(
        amelia, completed=at(LAST_MONTH.start - dt.timedelta(days=30)),
        review_due=LAST_MONTH.start + dt.timedelta(days=60), judged="medium",
    )  # fmt: skip
    make_assessment(
        amelia, completed=at(DAY), review_due=DAY + dt.timedelta(days=90), judged="high"
    )
    make_episode(amelia, started=at(DAY - dt.timedelta(days=2)), ended=at(DAY))
    make_episode(amelia, started=at(LAST_MONTH.start - dt.timedelta(days=400)))  # too long ago

    rows = _sheet(client_for(team_manager).get(URL, _query("children-at-risk")))

    header, *data = rows
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in data}
    assert set(by_name) == {amelia.full_name, rosie.full_name}
    assert by_name[amelia.full_name]["Latest risk level"] == "High"
    assert by_name[amelia.full_name]["Missing episodes in the 12 months before"] == 1
    assert by_name[rosie.full_name]["Latest risk level"] == "No assessment"
    assert by_name[rosie.full_name]["Allocated team"] == "No open case"


def test_months_the_wrong_way_round_are_an_error_and_nothing_is_downloaded(
    client_for, team_manager
):
    earlier = LAST_MONTH.previous()
    page = client_for(team_manager).get(
        URL, {"which": "contacts", "first_month": LAST_MONTH.key, "last_month": earlier.key}
    )

    assert page.status_code == 400
    assert "Choose a last month the same as or after the first" in page.content.decode()
    assert not AuditEntry.objects.filter(purpose="download a list for inspectors").exists()


@pytest.mark.parametrize("role", [Role.CHIEF_OFFICER, Role.ELECTED_MEMBER, Role.POLICE_OFFICER])
def test_roles_that_see_counts_or_do_no_casework_management_cannot_download(
    client_for, make_user, council, role
):
    user = make_user(council, role, username=f"u-{role}")

    assert client_for(user).get(URL, _query("contacts")).status_code == 403
    assert not AuditEntry.objects.filter(purpose="download a list for inspectors").exists()
