"""Accounts kept by the system administrator: made with a link to choose a password, changed
with every change audited and stale edits refused, expiring on their date, and reviewed
yearly through My work."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.models import AuditEntry, User
from triangulate.core.roles import Role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kingsmere-hub-rota-2026"


def _date(prefix: str, day: dt.date | None) -> dict:
    if day is None:
        return {f"{prefix}-day": "", f"{prefix}-month": "", f"{prefix}-year": ""}
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def _account(council, **changes) -> dict:
    return {
        "username": "sam.carter",
        "first_name": "Sam",
        "last_name": "Carter",
        "email": "sam.carter@kingsmere.example",
        "agency": council.pk,
        "job_title": "Exploitation practitioner",
        "roles": [Role.EXPLOITATION_PRACTITIONER],
        **_date("account_expires_on", None),
        **changes,
    }


def test_a_new_account_chooses_its_password_from_a_link_given_once(
    client_for, administrator, council
):
    admin = client_for(administrator)
    response = admin.post(reverse("governance:account_new"), _account(council))

    assert response.status_code == 200
    link = re.search(r"<code>(http[^<]+)</code>", response.content.decode()).group(1)
    made = User.objects.get(username="sam.carter")
    assert not made.has_usable_password()
    assert made.role_codes == {Role.EXPLOITATION_PRACTITIONER}
    assert made.access_reviewed_on == timezone.localdate()

    newcomer = Client()
    path = link.split("testserver", 1)[1]
    weak = newcomer.post(path, {"new_password1": "sam", "new_password2": "sam"})
    assert weak.status_code == 400 and "too short" in weak.content.decode()
    done = newcomer.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302

    signed_in = newcomer.post(
        reverse("core:sign_in"), {"username": "sam.carter", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert newcomer.get("/")["Location"].startswith(reverse("governance:enrol"))
    assert Client().get(path).status_code == 404, "a link works once"
    purposes = set(AuditEntry.objects.values_list("purpose", flat=True))
    assert {"make an account", "choose a password from a link"} <= purposes


def test_only_the_system_administrator_keeps_accounts(client_for, team_manager, council):
    manager = client_for(team_manager)
    assert manager.get(reverse("governance:account_new")).status_code == 403
    response = manager.post(reverse("governance:account_new"), _account(council))
    assert response.status_code == 403
    promoted = manager.post(
        reverse("governance:account", args=[team_manager.pk]),
        {**_account(council), "form": "account", "roles": [Role.SYSTEM_ADMINISTRATOR],
         "is_active": "on", "version": team_manager.version},
    )  # fmt: skip
    assert promoted.status_code == 403
    assert not User.objects.filter(username="sam.carter").exists()
    assert team_manager.role_codes == {Role.TEAM_MANAGER}


def test_a_change_is_audited_before_and_after_and_a_stale_edit_is_refused(
    client_for, administrator, practitioner, council
):
    admin = client_for(administrator)
    url = reverse("governance:account", args=[practitioner.pk])
    body = {
        **_account(council, first_name=practitioner.first_name, last_name="Renamed"),
        "form": "account",
        "roles": [Role.EXPLOITATION_PRACTITIONER, Role.TEAM_MANAGER],
        "is_active": "on",
        "version": practitioner.version,
    }
    assert admin.post(url, body).status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.last_name == "Renamed"
    assert set(practitioner.grants.values_list("role", flat=True)) == {
        Role.EXPLOITATION_PRACTITIONER,
        Role.TEAM_MANAGER,
    }
    entry = AuditEntry.objects.filter(purpose="change an account").get()
    assert entry.detail["before"]["roles"] == [Role.EXPLOITATION_PRACTITIONER]
    assert entry.detail["after"]["name"].endswith("Renamed")

    stale = admin.post(url, {**body, "last_name": "Overwritten"})  # the version it was opened at
    assert stale.status_code == 400 and STALE_MESSAGE.split(":")[0] in stale.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.last_name == "Renamed"


def test_an_account_cannot_sign_in_after_its_expiry_date(client_for, administrator, council):
    user = User.objects.create_user(
        username="agency.worker", password=PASSWORD, agency=council,
        account_expires_on=timezone.localdate(),
    )  # fmt: skip
    on_last_day = Client().post(
        reverse("core:sign_in"), {"username": "agency.worker", "password": PASSWORD}
    )
    assert on_last_day.status_code == 302
    User.objects.filter(pk=user.pk).update(
        account_expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    after = Client().post(
        reverse("core:sign_in"), {"username": "agency.worker", "password": PASSWORD}
    )
    assert after.status_code == 400  # the sign-in page again, with its error


def test_an_administrator_cannot_switch_off_their_own_account(client_for, administrator, council):
    response = client_for(administrator).post(
        reverse("governance:account", args=[administrator.pk]),
        {**_account(council, roles=[Role.SYSTEM_ADMINISTRATOR]), "form": "account",
         "version": administrator.version},
    )  # fmt: skip
    assert response.status_code == 400
    assert "cannot switch off your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


def test_accounts_due_for_review_or_expiring_reach_the_administrators_my_work(
    client_for, administrator, practitioner, team_manager
):
    today = timezone.localdate()
    User.objects.filter(pk=practitioner.pk).update(
        access_reviewed_on=today - dt.timedelta(days=400)
    )
    User.objects.filter(pk=team_manager.pk).update(
        access_reviewed_on=today, account_expires_on=today + dt.timedelta(days=10)
    )
    User.objects.filter(pk=administrator.pk).update(access_reviewed_on=today)
    admin = client_for(administrator)

    page = admin.get(reverse("core:my_work")).content.decode()
    assert "Accounts to review" in page
    assert practitioner.username in page and "Access review due by" in page
    assert team_manager.username in page and "Account expires on" in page

    practitioner.refresh_from_db()
    reviewed = admin.post(
        reverse("governance:account", args=[practitioner.pk]),
        {"form": "review", "version": practitioner.version},
    )
    assert reviewed.status_code == 302
    assert practitioner.username not in admin.get(reverse("core:my_work")).content.decode()


def test_an_account_that_expires_while_signed_in_is_signed_out_at_its_next_page(
    client_for, practitioner
):
    client = client_for(practitioner)
    assert client.get(reverse("core:my_work")).status_code == 200
    User.objects.filter(pk=practitioner.pk).update(
        account_expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = client.get(reverse("core:my_work"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign_in"))
