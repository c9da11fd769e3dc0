import pytest
from django.core.management import call_command
from django.test import Client

from triangulate.core.models import User
from triangulate.support.models import (
    Complaint,
    Feedback,
    Referral,
    ReferralStatus,
    SupportService,
    YouSaidWeDid,
)
from triangulate.support.services import wards


@pytest.mark.django_db
def test_the_demo_borough_has_a_directory_of_kingsmere_services():
    call_command("demo_borough", children=20, seed=3)
    services = SupportService.objects.all()
    assert services.count() == 10
    assert services.filter(kind="adult_survivors", min_age=18).exists()
    assert services.filter(for_family=True).exists()
    assert services.exclude(agency=None).exists(), "some services are run by partner agencies"
    body = Client().get("/public/support").content.decode()
    assert body.count('class="govuk-summary-card__title"') == 10
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == set(ReferralStatus.values), "referrals at every status"
    assert Referral.objects.filter(referred_as="family").exclude(linked_child=None).exists()
    assert Referral.objects.filter(referred_as="adult_survivor").exists()
    assert Feedback.objects.filter(route="public_form").exists()
    assert Feedback.objects.filter(route="practitioner").exists()
    assert YouSaidWeDid.objects.exclude(action=None).count() >= 2
    page = Client().get("/public/support/you-said-we-did").content.decode()
    assert "came from what you told us" in page
    assert Complaint.objects.filter(kind="whistleblowing").exists()
    assert Complaint.objects.filter(stage="closed").exists()
    assert Complaint.objects.exclude(ward=None).values("ward").distinct().count() >= 3
    members = {u.username: wards.member_ward(u) for u in User.objects.filter(
        username__in=["cllr.okafor", "cllr.hussain"])}  # fmt: skip
    assert {name: w.name for name, w in members.items()} == {
        "cllr.okafor": "Mereside",
        "cllr.hussain": "Harbour",
    }
