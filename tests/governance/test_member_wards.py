"""The ward an elected member represents: set by the partnership manager from the accounts
pages, with a stale edit refused and a ward the borough does not have refused with nothing
saved; every change audited before and after."""

from __future__ import annotations

import pytest
from django.urls import reverse

from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.models import AuditEntry
from triangulate.governance import accounts
from triangulate.support.models import Ward
from triangulate.support.services import wards

pytestmark = pytest.mark.django_db


@pytest.fixture
def kingsmere(db):
    return {
        name: Ward.objects.create(name=name, districts=districts)
        for name, districts in (("Harbour", ["KM1"]), ("Castle", ["KM3"]))
    }


def test_the_partnership_manager_sets_a_councillors_ward(
    client_for, partnership_manager, elected_member, kingsmere
):
    manager = client_for(partnership_manager)
    listing = manager.get(reverse("governance:member_wards")).content.decode()
    assert elected_member.display_name in listing and "No ward set" in listing

    url = reverse("governance:member_ward", args=[elected_member.pk])
    assert "Harbour" in manager.get(url).content.decode()
    response = manager.post(url, {"ward": "Castle", "version": elected_member.version})

    assert response.status_code == 302
    assert wards.member_ward(elected_member) == kingsmere["Castle"]
    listing = manager.get(reverse("governance:member_wards")).content.decode()
    assert "No ward set" not in listing and "Castle" in listing
    entry = AuditEntry.objects.get(purpose="set an elected member's ward")
    assert entry.detail == {"before": "", "after": "Castle"}

    elected_member.refresh_from_db()
    manager.post(url, {"ward": "", "version": elected_member.version})
    assert wards.member_ward(elected_member) is None


def test_a_ward_the_borough_does_not_have_is_an_error_and_nothing_is_saved(
    client_for, partnership_manager, elected_member, kingsmere
):
    url = reverse("governance:member_ward", args=[elected_member.pk])
    response = client_for(partnership_manager).post(
        url, {"ward": "Atlantis", "version": elected_member.version}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and "Select a ward from the list" in page
    assert wards.member_ward(elected_member) is None
    assert not AuditEntry.objects.filter(purpose="set an elected member's ward").exists()
    # The service refuses it too, for a caller that skips the form.
    with pytest.raises(accounts.AccountInvalid, match="Select a ward from the list"):
        accounts.member_ward_set(
            actor=partnership_manager,
            user=elected_member,
            expected_version=elected_member.version,
            ward_name="Atlantis",
        )


def test_only_an_elected_member_has_a_ward(partnership_manager, practitioner, kingsmere):
    with pytest.raises(accounts.AccountInvalid, match="Only an elected member has a ward"):
        accounts.member_ward_set(
            actor=partnership_manager,
            user=practitioner,
            expected_version=practitioner.version,
            ward_name="Harbour",
        )
    assert wards.member_ward(practitioner) is None


def test_a_stale_edit_of_a_ward_is_refused(
    client_for, partnership_manager, elected_member, kingsmere
):
    opened_at = elected_member.version
    accounts.member_ward_set(
        actor=partnership_manager,
        user=elected_member,
        expected_version=opened_at,
        ward_name="Harbour",
    )

    response = client_for(partnership_manager).post(
        reverse("governance:member_ward", args=[elected_member.pk]),
        {"ward": "Castle", "version": opened_at},
    )

    assert response.status_code == 400
    assert STALE_MESSAGE.split(":")[0] in response.content.decode()
    assert wards.member_ward(elected_member) == kingsmere["Harbour"]


def test_only_the_partnership_manager_and_administrator_keep_wards(
    client_for, practitioner, elected_member, administrator, kingsmere
):
    url = reverse("governance:member_ward", args=[elected_member.pk])
    assert client_for(practitioner).get(url).status_code == 403
    assert (
        client_for(elected_member).post(url, {"ward": "Harbour", "version": 1}).status_code == 403
    )
    assert wards.member_ward(elected_member) is None
    admin = client_for(administrator)
    assert admin.get(reverse("governance:member_wards")).status_code == 200
    account = admin.get(reverse("governance:account", args=[elected_member.pk])).content.decode()
    assert "No ward set" in account and url in account
