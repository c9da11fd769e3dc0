"""Referrals to support: a child, her mother and an adult survivor, with consent, status,
sharing to the service's agency, the wait, the timeline and the referrer's "My work"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AgencyFactory, PersonFactory
from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.models import AuditEntry, RecordShare
from triangulate.core.roles import AgencyType, Role
from triangulate.register.services import relationship_add
from triangulate.support.models import Referral, ReferralStatus
from triangulate.support.services import referrals

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def safe_futures(db):
    return AgencyFactory(name="Safe Futures Kingsmere", agency_type=AgencyType.VOLUNTARY_SECTOR)


@pytest.fixture
def youth_worker(make_user, safe_futures):
    return make_user(safe_futures, Role.VOLUNTARY_SECTOR_WORKER, username="youthworker")


@pytest.fixture
def advocacy(make_service, safe_futures):
    return make_service(agency=safe_futures, waiting_weeks=3)


@pytest.fixture
def family_service(make_service):
    return make_service(
        name="Mereside Families Together",
        kind="family",
        min_age=None,
        max_age=None,
        for_family=True,
        waiting_weeks=6,
    )


@pytest.fixture
def mother(council, child, practitioner):
    mum = PersonFactory(
        owning_agency=council,
        given_name="Claire",
        family_name="Hargreaves",
        kind="adult",
        date_of_birth=dt.date(1985, 5, 2),
    )
    relationship_add(actor=practitioner, person=mum, other=child, relationship="parent")
    return mum


def _refer(**changes):
    data = {
        "service": "",
        "referred_as": "child",
        "linked_child": "",
        "reason": "Somebody to talk to about what happened, away from home and school.",
        "consent": "given",
        "consent_reason": "",
        "referred_on-day": str(TODAY.day),
        "referred_on-month": str(TODAY.month),
        "referred_on-year": str(TODAY.year),
    }
    data.update(changes)
    return data


def test_a_practitioner_refers_a_child_and_her_mother_and_the_child_declines_one(
    client_for, practitioner, child, mother, advocacy, family_service, youth_worker
):
    client = client_for(practitioner)
    person_page = client.get(f"/register/people/{child.pk}").content.decode()
    assert f"/support/people/{child.pk}/refer" in person_page

    made = client.post(f"/support/people/{child.pk}/refer", _refer(service=str(advocacy.pk)))
    assert made.status_code == 302
    child_referral = Referral.objects.get(person=child)
    assert child_referral.owning_agency == practitioner.agency
    # Consent given and the service is run by a partner agency: shared with it, to update.
    share = RecordShare.objects.get(object_id=child_referral.pk, shared_with=advocacy.agency)
    assert share.permits_change and share.consent == "given"

    form = client.get(f"/support/people/{mother.pk}/refer").content.decode()
    assert "Rosie Hargreaves" in form  # the child she can be linked to
    made = client.post(
        f"/support/people/{mother.pk}/refer",
        _refer(service=str(family_service.pk), referred_as="family", linked_child=str(child.pk)),
    )
    assert made.status_code == 302
    mum_referral = Referral.objects.get(person=mother)
    assert mum_referral.linked_child == child and mum_referral.referred_as == "family"

    # The service's worker sees the child's referral, and records that she declined it.
    worker = client_for(youth_worker)
    page = worker.get(f"/support/referrals/{child_referral.pk}")
    assert page.status_code == 200
    declined = worker.post(
        f"/support/referrals/{child_referral.pk}",
        {
            "version": "1",
            "status": "declined",
            "on-day": str(TODAY.day),
            "on-month": str(TODAY.month),
            "on-year": str(TODAY.year),
            "declined_reason": "Rosie would rather keep seeing her school nurse for now.",
            "consent": "given",
        },
    )
    assert declined.status_code == 302
    child_referral.refresh_from_db()
    assert child_referral.status == ReferralStatus.DECLINED
    assert child_referral.closed_on == TODAY
    # The mother's referral is to a service with no agency: the worker cannot open it.
    assert worker.get(f"/support/referrals/{mum_referral.pk}").status_code == 403

    # Both show on the child's record, the mother's marked as a family member's.
    person_page = client.get(f"/register/people/{child.pk}").content.decode()
    assert "Referred to Safe Futures exploitation support" in person_page
    assert "Referred to Mereside Families Together (A family member" in person_page
    assert "Declined" in person_page


def test_a_referral_without_consent_needs_a_reason_and_is_not_made_without_one(
    client_for, practitioner, child, advocacy
):
    client = client_for(practitioner)
    response = client.post(
        f"/support/people/{child.pk}/refer", _refer(service=str(advocacy.pk), consent="not_sought")
    )
    assert response.status_code == 400
    assert "Enter why the referral is made although consent was not sought" in (
        response.content.decode()
    )
    assert not Referral.objects.exists()
    response = client.post(
        f"/support/people/{child.pk}/refer",
        _refer(
            service=str(advocacy.pk),
            consent="not_sought",
            consent_reason="Asking her parents now would tip off the man exploiting her.",
        ),
    )
    assert response.status_code == 302


def test_a_refused_or_unanswered_consent_keeps_the_referral_with_the_referrer(
    practitioner, child, advocacy
):
    asked = referrals.referral_make(
        actor=practitioner, person=child, service=advocacy, referred_as="child",
        reason="Advocacy", consent="sought",
    )  # fmt: skip
    refused = referrals.referral_make(
        actor=practitioner, person=child, service=advocacy, referred_as="child",
        reason="Advocacy", consent="refused", consent_reason="Recorded so the offer is on file.",
    )  # fmt: skip
    assert not RecordShare.objects.filter(object_id__in=[asked.pk, refused.pk]).exists()
    # Once consent is given, it is shared.
    referrals.referral_update(
        actor=practitioner, referral=asked, expected_version=1, status="referred", on=TODAY,
        consent="given",
    )  # fmt: skip
    assert RecordShare.objects.filter(object_id=asked.pk, shared_with=advocacy.agency).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"service": ""}, "Select the service"),
        ({"reason": ""}, "Enter what help the referral is for"),
        ({"referred_as": "family"}, "Select who is being referred"),
    ],
)
def test_bad_referrals_are_refused_with_the_reason(
    client_for, practitioner, child, advocacy, changes, message
):
    data = _refer(**{"service": str(advocacy.pk), **changes})
    response = client_for(practitioner).post(f"/support/people/{child.pk}/refer", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Referral.objects.exists()


def test_a_child_is_not_referred_to_an_adult_service_nor_a_family_member_to_a_childrens_one(
    client_for, practitioner, child, mother, make_service, advocacy
):
    adults = make_service(name="After Harm", kind="adult_survivors", min_age=18, max_age=None)
    client = client_for(practitioner)
    response = client.post(f"/support/people/{child.pk}/refer", _refer(service=str(adults.pk)))
    assert "After Harm is for ages 18 and over; Rosie is" in response.content.decode()
    response = client.post(
        f"/support/people/{mother.pk}/refer",
        _refer(service=str(advocacy.pk), referred_as="family", linked_child=str(child.pk)),
    )
    assert "does not take family members in their own right" in response.content.decode()
    # An adult survivor is referred in their own right, with no child needed.
    response = client.post(
        f"/support/people/{mother.pk}/refer",
        _refer(service=str(adults.pk), referred_as="adult_survivor"),
    )
    assert response.status_code == 302
    assert not Referral.objects.filter(person=child).exists()


def test_waiting_days_follow_the_referral_to_the_start_or_the_end():
    referral = Referral(referred_on=dt.date(2026, 1, 1), status=ReferralStatus.WAITING)
    assert referral.waiting_days(dt.date(2026, 1, 31)) == 30
    referral.status, referral.started_on = ReferralStatus.STARTED, dt.date(2026, 1, 15)
    assert referral.waiting_days(dt.date(2026, 3, 1)) == 14
    referral.status, referral.started_on = ReferralStatus.DECLINED, None
    referral.closed_on = dt.date(2026, 1, 5)
    assert referral.waiting_days(dt.date(2026, 3, 1)) == 4


def test_a_referral_waiting_longer_than_the_service_says_is_on_the_referrers_my_work(
    client_for, practitioner, child, advocacy
):
    old = referrals.referral_make(
        actor=practitioner, person=child, service=advocacy, referred_as="child",
        reason="Advocacy", consent="given", referred_on=TODAY - dt.timedelta(days=30),
    )  # fmt: skip
    referrals.referral_make(
        actor=practitioner, person=child, service=advocacy, referred_as="child",
        reason="Advocacy", consent="given", referred_on=TODAY - dt.timedelta(days=10),
    )  # fmt: skip
    page = client_for(practitioner).get("/my-work").content.decode()
    assert "Referrals to support waiting too long" in page
    assert "waiting 30 days for Safe Futures exploitation support" in page
    assert "waiting 10 days" not in page
    assert f"/support/referrals/{old.pk}" in page


def test_the_directory_shows_waiting_times_by_service_without_naming_anyone(
    client_for, practitioner, partnership_manager, child, advocacy
):
    referrals.referral_make(
        actor=practitioner, person=child, service=advocacy, referred_as="child",
        reason="Advocacy", consent="given", referred_on=TODAY - dt.timedelta(days=12),
    )  # fmt: skip
    started = referrals.referral_make(
        actor=practitioner, person=child, service=advocacy, referred_as="child",
        reason="Advocacy", consent="given", referred_on=TODAY - dt.timedelta(days=20),
    )  # fmt: skip
    referrals.referral_update(
        actor=practitioner, referral=started, expected_version=1, status="started",
        on=TODAY - dt.timedelta(days=4), consent="given",
    )  # fmt: skip
    page = client_for(partnership_manager).get("/support/").content.decode()
    assert "longest 12 days" in page and "16 days" in page
    assert "Rosie" not in page and "Hargreaves" not in page


def test_a_stale_update_is_refused(client_for, practitioner, child, advocacy):
    referral = referrals.referral_make(
        actor=practitioner, person=child, service=advocacy, referred_as="child",
        reason="Advocacy", consent="given",
    )  # fmt: skip
    referrals.referral_update(
        actor=practitioner, referral=referral, expected_version=1, status="offered", on=TODAY,
        consent="given",
    )  # fmt: skip
    response = client_for(practitioner).post(
        f"/support/referrals/{referral.pk}",
        {"version": "1", "status": "waiting", "on-day": str(TODAY.day),
         "on-month": str(TODAY.month), "on-year": str(TODAY.year), "consent": "given"},
    )  # fmt: skip
    assert response.status_code == 409
    assert STALE_MESSAGE.split(":")[0] in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OFFERED


def test_another_agency_cannot_open_a_referral_and_the_attempt_is_audited(
    client_for, practitioner, police_officer, child, family_service
):
    referral = referrals.referral_make(
        actor=practitioner, person=child, service=family_service, referred_as="child",
        reason="Family support", consent="given",
    )  # fmt: skip
    assert client_for(police_officer).get(f"/support/referrals/{referral.pk}").status_code == 403
    assert AuditEntry.objects.filter(action="denied", object_id=str(referral.pk)).exists()
    client_for(practitioner).get(f"/support/referrals/{referral.pk}")
    assert AuditEntry.objects.filter(
        action="view", object_id=str(referral.pk), purpose="read a support referral"
    ).exists()
