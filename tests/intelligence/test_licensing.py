"""Referrals of licensed places to the licensing authority: recorded from the place page by
police or the council's children's services (for a place shared with them), with the licence
prefilled; an outcome with its date; seen by the place's agency and those it shares with;
counted with the disruption figures; bad input and stale edits refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from triangulate.core import records
from triangulate.core.access import AccessDenied
from triangulate.core.concurrency import StaleEdit
from triangulate.core.records import LawfulBasis
from triangulate.intelligence import services
from triangulate.intelligence.models import LicensingReferral

pytestmark = pytest.mark.django_db

WHAT = "Young people seen going into rooms with adults late at night; ask for a licence review"


@pytest.fixture
def hotel(police_officer):
    return services.place_create(
        actor=police_officer, name="Station Hotel", kind="hotel",
        licence_holder="Station Hotel Ltd", licence_number="pl/0412",
    )  # fmt: skip


def _date(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_police_refer_from_the_place_page_then_record_the_outcome(
    client_for, police_officer, hotel
):
    client = client_for(police_officer)
    url = reverse("intelligence:place", args=[hotel.pk])
    page = client.get(url).content.decode()
    assert 'value="PL/0412"' in page  # the licence is prefilled from the place
    referred = timezone.localdate() - dt.timedelta(days=10)
    response = client.post(
        url, {**_date("referred_on", referred), "licence_number": "PL/0412",
              "what_referred": WHAT, "referred_by": "PC Priya Shah"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = LicensingReferral.objects.get()
    assert (referral.place, referral.owning_agency, referral.outcome) == (
        hotel,
        hotel.owning_agency,
        "awaited",
    )
    page = client.get(url).content.decode()
    assert "Young people seen going into rooms" in page and "Awaited" in page

    decided = timezone.localdate() - dt.timedelta(days=2)
    outcome_url = reverse("intelligence:licensing", args=[referral.pk])
    ok = client.post(outcome_url, {"outcome": "suspended", **_date("outcome_on", decided),
                                   "outcome_note": "Suspended for 3 months", "version": 1})  # fmt: skip
    assert ok.status_code == 302
    assert "Licence suspended" in client.get(url).content.decode()
    figures = dict(services.disruption_figures(
        actor=police_officer, since=referred - dt.timedelta(days=1), until=timezone.localdate()
    ))  # fmt: skip
    assert figures["Referrals to the licensing authority"] == 1
    assert figures["Licensing outcomes decided"] == 1
    assert figures["Licences suspended or revoked"] == 1
    stale = client.post(outcome_url, {"outcome": "revoked", **_date("outcome_on", decided),
                                      "version": 1})  # fmt: skip
    assert stale.status_code == 400 and "Someone else saved this record" in stale.content.decode()
    referral.refresh_from_db()
    assert (referral.outcome, referral.version) == ("suspended", 2)


def test_bad_input_is_refused_with_clear_errors_and_nothing_saved(
    client_for, police_officer, hotel
):
    client = client_for(police_officer)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("intelligence:place", args=[hotel.pk]),
        {**_date("referred_on", tomorrow), "licence_number": "", "what_referred": " ",
         "referred_by": ""},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Date referred must be today or in the past" in response.content.decode()
    with pytest.raises(services.Invalid) as caught:
        services.licensing_refer(actor=police_officer, place=hotel, referred_on=tomorrow,
                                 licence_number="", what_referred=" ", referred_by="")  # fmt: skip
    assert caught.value.errors == {
        "referred_on": "The date of the referral must be today or in the past",
        "licence_number": "Enter the licence the referral concerns",
        "what_referred": "Enter what is referred to the licensing authority",
        "referred_by": "Enter who made the referral",
    }
    assert not LicensingReferral.objects.exists()
    referral = services.licensing_refer(
        actor=police_officer, place=hotel, referred_on=timezone.localdate(),
        licence_number="PL/0412", what_referred=WHAT, referred_by="PC Priya Shah",
    )  # fmt: skip
    for outcome, on, field in (
        ("awaited", timezone.localdate(), "outcome"),
        ("revoked", timezone.localdate() - dt.timedelta(days=1), "outcome_on"),
        ("revoked", None, "outcome_on"),
    ):
        with pytest.raises(services.Invalid) as caught:
            services.licensing_outcome(actor=police_officer, referral=referral,
                                       expected_version=1, outcome=outcome, outcome_on=on)  # fmt: skip
        assert field in caught.value.errors
    referral.refresh_from_db()
    assert referral.outcome == "awaited"


def test_the_council_refers_a_place_shared_with_it_and_the_police_see_it(
    client_for, police_officer, practitioner, school_lead, council, school, hotel
):
    council_client = client_for(practitioner)
    url = reverse("intelligence:place", args=[hotel.pk])
    assert council_client.get(url).status_code == 403  # not shared yet
    for agency in (council, school):
        records.share(police_officer, hotel, agency, basis=LawfulBasis.SAFEGUARDING,
                      purpose="Licensing review")  # fmt: skip
    listing = council_client.get(reverse("intelligence:places")).content.decode()
    assert "Station Hotel" in listing and "Record a place" not in listing
    police_own = services.licensing_refer(
        actor=police_officer, place=hotel, referred_on=timezone.localdate(),
        licence_number="PL/0412", what_referred="Police referral", referred_by="PC Priya Shah",
    )  # fmt: skip
    page = council_client.get(url).content.decode()
    assert "Police referral" in page  # shared with those the place is shared with
    response = council_client.post(
        url, {**_date("referred_on", timezone.localdate()), "licence_number": "PL/0412",
              "what_referred": WHAT, "referred_by": "Alex, exploitation team"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    theirs = LicensingReferral.objects.exclude(pk=police_own.pk).get()
    assert theirs.owning_agency == council
    assert "Alex, exploitation team" in client_for(police_officer).get(url).content.decode()
    # Writes check ownership: police cannot record the outcome of the council's referral,
    # nor the council of the police's.
    with pytest.raises(AccessDenied):
        services.licensing_outcome(actor=police_officer, referral=theirs, expected_version=1,
                                   outcome="no_action", outcome_on=timezone.localdate())  # fmt: skip
    assert (
        council_client.post(
            reverse("intelligence:licensing", args=[police_own.pk]),
            {"outcome": "no_action", **_date("outcome_on", timezone.localdate()), "version": 1},
        ).status_code
        == 403
    )
    # A school holding a share of the place is not a responsible authority: no page, no write.
    assert client_for(school_lead).get(url).status_code == 403
    with pytest.raises(AccessDenied):
        services.licensing_refer(actor=school_lead, place=hotel, referred_on=timezone.localdate(),
                                 licence_number="PL/0412", what_referred=WHAT,
                                 referred_by="DSL")  # fmt: skip
    assert LicensingReferral.objects.count() == 2
    for referral in LicensingReferral.objects.all():
        assert referral.outcome == "awaited"
    with pytest.raises(StaleEdit):
        services.licensing_outcome(actor=practitioner, referral=theirs, expected_version=7,
                                   outcome="no_action", outcome_on=timezone.localdate())  # fmt: skip


def test_police_share_a_place_from_its_page_and_the_council_then_reads_it(
    client_for, police_officer, practitioner, council, hotel
):
    url = reverse("intelligence:place", args=[hotel.pk])
    council_client = client_for(practitioner)
    assert council_client.get(url).status_code == 403
    police_client = client_for(police_officer)
    assert "Share the place with another agency" in police_client.get(url).content.decode()
    no_purpose = police_client.post(url, {"form": "share", "agency": council.pk, "purpose": ""})
    assert "Enter why they need to see it" in no_purpose.content.decode()
    assert not LicensingReferral.objects.exists()  # the share form never records a referral
    shared = police_client.post(
        url, {"form": "share", "agency": council.pk, "purpose": "Children's safety plans"}
    )
    assert shared.status_code == 302, shared.content.decode()[:2000]
    assert f"Shared with {escape(council.name)}" in police_client.get(url).content.decode()
    page = council_client.get(url)
    assert page.status_code == 200 and "Station Hotel" in page.content.decode()
    # Shared for reading: the council may refer it but not share it on.
    assert "Share the place with another agency" not in page.content.decode()
    with pytest.raises(AccessDenied):
        services.place_share(actor=practitioner, place=hotel, agency=council, purpose="x")
