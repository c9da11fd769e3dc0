"""OpenID Connect sign-in, through a real (tiny) identity provider running in the test.

The provider serves discovery, an authorisation endpoint that sends the browser straight
back with a code, a token endpoint that checks the client secret and the PKCE verifier and
answers with an RS256-signed ID token (a key made when the tests start), its keys as JWKS,
and userinfo. Nothing of mozilla-django-oidc is mocked.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import current_code
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.core.roles import Role
from triangulate.governance.models import IdentityProviderAccount

CLIENT_ID = "triangulate-test"
CLIENT_SECRET = "synthetic-client-secret"  # noqa: S105
KID = "test-key"


class Provider:
    """An OpenID provider on a loopback port; ``person`` is whoever signs in there next."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.signing_key = self.key
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.provider = self
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.person: dict = {}
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
        }

    def jwks(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}

    def authorize(self, query: dict) -> str:
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"query": query, "person": dict(self.person)}
        back = urlencode({"code": code, "state": query["state"]})
        return f"{query['redirect_uri']}?{back}"

    def token(self, form: dict) -> tuple[int, dict]:
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["query"]["redirect_uri"]
        ):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if challenge.decode() != grant["query"].get("code_challenge"):
            return 400, {"error": "invalid_grant"}
        person = grant["person"]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": person["sub"],
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["query"]["nonce"],
            **{name: person[name] for name in ("amr", "acr") if name in person},
        }
        id_token = jwt.encode(claims, self.signing_key, algorithm="RS256", headers={"kid": KID})
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = person
        return 200, {"access_token": access_token, "token_type": "Bearer", "id_token": id_token}

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        person = self.tokens.get(authorization.removeprefix("Bearer "))
        if person is None:
            return 401, {"error": "invalid_token"}
        return 200, {"sub": person["sub"], "email": person["email"], "email_verified": True}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        provider = self.server.provider
        url = urlsplit(self.path)
        if url.path == "/.well-known/openid-configuration":
            self._json(200, provider.discovery())
        elif url.path == "/jwks":
            self._json(200, provider.jwks())
        elif url.path == "/userinfo":
            self._json(*provider.userinfo(self.headers.get("Authorization", "")))
        elif url.path == "/authorize":
            query = {name: values[0] for name, values in parse_qs(url.query).items()}
            self.send_response(302)
            self.send_header("Location", provider.authorize(query))
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._json(404, {})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = {
            name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()
        }
        if urlsplit(self.path).path == "/token":
            self._json(*self.server.provider.token(form))
        else:
            self._json(404, {})


@pytest.fixture(scope="module")
def running_provider():
    provider = Provider()
    yield provider
    provider.server.shutdown()
    provider.server.server_close()


@pytest.fixture
def provider(running_provider, settings, db):
    running_provider.signing_key = running_provider.key
    running_provider.person = {}
    settings.OIDC_ENABLED = True
    settings.OIDC_AUTHORITY_NAME = "Kingsmere Council"
    settings.OIDC_ISSUER = running_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ALLOWED_EMAIL_DOMAINS = ["kingsmere.gov.uk"]
    settings.OIDC_MFA_AMR = ["mfa"]
    settings.OIDC_MFA_ACR = []
    settings.AUTHENTICATION_BACKENDS = [
        "triangulate.core.auth.LockoutModelBackend",
        "triangulate.governance.oidc.Backend",
    ]
    return running_provider


@pytest.fixture
def worker(make_user, council):
    return make_user(
        council,
        Role.EXPLOITATION_PRACTITIONER,
        username="aokafor",
        email="Ada.Okafor@kingsmere.gov.uk",
    )


def _through_provider(client: Client, provider: Provider, start_next: str = "", **person):
    """Start at Triangulate, pass the provider, and come back: the callback's response."""
    provider.person = {"sub": "sub-ada", "email": "ada.okafor@kingsmere.gov.uk", **person}
    query = f"?{urlencode({'next': start_next})}" if start_next else ""
    start = client.get(f"{reverse('governance:oidc_start')}{query}")
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def _refusal(response) -> tuple[str, dict]:
    entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED).latest("id")
    assert response.status_code == 403
    assert "You could not be signed in" in response.content.decode()
    return entry.detail["reason"], entry.detail


def test_off_by_default_the_sign_in_page_offers_only_the_password(client, db):
    page = client.get(reverse("core:sign_in")).content.decode()
    assert "organisation's account" not in page
    assert client.get(reverse("governance:oidc_start")).status_code == 404
    assert client.get(reverse("governance:oidc_callback")).status_code == 404


def test_configured_the_sign_in_page_offers_the_authority_beside_the_password(client, provider):
    page = client.get(f"{reverse('core:sign_in')}?next=/my-work").content.decode()
    assert "Sign in with Kingsmere Council" in page
    assert f'href="{reverse("governance:oidc_start")}?next=%2Fmy-work"' in page
    assert 'name="password"' in page


