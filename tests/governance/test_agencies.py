"""Agencies kept by the system administrator: added, renamed and closed, never removed;
every change audited and a stale edit refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.models import Agency, AuditEntry

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_an_agency_once(client_for, administrator):
    admin = client_for(administrator)
    body = {"name": "Kingsmere Youth Offending Service", "short_name": "YOS",
            "agency_type": "youth_justice"}  # fmt: skip
    assert admin.post(reverse("governance:agency_new"), body).status_code == 302
    again = admin.post(reverse("governance:agency_new"), {**body, "name": body["name"].upper()})
    assert again.status_code == 400
    assert "an agency already has this one" in again.content.decode()
    assert Agency.objects.filter(name__iexact=body["name"]).count() == 1
    assert AuditEntry.objects.filter(purpose="add an agency").count() == 1
    assert (
        "Kingsmere Youth Offending Service"
        in admin.get(reverse("governance:agencies")).content.decode()
    )


def test_an_agency_with_active_accounts_cannot_be_closed_and_stale_edits_are_refused(
    client_for, administrator, police, police_officer
):
    admin = client_for(administrator)
    url = reverse("governance:agency", args=[police.pk])
    body = {"name": police.name, "short_name": "Police", "agency_type": police.agency_type,
            "version": police.version}  # fmt: skip
    closing = admin.post(url, body)  # "is_active" left unticked
    assert closing.status_code == 400
    assert "Switch off or move the agency" in closing.content.decode()
    police.refresh_from_db()
    assert police.is_active

    renamed = admin.post(url, {**body, "name": "Kingsmere Constabulary", "is_active": "on"})
    assert renamed.status_code == 302
    stale = admin.post(url, {**body, "name": "Overwritten", "is_active": "on"})
    assert stale.status_code == 400 and STALE_MESSAGE.split(":")[0] in stale.content.decode()
    police.refresh_from_db()
    assert police.name == "Kingsmere Constabulary"
    change = AuditEntry.objects.get(purpose="change an agency")
    assert change.detail["before"]["name"] != change.detail["after"]["name"]


def test_only_the_system_administrator_keeps_agencies(client_for, team_manager, police):
    manager = client_for(team_manager)
    assert manager.get(reverse("governance:agencies")).status_code == 403
    response = manager.post(
        reverse("governance:agency", args=[police.pk]),
        {"name": "Taken over", "agency_type": "police", "is_active": "on", "version": 1},
    )
    assert response.status_code == 403
    police.refresh_from_db()
    assert police.name != "Taken over"
