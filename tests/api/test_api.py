"""The REST API: tokens, the same access rules and audit as the pages, problem responses."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.api.models import ApiToken
from triangulate.api.services import token_issue, token_revoke
from triangulate.api.views import api
from triangulate.core import ratelimit
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.core.roles import Role
from triangulate.frontdoor.models import Contact
from triangulate.intelligence.models import IntelligenceItem

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"
PROBLEM = "application/problem+json"


def client_with(user) -> tuple[Client, str]:
    _token, secret = token_issue(user=user, name="Partner system")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}"), secret


@pytest.fixture
def health_child(health):
    return PersonFactory(owning_agency=health, given_name="Nadia", family_name="Quarrie")


@pytest.fixture
def health_nurse(make_user, health):
    return make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse")


@pytest.mark.django_db
def test_a_token_reads_a_summary_its_user_may_see_and_the_read_is_audited(practitioner, child):
    client, _ = client_with(practitioner)
    response = client.get(f"/api/people/{child.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == child.full_name
    assert body["known_as"] == ["Ro"]
    assert body["record_held_by"] == child.owning_agency.name
    assert "no-store" in response["Cache-Control"]
    view = AuditEntry.objects.filter(action=AuditAction.VIEW, actor=practitioner).last()
    assert (view.subject_type, view.subject_id) == ("register.person", str(child.pk))


@pytest.mark.django_db
def test_a_police_token_cannot_read_a_health_only_person(police_officer, health_child):
    client, _ = client_with(police_officer)
    response = client.get(f"/api/people/{health_child.pk}")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 403 and "Quarrie" not in response.content.decode()
    refusal = AuditEntry.objects.filter(action=AuditAction.DENIED, actor=police_officer).get()
    assert refusal.object_id == str(health_child.pk)
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, actor=police_officer).exists()


@pytest.mark.django_db
def test_a_councillor_token_reads_no_personal_data(elected_member, child):
    client, _ = client_with(elected_member)
    assert client.get(f"/api/people/{child.pk}").status_code == 403
    assert client.get("/api/intelligence").status_code == 403
    response = client.post(
        "/api/contacts",
        {"child_given_name": "Rosie", "concern": "Seen with older men", "urgency": "routine"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Contact.objects.exists()
    assert client.get("/api/figures").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["revoked", "expired", "wrong secret", "none", "inactive user"])
def test_a_token_that_is_not_live_is_refused_and_the_refusal_audited(practitioner, child, how):
    token, secret = token_issue(user=practitioner, name="Partner system")
    if how == "revoked":
        token_revoke(token=token)
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    elif how == "wrong secret":
        secret = secret[:-4] + "AAAA"
    elif how == "inactive user":
        practitioner.is_active = False
        practitioner.save()
    headers = {} if how == "none" else {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    response = Client().get(f"/api/people/{child.pk}", **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Traceback" not in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.DENIED).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


@pytest.mark.django_db
def test_a_signed_in_session_is_not_a_token(client_for, practitioner, child):
    assert client_for(practitioner).get(f"/api/people/{child.pk}").status_code == 401


@pytest.mark.django_db
def test_contact_validation_errors_are_problems_and_create_nothing(council, practitioner):
    client, _ = client_with(practitioner)
    response = client.post(
        "/api/contacts",
        {"concern": "Seen getting into cars", "urgency": "today", "child_nhs_number": "123"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    # The same messages as the "Raise a concern" page.
    assert errors["child_given_name"].startswith("Enter the child's name")
    assert "child_nhs_number" in errors
    missing = client.post("/api/contacts", {"urgency": "today"}, content_type="application/json")
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["concern"]
    wrong = client.post("/api/contacts", "[1, 2", content_type="application/json")
    assert wrong.status_code in (400, 422) and wrong["Content-Type"] == PROBLEM
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_a_partner_system_raises_a_contact_through_the_front_door(council, school_lead):
    client, _ = client_with(school_lead)
    response = client.post(
        "/api/contacts",
        {
            "child_given_name": "Leah",
            "child_family_name": "Pemberton",
            "child_date_of_birth": "2012-03-27",
            "concern": "Collected from school by an unknown adult in a car",
            "indicators": ["cars", "gifts"],
            "urgency": "today",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(reference=response.json()["reference"])
    assert contact.raised_by == school_lead
    assert contact.child_date_of_birth == dt.date(2012, 3, 27)
    assert contact.indicators == ["cars", "gifts"]
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(contact.pk)).exists()


@pytest.mark.django_db
def test_intelligence_submitted_by_a_partner_is_graded_by_police_and_shown_to_each(
    police, police_officer, school_lead, child
):
    school, _ = client_with(school_lead)
    response = school.post(
        "/api/intelligence",
        {
            "what_seen": "A silver car waits outside the gates at 15:30",
            "seen_at": "2026-01-12T15:30:00Z",
            "vehicles": "ab12 cde",
            "postcode": "km1 1aa",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    item = IntelligenceItem.objects.get()
    assert item.owning_agency == police and item.vehicles == "AB12CDE"
    assert response.json()["grading"]["grade"] == "Not yet graded"
    officer, _ = client_with(police_officer)
    assert [i["reference"] for i in officer.get("/api/intelligence").json()["items"]] == [
        item.reference
    ]
    assert officer.get(f"/api/intelligence/items/{item.pk}").status_code == 200
    assert school.get(f"/api/intelligence/items/{item.pk}").status_code == 200
    bad = school.post(
        "/api/intelligence",
        {"what_seen": " ", "seen_at": "2026-01-12T15:30:00Z", "phones": "not a phone"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"what_seen"}
    assert IntelligenceItem.objects.count() == 1


@pytest.mark.django_db
def test_each_token_has_a_rate_limit(practitioner, child, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "api_token", (2, 60))
    client, _ = client_with(practitioner)
    assert client.get(f"/api/people/{child.pk}").status_code == 200
    assert client.get(f"/api/people/{child.pk}").status_code == 200
    refused = client.get(f"/api/people/{child.pk}")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert refused["Content-Type"] == PROBLEM
    other, _ = client_with(practitioner)
    assert other.get(f"/api/people/{child.pk}").status_code == 200


@pytest.mark.django_db
def test_the_secret_is_never_stored_logged_or_audited(practitioner, child, caplog):
    caplog.set_level(logging.DEBUG)
    client, secret = client_with(practitioner)
    client.get(f"/api/people/{child.pk}")
    client.get("/api/people/999999")
    token = ApiToken.objects.get()
    assert secret.split("_", 2)[2] not in token.digest
    entries = json.dumps(list(AuditEntry.objects.values("detail", "purpose", "object_id")))
    assert token.prefix in entries and secret not in entries
    assert secret not in caplog.text


@pytest.mark.django_db
def test_the_command_issues_shows_once_lists_and_revokes(practitioner, capsys):
    call_command("api_token", "issue", "--user", practitioner.username, "--name", "Records")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert secret.startswith("tri_")
    call_command("api_token", "list")
    listed = capsys.readouterr().out
    token = ApiToken.objects.get()
    assert token.prefix in listed and secret not in listed and "live" in listed
    call_command("api_token", "revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/figures").status_code == 401


@pytest.mark.django_db
def test_published_figures_are_served_as_published(practitioner):
    client, _ = client_with(practitioner)
    assert client.get("/api/figures").json() == []
    assert client.get("/api/figures/1").status_code == 404


def test_the_checked_in_openapi_document_matches_the_api():
    served = api.get_openapi_schema()
    assert json.loads(SCHEMA_FILE.read_text()) == json.loads(json.dumps(served)), (
        "docs/api/openapi.json is out of date: run manage.py api_schema"
    )


@pytest.mark.django_db
def test_the_api_is_described_on_a_page_and_in_openapi_json():
    page = Client().get("/api/docs")
    assert page.status_code == 200
    assert "/api/people/{person_id}" in page.content.decode()
    document = Client().get("/api/openapi.json")
    assert document.status_code == 200
    assert document.json()["paths"].keys() == api.get_openapi_schema()["paths"].keys()


@pytest.mark.django_db
def test_a_user_issues_their_own_token_sees_it_once_and_revokes_it(client_for, practitioner, child):
    page = client_for(practitioner)
    issued = page.post("/api/tokens", {"name": "School system", "days": "30"})
    assert issued.status_code == 200
    body = issued.content.decode()
    secret = next(
        word for word in body.replace("<", " ").replace(">", " ").split() if word.startswith("tri_")
    )
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api_client.get(f"/api/people/{child.pk}").status_code == 200
    again = page.get("/api/tokens").content.decode()
    assert "School system" in again and secret not in again
    token = ApiToken.objects.get(user=practitioner)
    assert token.expires_at - token.created_at == dt.timedelta(days=30)
    page.post(f"/api/tokens/{token.pk}/revoke")
    assert api_client.get(f"/api/people/{child.pk}").status_code == 401


@pytest.mark.django_db
def test_no_one_sees_or_revokes_another_users_token(client_for, practitioner, police_officer):
    token, _ = token_issue(user=police_officer, name="Police records system")
    page = client_for(practitioner)
    assert "Police records system" not in page.get("/api/tokens").content.decode()
    assert page.post(f"/api/tokens/{token.pk}/revoke").status_code == 404
    token.refresh_from_db()
    assert token.is_live
    refused = page.post("/api/tokens", {"name": "", "days": "400"})
    assert refused.status_code == 400
    assert not ApiToken.objects.filter(user=practitioner).exists()


@pytest.mark.django_db
def test_a_published_reports_figures_are_served_suppressed_and_rounded_as_published(
    practitioner, make_user, council
):
    from tests.performance.conftest import at, flag_at_risk
    from triangulate.performance import services as performance
    from triangulate.performance.periods import Period

    last_month = Period.containing(timezone.localdate()).previous()
    for sex in ["F"] * 3 + ["M"] * 40:
        child = PersonFactory(owning_agency=council, sex=sex)
        flag_at_risk(child, practitioner, at(last_month.start))
    chief = make_user(council, Role.CHIEF_OFFICER, username="chief")
    pack = performance.pack_create(
        actor=chief, title="October", month=last_month.key, slugs=["children-at-risk"]
    )
    performance.pack_release(
        actor=chief, pack=pack, version=pack.version, so_what="Shared", actions="",
        publish=True, round_to_five=True,
    )  # fmt: skip
    client, _ = client_with(practitioner)

    served = client.get(f"/api/figures/{pack.pk}")

    assert served.status_code == 200
    figure = served.json()["figures"][0]
    assert figure["value"] == "45"  # 43 children, rounded as the public report is
    assert {"group": "Total", "value": "45"} in figure["breakdown"]
    assert {"group": "Female", "value": "fewer than 5"} in figure["breakdown"]
