"""Ward figures for councillors: complaints, whistleblowing and referrals by ward, with counts
from 1 to 4 shown as "Fewer than 5" and no totals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PersonAddressFactory, PersonFactory
from triangulate.support.models import Ward
from triangulate.support.services import complaints, referrals, wards

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def kingsmere(db):
    Ward.objects.create(name="Harbour", districts=["KM1"])
    Ward.objects.create(name="Castle", districts=["KM3"])
    Ward.objects.create(name="Mereside", districts=["KM5"])


def _raise(kind, postcode, n, *, days_ago=10):
    for _ in range(n):
        concern = complaints.complaint_raise(
            kind=kind, category="delay", what_happened="No one rang back.", postcode=postcode
        )
        concern.received_on = TODAY - dt.timedelta(days=days_ago)
        concern.save()


def test_a_councillor_sees_their_wards_counts_with_small_numbers_suppressed(
    client_for, elected_member, kingsmere, practitioner, council, make_service
):
    _raise("complaint", "KM1 1AA", 6)
    _raise("complaint", "KM3 2BB", 3)
    _raise("whistleblowing", "KM3 2BB", 1)
    _raise("complaint", "KM5 1AA", 7, days_ago=400)  # outside the last 12 months
    service = make_service(min_age=None, max_age=None)
    for number in range(5):
        child = PersonFactory(owning_agency=council, date_of_birth=dt.date(2012, 1, number + 1))
        PersonAddressFactory(person=child, postcode="KM5 3CD", from_date=dt.date(2020, 1, 1))
        referrals.referral_make(actor=practitioner, person=child, service=service,
                                referred_as="child", reason="Support", consent="given")  # fmt: skip

    page = client_for(elected_member).get("/support/wards").content.decode()
    rows = {
        row["ward"]: row
        for row in wards.ward_figures(
            actor=elected_member, since=TODAY - dt.timedelta(days=365), until=TODAY
        )
    }
    assert rows["Harbour"]["complaints"] == 6
    assert rows["Castle"]["complaints"] is None and rows["Castle"]["whistleblowing"] is None
    assert rows["Mereside"]["complaints"] == 0 and rows["Mereside"]["referrals"] == 5
    assert page.count("Fewer than 5") == 2
    assert "Total" not in page


def test_only_members_and_the_partnership_see_ward_figures(
    client_for, practitioner, elected_member, partnership_manager, kingsmere
):
    assert client_for(practitioner).get("/support/wards").status_code == 403
    assert client_for(elected_member).get("/support/wards?months=3").status_code == 200
    assert client_for(partnership_manager).get("/support/wards").status_code == 200


def test_a_sealed_identity_never_reaches_the_figures(client_for, elected_member, kingsmere):
    complaints.complaint_raise(kind="whistleblowing", category="colleague",
                               what_happened="Concern.", postcode="KM1 1AA",
                               name="Morgan Teale")  # fmt: skip
    page = client_for(elected_member).get("/support/wards").content.decode()
    assert "Morgan Teale" not in page and "Fewer than 5" in page


def test_concerns_at_the_front_door_are_counted_in_the_childs_ward(elected_member, kingsmere):
    from triangulate.frontdoor import services as frontdoor

    for number in range(6):
        frontdoor.contact_report_public(
            source="public",
            child=frontdoor.ChildDetails(given_name="Amy", postcode="KM1 2AB" if number else ""),
            concern=frontdoor.ConcernDetails(concern="Seen getting into cars with older men."),
            reporter={"name": "", "contact": ""},
        )
    rows = {
        row["ward"]: row
        for row in wards.ward_figures(
            actor=elected_member, since=TODAY - dt.timedelta(days=30), until=TODAY
        )
    }
    assert rows["Harbour"]["concerns"] == 5
    assert rows[wards.NO_WARD]["concerns"] is None  # one, suppressed
    assert rows["Castle"]["concerns"] == 0


def test_a_councillors_page_opens_on_their_own_ward_with_every_other_ward_below(
    client_for, elected_member, partnership_manager, kingsmere
):
    from triangulate.governance import accounts

    accounts.member_ward_set(actor=partnership_manager, user=elected_member,
                             expected_version=elected_member.version, ward_name="Mereside")  # fmt: skip
    _raise("complaint", "KM5 1AA", 3)
    _raise("complaint", "KM1 1AA", 6)

    page = client_for(elected_member).get("/support/wards").content.decode()

    assert "Your ward: Mereside" in page
    own, table = page.split("Your ward: Mereside")[1].split("<table", 1)
    assert "Fewer than 5" in own and ">6<" not in own  # their ward's 3 complaints, suppressed
    body_rows = table.split("<tbody", 1)[1].split("</tr>")
    assert "Mereside (your ward)" in body_rows[0]
    assert "Harbour" in table and ">6<" in table and "Castle" in table


def test_a_councillor_with_no_ward_is_told_so_and_sees_every_ward_alike(
    client_for, elected_member, partnership_manager, kingsmere
):
    councillor = client_for(elected_member).get("/support/wards").content.decode()
    assert "Your ward" not in councillor and "No ward is set for you yet" in councillor
    manager = client_for(partnership_manager).get("/support/wards").content.decode()
    assert "Your ward" not in manager and "No ward is set" not in manager


def test_each_count_stands_under_its_own_heading(client_for, elected_member, kingsmere):
    from triangulate.frontdoor import services as frontdoor

    for _ in range(6):
        frontdoor.contact_report_public(
            source="public",
            child=frontdoor.ChildDetails(given_name="Amy", postcode="KM1 2AB"),
            concern=frontdoor.ConcernDetails(concern="Seen getting into cars with older men."),
            reporter={"name": "", "contact": ""},
        )
    _raise("complaint", "KM1 1AA", 7)

    page = client_for(elected_member).get("/support/wards").content.decode()
    harbour = page.split(">Harbour<", 1)[1].split("</tr>", 1)[0]
    cells = [c.split(">", 1)[1].split("<", 1)[0].strip() for c in harbour.split("<td")[1:]]
    assert cells == ["6", "7", "0", "0"]  # concerns, complaints, whistleblowing, referrals
