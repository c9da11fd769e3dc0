import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse


def test_sign_in_page_has_the_govuk_shell(db):
    body = Client().get(reverse("core:sign_in")).content.decode()
    assert 'class="govuk-skip-link"' in body
    assert "govuk-phase-banner" in body
    assert "govuk-footer" in body
    assert "govuk-service-navigation" in body


def test_pages_need_sign_in(db):
    response = Client().get(reverse("register:search"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign_in"))


def test_every_response_has_a_strict_content_security_policy(db):
    response = Client().get(reverse("core:sign_in"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_home_is_fitted_to_the_role(client_for, practitioner, elected_member, administrator):
    practitioner_home = client_for(practitioner).get(reverse("core:home")).content.decode()
    assert "Search the register" in practitioner_home
    member_home = client_for(elected_member).get(reverse("core:home")).content.decode()
    assert "Search the register" not in member_home
    assert 'href="/register/"' not in member_home
    admin_home = client_for(administrator).get(reverse("core:home")).content.decode()
    assert "Check the audit log" in admin_home


def test_styled_404(client_for, practitioner):
    response = client_for(practitioner).get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-generic-header" in response.content.decode()


def test_styled_500(rf, db):
    from triangulate.core.views.errors import server_error

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_audit_check_page_for_administrators_only(client_for, administrator, practitioner):
    assert client_for(practitioner).get(reverse("core:audit_check")).status_code == 403
    body = client_for(administrator).get(reverse("core:audit_check")).content.decode()
    assert "The audit log is intact" in body


def _production_check(env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "triangulate.config.settings.production",
            "ALLOWED_HOSTS": "triangulate.example",
        }
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60, "DEBUG": "1"}, "DEBUG"),
        (
            {
                "SECRET_KEY": "x" * 60,
                "OIDC_RP_CLIENT_ID": "triangulate",
                "OIDC_RP_CLIENT_SECRET": "s",
                "OIDC_ISSUER": "http://login.kingsmere.example",
            },
            "https://",
        ),
        (
            {
                "SECRET_KEY": "x" * 60,
                "OIDC_RP_CLIENT_ID": "triangulate",
                "OIDC_ISSUER": "https://login.kingsmere.example",
            },
            "OIDC_RP_CLIENT_SECRET",
        ),
    ],
)
def test_production_refuses_to_start_unsafely(overrides, message):
    result = _production_check(overrides)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_check_deploy():
    result = _production_check({"SECRET_KEY": "p" + "q7Z!k2#Lm9$Vx4&Rt8*Wn3@Hs6^Jd1(Bf5)Gy0" * 2})
    assert result.returncode == 0, result.stderr


def test_production_settings_with_openid_connect_pass_check_deploy():
    result = _production_check(
        {
            "SECRET_KEY": "p" + "q7Z!k2#Lm9$Vx4&Rt8*Wn3@Hs6^Jd1(Bf5)Gy0" * 2,
            "OIDC_RP_CLIENT_ID": "triangulate",
            "OIDC_RP_CLIENT_SECRET": "synthetic-secret",
            "OIDC_ISSUER": "https://login.kingsmere.example",
        }
    )
    assert result.returncode == 0, result.stderr