def test_a_person_with_an_account_signs_in_and_still_gives_their_authenticator_code(
    client, provider, worker, child
):
    child_page = reverse("register:person", args=[child.pk])
    response = _through_provider(client, provider, start_next=child_page, amr=["pwd"])
    assert response["Location"] == child_page
    entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).latest("id")
    assert entry.actor_id == worker.pk
    assert entry.detail == {
        "method": "OpenID Connect",
        "second_factor": "authenticator still to come",
    }
    link = IdentityProviderAccount.objects.get(user=worker)
    assert (link.issuer, link.subject) == (provider.issuer, "sub-ada")

    held = client.get(child_page)
    assert held.status_code == 302
    assert held["Location"].startswith(reverse("governance:verify"))
    verified = client.post(
        f"{reverse('governance:verify')}?next={child_page}", {"code": current_code(worker)}
    )
    assert verified["Location"] == child_page
    assert client.get(child_page).status_code == 200


@pytest.mark.parametrize(
    ("claims", "mfa_acr", "counts"),
    [
        ({"amr": ["pwd", "mfa"]}, [], True),
        ({"acr": "urn:kingsmere:mfa"}, ["urn:kingsmere:mfa"], True),
        ({"amr": ["pwd"], "acr": "urn:kingsmere:password"}, ["urn:kingsmere:mfa"], False),
        ({}, [], False),
    ],
)
def test_the_providers_second_factor_counts_only_when_asserted_and_configured(
    client, provider, worker, child, settings, claims, mfa_acr, counts
):
    settings.OIDC_MFA_ACR = mfa_acr
    _through_provider(client, provider, **claims)
    response = client.get(reverse("register:person", args=[child.pk]))
    if counts:
        assert response.status_code == 200
    else:
        assert response["Location"].startswith(reverse("governance:verify"))
    detail = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).latest("id").detail
    assert (detail["second_factor"] == "identity provider") is counts


def test_no_account_for_the_email_is_refused_and_none_is_made(client, provider, worker):
    response = _through_provider(client, provider, sub="sub-x", email="x.stranger@kingsmere.gov.uk")
    reason, detail = _refusal(response)
    assert reason == "no account"
    assert detail["email"] == "x.stranger@kingsmere.gov.uk"
    assert "no Triangulate account" in response.content.decode()
    assert not IdentityProviderAccount.objects.exists()
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("core:sign_in"))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"account_expires_on": "2020-01-31"}, "expired"),
        ({"is_active": False}, "inactive"),
    ],
)
def test_an_expired_or_closed_account_is_refused(client, provider, worker, change, reason):
    type(worker).objects.filter(pk=worker.pk).update(**change)
    response = _through_provider(client, provider, amr=["mfa"])
    assert _refusal(response)[0] == reason
    entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED).latest("id")
    assert entry.actor_id == worker.pk
    assert client.get(reverse("core:home")).status_code == 302


def test_an_email_outside_the_allowed_domains_is_refused(client, provider, make_user, council):
    make_user(council, Role.EXPLOITATION_PRACTITIONER, email="ada@example.org")
    response = _through_provider(client, provider, email="ada@example.org")
    assert _refusal(response)[0] == "email domain"


def test_a_state_that_does_not_match_is_refused(client, provider, worker):
    provider.person = {"sub": "sub-ada", "email": "ada.okafor@kingsmere.gov.uk"}
    start = client.get(reverse("governance:oidc_start"))
    back = urlsplit(
        requests.get(start["Location"], allow_redirects=False, timeout=5).headers["Location"]
    )
    query = {name: values[0] for name, values in parse_qs(back.query).items()}
    forged = urlencode({**query, "state": "not-the-state-we-sent"})
    response = client.get(f"{back.path}?{forged}")
    assert _refusal(response)[0] == "state"
    stranger = Client().get(f"{back.path}?{back.query}")
    assert _refusal(stranger)[0] == "state"
    assert not AuditEntry.objects.filter(action=AuditAction.SIGN_IN).exists()


def test_a_token_signed_with_another_key_is_refused(client, provider, worker):
    provider.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response = _through_provider(client, provider)
    assert _refusal(response)[0] == "not confirmed"


def test_the_linked_subject_signs_in_after_an_email_change_and_no_one_else_takes_the_account(
    client, provider, worker
):
    _through_provider(client, provider)
    client.post(reverse("core:sign_out"))
    renamed = _through_provider(client, provider, email="ada.okafor-smith@kingsmere.gov.uk")
    assert renamed.status_code == 302
    client.post(reverse("core:sign_out"))
    impostor = _through_provider(Client(), provider, sub="sub-someone-else")
    assert _refusal(impostor)[0] == "linked to someone else"


def test_the_password_still_signs_in_when_the_provider_is_configured(client, provider, worker):
    response = client.post(reverse("core:sign_in"), {"username": "aokafor", "password": PASSWORD})
    assert response.status_code == 302
    assert not IdentityProviderAccount.objects.exists()


def test_a_provider_that_cannot_be_reached_is_said_so(client, provider, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.OIDC_ISSUER = f"http://127.0.0.1:{port}"
    response = client.get(reverse("governance:oidc_start"))
    assert _refusal(response)[0] == "provider unavailable"
    assert "could not be reached" in response.content.decode()
