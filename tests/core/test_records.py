"""The policy kernel: one way to open, share and version-bump personal data."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.models import AuditAction, AuditEntry, RecordShare
from triangulate.core.roles import Role
from triangulate.register.models import Person

from ..factories import PersonFactory


@pytest.fixture
def child(council):
    return PersonFactory(owning_agency=council, given_name="Amara")


def test_open_audits_the_view_naming_the_child(practitioner, child):
    opened = records.open(practitioner, Person, child.pk, purpose="open child record")
    assert opened == child
    entry = AuditEntry.objects.latest("sequence")
    assert entry.action == AuditAction.VIEW
    assert entry.subject_id == str(child.pk)


def test_open_refuses_another_agencys_record_and_writes_no_view(make_user, police, child):
    officer = make_user(police, Role.POLICE_OFFICER)
    with pytest.raises(access.AccessDenied):
        records.open(officer, Person, child.pk, purpose="open child record")
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()
    with pytest.raises(Http404):
        records.open(officer, Person, 10**9, purpose="open child record")


def test_share_opens_for_reading_only_and_is_audited(practitioner, make_user, police, child):
    officer = make_user(police, Role.POLICE_OFFICER)
    made = records.share(
        practitioner,
        child,
        police,
        basis=records.LawfulBasis.SAFEGUARDING,
        purpose="joint enquiry",
        consent=records.Consent.GIVEN,
    )
    assert made.permits_change is False
    assert access.visible(officer, Person).filter(pk=child.pk).exists()
    assert not access.changeable(officer, Person).filter(pk=child.pk).exists()
    entry = AuditEntry.objects.filter(action=AuditAction.SHARE).get()
    assert entry.detail["consent"] == "given"
    # Sharing again returns the live share rather than a second one.
    again = records.share(
        practitioner, child, police, basis=records.LawfulBasis.SAFEGUARDING, purpose="again"
    )
    assert again.pk == made.pk and RecordShare.objects.count() == 1


def test_share_refuses_a_basis_outside_the_list(practitioner, police, child):
    with pytest.raises(ValueError):
        records.share(practitioner, child, police, basis="6(1)(e)", purpose="joint enquiry")
    assert not RecordShare.objects.exists()


def test_bump_refuses_a_stale_version_and_writes_nothing(child):
    version = child.version
    records.bump(child, version, given_name="Amira")
    child.refresh_from_db()
    assert (child.given_name, child.version) == ("Amira", version + 1)
    with pytest.raises(records.StaleEdit) as refused:
        records.bump(child, version, given_name="Amy")
    assert "Someone else saved this record" in str(refused.value)
    child.refresh_from_db()
    assert child.given_name == "Amira"


def test_a_share_plan_writes_shares_at_once_with_the_same_checks(
    practitioner, make_user, police, council, child
):
    officer = make_user(police, Role.POLICE_OFFICER)
    plan = records.SharePlan()
    with pytest.raises(ValueError):
        plan.add(practitioner, child, police, basis="6(1)(e)", purpose="joint enquiry")
    with pytest.raises(ValueError):
        plan.add(
            practitioner, child, police, basis=records.LawfulBasis.SAFEGUARDING,
            purpose="joint enquiry", consent=records.Consent.REFUSED_OVERRIDDEN,
        )  # fmt: skip
    plan.add(practitioner, child, council, basis=records.LawfulBasis.SAFEGUARDING, purpose="own")
    plan.add(
        practitioner, child, police, basis=records.LawfulBasis.SAFEGUARDING,
        purpose="joint enquiry",
    )  # fmt: skip
    assert not access.visible(officer, Person).filter(pk=child.pk).exists()
    plan.save()
    # Only the share to another agency is written, and only when saved.
    share = RecordShare.objects.get()
    assert (share.shared_with, share.lawful_basis) == (police, records.LawfulBasis.SAFEGUARDING)
    assert access.visible(officer, Person).filter(pk=child.pk).exists()
    assert records.live_share(child, police) == share
    assert records.live_share(child, council) is None


def test_ended_shares_lapse_and_the_ending_is_audited(practitioner, make_user, police, child):
    officer = make_user(police, Role.POLICE_OFFICER)
    made = records.share(
        practitioner, child, police, basis=records.LawfulBasis.SAFEGUARDING, purpose="enquiry"
    )
    records.end_shares(practitioner, child, [made], at=timezone.now(), purpose="enquiry finished")
    assert not access.visible(officer, Person).filter(pk=child.pk).exists()
    entry = AuditEntry.objects.filter(action=AuditAction.SHARE).latest("sequence")
    assert entry.detail == {"ended": [police.name]}


def test_a_basis_field_may_leave_consent_out():
    assert records.LawfulBasis.CONSENT in dict(records.basis_choices())
    without = dict(records.basis_choices(consent=False))
    assert records.LawfulBasis.CONSENT not in without
    assert records.LawfulBasis.SAFEGUARDING in without
