"""The intelligence log: submitting, grading with 3x5x2, links and sanitised versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.core import access
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditEntry
from triangulate.core.records import LawfulBasis
from triangulate.core.roles import Role
from triangulate.intelligence import services
from triangulate.intelligence.identifiers import normalise_phone, normalise_registration
from triangulate.intelligence.models import IntelligenceItem, Link, Phone, Vehicle
from triangulate.risk.models import ReviewPrompt

pytestmark = pytest.mark.django_db


def _grade(item, actor, **changes):
    values = {
        "actor": actor,
        "item": item,
        "expected_version": item.version,
        "source_evaluation": "2",
        "assessment": "B",
        "handling_code": "P",
        "handling_conditions": "",
    }
    values.update(changes)
    return services.item_grade(**values)


def _sanitise(item, actor, agency, **changes):
    values = {
        "actor": actor,
        "item": item,
        "shared_with": agency,
        "text": "A car has been seen collecting Rosie from school.",
        "purpose": "Safety planning for Rosie",
        "necessity": "Her practitioner needs to know to plan her journey home",
        "lawful_basis": LawfulBasis.SAFEGUARDING,
        "person": item.person,
    }
    values.update(changes)
    return services.sanitised_write(**values)


def test_registrations_and_phones_are_normalised_or_refused():
    assert normalise_registration(" ab12 cde ") == "AB12CDE"
    assert normalise_registration("a123 bcd") == "A123BCD"
    assert normalise_phone("07700 900123") == "+447700900123"
    assert normalise_phone("+44 (0)7700 900123") == "+447700900123"
    for bad in ("NOT A CAR", "AB12 CDEF"):
        with pytest.raises(ValueError, match="registration"):
            normalise_registration(bad)
    for bad in ("12345", "call me"):
        with pytest.raises(ValueError, match="phone number"):
            normalise_phone(bad)


def test_a_school_submits_and_police_own_it_with_one_vehicle_and_phone(submitted, police):
    first = submitted()
    second = submitted(vehicles="AB12CDE, AB12 CDE", phones="+447700900123")
    assert first.owning_agency == police and first.reference.startswith("INT-")
    assert first.vehicles == "AB12CDE" and first.phones == "+447700900123"
    assert first.postcode == "KM4 7QT"
    # The same car and phone entered twice (in any spelling) is one record each.
    assert Vehicle.objects.count() == 1 and Phone.objects.count() == 1
    assert Link.objects.filter(vehicle__registration="AB12CDE").count() == 2
    assert second.vehicles == "AB12CDE"


def test_bad_input_is_refused_and_nothing_is_saved(submitted):
    with pytest.raises(services.Invalid) as caught:
        submitted(vehicles="AB12 CDE, ???", phones="12", postcode="nowhere", what_seen=" ")
    assert set(caught.value.errors) == {"vehicles", "phones", "postcode", "what_seen"}
    assert not IntelligenceItem.objects.exists() and not Vehicle.objects.exists()


def test_intelligence_about_a_child_prompts_a_risk_review(submitted, child):
    submitted()
    assert ReviewPrompt.objects.filter(person=child, reason="intelligence").exists()


def test_the_submitter_sees_its_own_submission_and_no_one_else_in_partnership(
    submitted, school_lead, practitioner, police_officer
):
    item = submitted()
    assert access.visible(school_lead, IntelligenceItem).filter(pk=item.pk).exists()
    assert access.visible(police_officer, IntelligenceItem).filter(pk=item.pk).exists()
    assert not access.visible(practitioner, IntelligenceItem).exists()
    # The police's links (the car, the phone) never reach the school.
    assert not access.visible(school_lead, Link).exists()


@pytest.mark.parametrize(
    "grade, field",
    [
        ({"source_evaluation": "4"}, "source_evaluation"),
        ({"assessment": "F"}, "assessment"),
        ({"handling_code": "X"}, "handling_code"),
        ({"handling_code": "C", "handling_conditions": "  "}, "handling_conditions"),
    ],
)
def test_a_grade_outside_3x5x2_is_refused(submitted, police_officer, grade, field):
    item = submitted()
    with pytest.raises(services.Invalid) as caught:
        _grade(item, police_officer, **grade)
    assert field in caught.value.errors
    item.refresh_from_db()
    assert not item.is_graded and item.version == 1


def test_police_grade_c_with_conditions_and_a_stale_grade_is_refused(submitted, police_officer):
    item = submitted()
    _grade(item, police_officer, handling_code="C", handling_conditions="Not to the family")
    item.refresh_from_db()
    assert item.grade == "2/B/C" and item.handling_conditions == "Not to the family"
    stale = IntelligenceItem.objects.get(pk=item.pk)
    stale.version = 1
    with pytest.raises(StaleEdit):
        _grade(stale, police_officer, source_evaluation="1")
    item.refresh_from_db()
    assert item.grade == "2/B/C"


def test_only_police_roles_grade(submitted, school_lead, make_user, police):
    item = submitted()
    with pytest.raises(access.AccessDenied):
        _grade(item, school_lead)
    # A police force's staff without a police role do not grade either.
    clerk = make_user(police, Role.PARTNERSHIP_MANAGER)
    with pytest.raises(access.AccessDenied):
        _grade(item, clerk)


def test_sanitised_version_reaches_only_the_partner_it_was_written_for(
    submitted, police_officer, practitioner, council, health, make_user
):
    item = submitted()
    with pytest.raises(services.Invalid, match="Grade the intelligence"):
        _sanitise(item, police_officer, council)
    _grade(item, police_officer)
    item.refresh_from_db()
    version = _sanitise(item, police_officer, council)
    assert version.grade == "2/B/P"
    assert access.visible(practitioner, type(version)).filter(pk=version.pk).exists()
    # The council never gets the original.
    assert not access.visible(practitioner, IntelligenceItem).exists()
    nurse = make_user(health, Role.HEALTH_SAFEGUARDING)
    assert not access.visible(nurse, type(version)).exists()
    share = AuditEntry.objects.filter(
        action="share", object_type="intelligence.sanitisedintelligence", object_id=str(version.pk)
    ).get()
    assert share.detail["lawful_basis"] == LawfulBasis.SAFEGUARDING


def test_a_sanitised_version_must_be_shorter_and_justified(submitted, police_officer, council):
    item = submitted()
    _grade(item, police_officer)
    item.refresh_from_db()
    with pytest.raises(services.Invalid) as caught:
        _sanitise(
            item, police_officer, council, text="x" * 1000, purpose="", necessity="",
            lawful_basis="because",
        )  # fmt: skip
    assert set(caught.value.errors) == {"text", "purpose", "necessity", "lawful_basis"}
    assert not item.sanitised.exists()


def test_linking_a_place_and_a_car_makes_one_link_each(submitted, police_officer):
    item = submitted()
    place = services.place_create(actor=police_officer, name="Station Hotel", kind="hotel")
    services.item_link(actor=police_officer, item=item, kind="place", value=str(place.pk))
    services.item_link(actor=police_officer, item=item, kind="vehicle", value="AB12 CDE")
    assert Link.objects.filter(item=item, place=place).count() == 1
    assert Link.objects.filter(item=item, vehicle__isnull=False).count() == 1
    with pytest.raises(services.Invalid):
        services.item_link(actor=police_officer, item=item, kind="vehicle", value="not a reg")


def test_future_sightings_are_refused(submitted):
    with pytest.raises(services.Invalid) as caught:
        submitted(seen_at=timezone.now() + dt.timedelta(days=2))
    assert "seen_on" in caught.value.errors
