import re
import time

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import current_code
from triangulate.core import auth
from triangulate.core.models import AuditAction, AuditEntry, User
from triangulate.core.services import user_create


def _error(response) -> str:
    summary = re.search(
        r'govuk-error-summary__list"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", summary.group(1)).split())


def _sign_in(client, username, password):
    return client.post(reverse("core:sign_in"), {"username": username, "password": password})


def _second_step(client, user):
    response = client.post(reverse("governance:verify"), {"code": current_code(user)})
    assert response.status_code == 302


def test_sign_in_and_out(practitioner):
    client = Client()
    response = _sign_in(client, "practitioner", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("core:home")
    _second_step(client, practitioner)
    home = client.get(reverse("core:home"))
    assert "Exploitation practitioner" in home.content.decode()
    client.post(reverse("core:sign_out"))
    assert client.get(reverse("core:home")).status_code == 302
    actions = list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))
    assert AuditAction.SIGN_IN in actions and AuditAction.SIGN_OUT in actions


def test_wrong_password_shows_a_govuk_error(practitioner):
    response = _sign_in(Client(), "practitioner", "not the password")
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body
    assert "Enter a correct username and password" in body
    assert body.count("<title>Error:") == 1


@override_settings(LOCKOUT_FAILURE_LIMIT=3)
def test_repeated_failures_slow_that_username_from_that_client(practitioner):
    client = Client()
    for _ in range(3):
        _sign_in(client, "practitioner", "wrong")
    response = _sign_in(client, "practitioner", PASSWORD)  # right password, must still wait
    assert response.status_code == 400
    assert "too many failed sign-ins from this device. Wait 30 seconds" in _error(response)
    assert AuditEntry.objects.filter(action=AuditAction.LOCKED).count() == 1


def test_passwords_are_hashed_with_argon2(council, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = user_create(
        username="newuser",
        agency=council,
        roles=["team_manager"],
        password="a long passphrase 2026",
    )
    assert identify_hasher(user.password).algorithm == "argon2"


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1)
def test_idle_session_times_out(practitioner, monkeypatch):
    client = Client()
    _sign_in(client, "practitioner", PASSWORD)
    _second_step(client, practitioner)
    assert client.get(reverse("core:home")).status_code == 200
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 120)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and "timed_out=1" in response.url
    assert client.get(reverse("core:home")).status_code == 302


def test_demo_accounts_are_refused_outside_demo_mode(council, settings):
    user_create(
        username="demo.user",
        agency=council,
        roles=["team_manager"],
        password=PASSWORD,
        is_demo_account=True,
    )
    settings.DEMO_MODE = False
    response = _sign_in(Client(), "demo.user", PASSWORD)
    assert response.status_code == 400
    settings.DEMO_MODE = True
    assert _sign_in(Client(), "demo.user", PASSWORD).status_code == 302


def test_demo_sign_ins_listed_only_in_demo_mode(council, settings):
    user_create(
        username="demo.user",
        agency=council,
        roles=["team_manager"],
        password=PASSWORD,
        is_demo_account=True,
    )
    assert "demo.user" in Client().get(reverse("core:sign_in")).content.decode()
    settings.DEMO_MODE = False
    assert "demo.user" not in Client().get(reverse("core:sign_in")).content.decode()


def test_open_redirect_is_refused(practitioner):
    response = Client().post(
        reverse("core:sign_in") + "?next=https://elsewhere.example/",
        {"username": "practitioner", "password": PASSWORD},
    )
    assert response.url == reverse("core:home")


@pytest.mark.django_db
def test_unknown_user_fails_without_saying_so():
    response = _sign_in(Client(), "nobody", "whatever")
    assert "Enter a correct username and password" in response.content.decode()
    assert not User.objects.exists()


def _sign_in_from(address, username, password):
    return Client(REMOTE_ADDR=address).post(
        reverse("core:sign_in"), {"username": username, "password": password}
    )


@override_settings(LOCKOUT_FAILURE_LIMIT=3)
def test_the_answer_is_the_same_for_a_real_and_an_unknown_username(practitioner):
    for _ in range(3):
        _sign_in_from("198.51.100.1", "practitioner", "wrong")
        _sign_in_from("198.51.100.2", "nobody", "wrong")
    real = _sign_in_from("198.51.100.1", "practitioner", "wrong")
    unknown = _sign_in_from("198.51.100.2", "nobody", "wrong")
    assert real.status_code == unknown.status_code == 400
    assert _error(real) == _error(unknown)
    assert "locked" not in real.content.decode()


@override_settings(LOCKOUT_FAILURE_LIMIT=3)
def test_a_stranger_failing_as_a_practitioner_does_not_lock_them_out(practitioner):
    for _ in range(10):
        _sign_in_from("203.0.113.66", "practitioner", "guess")
    assert _sign_in_from("203.0.113.66", "practitioner", PASSWORD).status_code == 400
    response = _sign_in_from("198.51.100.5", "practitioner", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("core:home")


@override_settings(LOCKOUT_FAILURE_LIMIT=3, LOCKOUT_FIRST_DELAY_SECONDS=30)
def test_failures_back_off_for_longer_each_time(practitioner, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(auth, "_now", lambda: now[0])
    for _ in range(3):
        _sign_in_from("198.51.100.1", "practitioner", "wrong")
    assert "Wait 30 seconds" in _error(_sign_in_from("198.51.100.1", "practitioner", PASSWORD))
    now[0] += 31
    _sign_in_from("198.51.100.1", "practitioner", "wrong")  # a fourth failure: twice as long
    assert "Wait 1 minute and" in _error(_sign_in_from("198.51.100.1", "practitioner", PASSWORD))
    now[0] += 60
    assert _sign_in_from("198.51.100.1", "practitioner", PASSWORD).status_code == 302


@override_settings(SIGN_IN_CLIENT_FAILURE_LIMIT=4)
def test_one_client_trying_many_usernames_is_slowed(practitioner):
    for name in ("ann", "bob", "cat", "dan"):
        _sign_in_from("203.0.113.7", name, "guess")
    response = _sign_in_from("203.0.113.7", "practitioner", PASSWORD)
    assert response.status_code == 400
    assert "Wait" in _error(response)
    assert _sign_in_from("198.51.100.9", "practitioner", PASSWORD).status_code == 302
