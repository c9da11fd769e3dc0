"""Two-factor sign-in: a password alone opens nothing that holds personal data."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from tests.factories import TEST_TOTP_KEY, current_code
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.governance import services


def _password(client, username):
    response = client.post(reverse("core:sign_in"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _error(response) -> str:
    summary = re.search(
        r'govuk-error-summary__list"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", summary.group(1)).split()) if summary else ""


def _code(device) -> str:
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(6)


def _audit_text() -> str:
    return " ".join(str(row) for row in AuditEntry.objects.values_list("detail", "purpose"))


@pytest.fixture
def no_delay(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_a_password_alone_shows_no_child(practitioner, child, no_delay):
    client = Client()
    _password(client, "practitioner")
    person = reverse("register:person", args=[child.pk])
    response = client.get(person)
    assert response.status_code == 302
    assert response.url.startswith(reverse("governance:verify"))
    assert client.get(reverse("core:home")).status_code == 302

    wrong = client.post(f"{reverse('governance:verify')}?next={person}", {"code": "000000"})
    assert wrong.status_code == 400
    assert "The security code is not right" in _error(wrong)
    assert client.get(person).status_code == 302
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_FAILED, detail__step="second"
    ).exists()

    right = client.post(
        f"{reverse('governance:verify')}?next={person}", {"code": current_code(practitioner)}
    )
    assert right.status_code == 302 and right.url == person
    page = client.get(person)
    assert page.status_code == 200 and "Rosie Hargreaves" in page.content.decode()
    assert TEST_TOTP_KEY not in _audit_text()


def test_an_empty_code_is_a_govuk_error(practitioner):
    client = Client()
    _password(client, "practitioner")
    response = client.post(reverse("governance:verify"), {"code": "  "})
    assert response.status_code == 400
    assert _error(response) == "Enter the security code"


def test_a_new_user_sets_up_an_app_and_gets_recovery_codes_once(
    make_user, council, child, no_delay
):
    from triangulate.core.roles import Role

    user = make_user(
        council, Role.EXPLOITATION_PRACTITIONER, username="newstarter", authenticator=False
    )
    client = Client()
    _password(client, "newstarter")
    response = client.get(reverse("register:person", args=[child.pk]))
    assert response.url.startswith(reverse("governance:enrol"))

    page = client.get(reverse("governance:enrol")).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert 'src="data:image/svg+xml;base64,' in page
    assert "Key to type in by hand" in page

    wrong = client.post(reverse("governance:enrol"), {"code": "123"})
    assert wrong.status_code == 400 and "The security code is not right" in _error(wrong)
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    done = client.post(reverse("governance:enrol"), {"code": _code(device)})
    body = done.content.decode()
    assert done.status_code == 200 and "Your recovery codes" in body
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in body for code in codes)
    # Set up and through the second step in one go: the child's record opens.
    assert client.get(reverse("register:person", args=[child.pk])).status_code == 200
    # The key and the codes are never shown again, nor written to the audit log.
    again = client.get(reverse("governance:enrol"))
    assert again.status_code == 302
    audit = _audit_text()
    assert device.key not in audit and not any(code in audit for code in codes)
    assert AuditEntry.objects.filter(purpose="set up two-factor sign-in", actor=user).exists()


def test_a_recovery_code_works_once(practitioner, no_delay):
    codes = services.recovery_codes_replace(user=practitioner)
    client = Client()
    _password(client, "practitioner")
    used = client.post(reverse("governance:verify"), {"code": codes[0].upper()})
    assert used.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("core:sign_out"))

    client = Client()
    _password(client, "practitioner")
    again = client.post(reverse("governance:verify"), {"code": codes[0]})
    assert again.status_code == 400
    assert client.get(reverse("core:home")).status_code == 302
    assert client.post(reverse("governance:verify"), {"code": codes[1]}).status_code == 302


def test_an_administrator_reset_is_audited_and_needs_a_reason(
    client_for, administrator, practitioner
):
    client = client_for(administrator)
    url = reverse("governance:two_factor_reset", args=[practitioner.pk])
    assert practitioner.username in client.get(reverse("governance:users")).content.decode()

    empty = client.post(url, {"reason": "   "})
    assert empty.status_code == 400 and _error(empty) == "Enter the reason"
    assert TOTPDevice.objects.filter(user=practitioner).exists()

    done = client.post(url, {"reason": "Lost phone, rang the service desk"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=practitioner).exists()
    entry = AuditEntry.objects.get(purpose="reset two-factor sign-in")
    assert entry.actor == administrator and entry.detail["reason"].startswith("Lost phone")

    client = Client()
    _password(client, "practitioner")
    assert client.get(reverse("core:home")).url.startswith(reverse("governance:enrol"))


def test_only_an_administrator_resets(client_for, team_manager, practitioner):
    client = client_for(team_manager)
    url = reverse("governance:two_factor_reset", args=[practitioner.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "because"}).status_code == 403
    assert client.get(reverse("governance:users")).status_code == 403
    assert TOTPDevice.objects.filter(user=practitioner).exists()


def test_the_demo_second_step_shows_a_demo_accounts_code(make_user, council, settings):
    from triangulate.core.roles import Role

    settings.DEMO_MODE = True
    user = make_user(council, Role.TEAM_MANAGER, username="demo.manager", is_demo_account=True)
    client = Client()
    _password(client, "demo.manager")
    page = client.get(reverse("governance:verify")).content.decode()
    assert "Demonstration account" in page and current_code(user) in page


def test_turned_off_a_password_is_enough(practitioner, settings):
    settings.REQUIRE_TWO_FACTOR = False
    client = Client()
    _password(client, "practitioner")
    assert client.get(reverse("core:home")).status_code == 200
