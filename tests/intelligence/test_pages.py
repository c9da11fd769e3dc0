"""The intelligence pages as each agency sees them: partners never see police-only text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from triangulate.core.records import LawfulBasis
from triangulate.intelligence import services
from triangulate.intelligence.models import IntelligenceItem, SanitisedIntelligence

pytestmark = pytest.mark.django_db

ORIGINAL = "silver car waits outside the school gate"


def test_school_submits_police_grade_and_sanitise_council_sees_only_that(
    client_for, school_lead, police_officer, practitioner, council, child, school, police
):
    from triangulate.core import records

    records.share(practitioner, child, school, basis=LawfulBasis.SAFEGUARDING, purpose="school")
    school = client_for(school_lead)
    response = school.post(
        reverse("intelligence:submit") + f"?person={child.pk}",
        {
            "police": police.pk,
            "what_seen": "A " + ORIGINAL + " at home time; Rosie gets in. Driver called Jay.",
            "where_seen": "Kingsmere Academy",
            "postcode": "KM4 7QT",
            "seen_on-day": "3",
            "seen_on-month": "11",
            "seen_on-year": "2025",
            "seen_time": "15:20",
            "vehicles": "ab12 cde",
            "phones": "",
            "who": "",
            "handles": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = IntelligenceItem.objects.get()
    page = school.get(reverse("intelligence:item", args=[item.pk])).content.decode()
    assert "Not yet graded" in page and "AB12CDE" in page
    assert "Save grade" not in page  # the school cannot grade

    police_client = client_for(police_officer)
    url = reverse("intelligence:item", args=[item.pk])
    refused = police_client.post(
        url, {"form": "grade", "version": 1, "source_evaluation": "2", "assessment": "B",
              "handling_code": "C", "handling_conditions": ""},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "handling code C needs them" in refused.content.decode()
    graded = police_client.post(
        url, {"form": "grade", "version": 1, "source_evaluation": "2", "assessment": "B",
              "handling_code": "P", "handling_conditions": ""},
    )  # fmt: skip
    assert graded.status_code == 302
    shared = police_client.post(
        url,
        {
            "form": "sanitise",
            "share-shared_with": council.pk,
            "share-person": child.pk,
            "share-text": "A car has been seen collecting Rosie from school.",
            "share-purpose": "Safety planning",
            "share-necessity": "Her practitioner needs it to plan her journey home",
            "share-lawful_basis": LawfulBasis.SAFEGUARDING,
        },
    )
    assert shared.status_code == 302, shared.content.decode()[:2000]
    version = SanitisedIntelligence.objects.get()

    assert "2/B/P" in school.get(url).content.decode()  # grading shows to the submitter

    council_client = client_for(practitioner)
    for path in (
        reverse("register:person", args=[child.pk]),
        reverse("intelligence:log"),
        reverse("intelligence:shared", args=[version.pk]),
    ):
        body = council_client.get(path).content.decode()
        assert "A car has been seen collecting Rosie" in body or "Shared" in body, path
        assert ORIGINAL not in body and "AB12CDE" not in body, path
    assert (
        "2/B/P"
        in council_client.get(reverse("intelligence:shared", args=[version.pk])).content.decode()
    )
    assert council_client.get(url).status_code == 403


def test_partners_cannot_open_police_pages(client_for, practitioner, school_lead, police_officer):
    place = services.place_create(actor=police_officer, name="Station Hotel", kind="hotel")
    concern = services.concern_create(
        actor=police_officer, given_name="Jay", family_name="Marlow", harm=3
    )
    for user in (practitioner, school_lead):
        client = client_for(user)
        for path in (
            reverse("intelligence:concerns"),
            reverse("intelligence:place", args=[place.pk]),
            reverse("intelligence:concern", args=[concern.pk]),
        ):
            assert client.get(path).status_code == 403, (user, path)
    # The council's children's services list only the places police share with them (none
    # here); a school lists none at all.
    listing = client_for(practitioner).get(reverse("intelligence:places"))
    assert listing.status_code == 200 and "Station Hotel" not in listing.content.decode()
    assert client_for(school_lead).get(reverse("intelligence:places")).status_code == 403


def test_police_record_a_person_of_concern_with_errors_shown(client_for, police_officer):
    client = client_for(police_officer)
    response = client.post(reverse("intelligence:concern_new"), {"given_name": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Enter first name" in body
    ok = client.post(
        reverse("intelligence:concern_new"),
        {"given_name": "Jay", "family_name": "Marlow", "sex": "M", "status": "suspect",
         "status_on-day": "1", "status_on-month": "10", "status_on-year": "2025", "harm": "3",
         "aliases": "J, Jaybird", "summary": ""},
    )  # fmt: skip
    assert ok.status_code == 302
    page = client.get(ok["Location"]).content.decode()
    assert "Jaybird" in page and "Suspect" in page
    listing = client.get(reverse("intelligence:concerns")).content.decode()
    assert "Harm assessed as high: 30 points" in listing


def test_disruption_pages_show_errors_and_suppress_small_counts(
    client_for, police_officer, practitioner, submitted
):
    submitted(postcode="KM4 7QT")
    concern = services.concern_create(
        actor=police_officer, given_name="Jay", family_name="Marlow", harm=3
    )
    police_client = client_for(police_officer)
    refused = police_client.post(
        reverse("intelligence:tactic_new", args=[concern.pk]),
        {"tactic_type": "", "owner": "", "started_on-day": "", "started_on-month": "",
         "started_on-year": ""},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "Select tactic" in refused.content.decode()
    figures = police_client.get(reverse("intelligence:disruption")).content.decode()
    assert "Child abduction warning notices issued" in figures
    police_hotspots = police_client.get(reverse("intelligence:hotspots")).content.decode()
    assert "KM4" in police_hotspots and "Fewer than 5" not in police_hotspots
    partner_hotspots = client_for(practitioner).get(reverse("intelligence:hotspots"))
    assert "Fewer than 5" in partner_hotspots.content.decode()
    assert client_for(practitioner).get(reverse("intelligence:disruption")).status_code == 403
