"""OpenID Connect sign-in through the authority's identity provider (ADR 0026).

mozilla-django-oidc runs the authorisation code flow (state, nonce and PKCE) and checks the
ID token's signature against the provider's keys; this module adds what Triangulate needs:

- the provider's endpoints from its discovery document when only the issuer is configured;
- the ID token's issuer and audience checked as well;
- a person is signed in only to an account that already exists, is active and unexpired, and
  has the email address the provider gives (in an allowed domain, with the required claim
  when one is configured), or was linked to the provider's subject at an earlier sign-in.
  No account is ever made and no role ever comes from a claim;
- whether the provider asserted its own second factor (``amr``/``acr``), so that the view
  can count the sign-in as the second step too.

Every refusal is a :class:`SignInRefused` carrying its reason for the audit log and the
message the person sees.
"""

from __future__ import annotations

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from triangulate.core import ratelimit
from triangulate.core.models import User
from triangulate.core.refusals import Refused

from .models import IdentityProviderAccount

METHOD = "OpenID Connect"
DEVICE_NAME = "Identity provider"
DISCOVERY_SECONDS = 60 * 60

# The settings mozilla-django-oidc reads for each endpoint, and their discovery names.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}

TRY_AGAIN = "Try again, or sign in with your username and password."
MESSAGES = {
    "no account": "There is no Triangulate account for the email address your organisation "
    "gave. Ask your Triangulate administrator to set up an account for you.",
    "more than one account": "More than one Triangulate account has the email address your "
    "organisation gave. Ask your Triangulate administrator to correct this.",
    "linked to someone else": "The Triangulate account with this email address is linked to "
    "another person at your organisation. Ask your Triangulate administrator.",
    "inactive": "Your Triangulate account has been closed. Ask your Triangulate administrator "
    "if you still need it.",
    "expired": "Your Triangulate account has expired. Ask your Triangulate administrator to "
    "review it.",
    "demo account": "Demonstration accounts cannot be used here.",
    "email domain": "The email address your organisation gave cannot be used to sign in to "
    "Triangulate.",
    "claim": "Your organisation has not allowed your account to sign in to Triangulate.",
    "no email": "Your organisation did not give an email address for you.",
    "state": f"The sign-in had expired or was started in another browser. {TRY_AGAIN}",
    "not confirmed": f"Your organisation's sign-in service did not confirm who you are. "
    f"{TRY_AGAIN}",
    "provider unavailable": f"Your organisation's sign-in service could not be reached. "
    f"{TRY_AGAIN}",
}


class SignInRefused(Refused):
    """A sign-in through the identity provider that was refused (``reason`` is audited)."""

    def __init__(self, reason: str, *, user: User | None = None, email: str = ""):
        super().__init__(MESSAGES[reason])
        self.reason = reason
        self.user = user
        self.email = email


def _discovery() -> dict:
    issuer = settings.OIDC_ISSUER
    key = f"oidc:discovery:{ratelimit.hashed(issuer)}"
    document = cache.get(key)
    if document is None:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
        if document.get("issuer", "").rstrip("/") != issuer:
            raise SignInRefused("not confirmed")
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def setting(attr: str, *default):
    """A setting as mozilla-django-oidc asks for it, with each endpoint not configured
    explicitly taken from the issuer's discovery document."""
    if attr in ENDPOINTS and not getattr(settings, attr, "") and settings.OIDC_ISSUER:
        return _discovery()[ENDPOINTS[attr]]
    return import_from_settings(attr, *default)


def _endpoint(attr: str):
    return property(lambda self: setting(attr))


def second_factor_asserted(claims: dict) -> bool:
    """Whether the ID token says the provider checked a second factor that counts here."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    acr = claims.get("acr") or ""
    return bool(set(amr) & set(settings.OIDC_MFA_AMR)) or (
        bool(acr) and acr in settings.OIDC_MFA_ACR
    )


def _claim_allowed(claims: dict) -> bool:
    if not settings.OIDC_REQUIRED_CLAIM:
        return True
    name, _, wanted = settings.OIDC_REQUIRED_CLAIM.partition("=")
    value = claims.get(name.strip())
    values = value if isinstance(value, list) else [value]
    return wanted.strip() in [str(item) for item in values if item is not None]


class Backend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, mapping the provider's claims onto existing accounts.

    The endpoints are read when used (so that a password sign-in never waits on the
    provider); ``authenticate`` answers only the callback of an OpenID Connect sign-in.
    """

    get_settings = staticmethod(setting)
    OIDC_OP_TOKEN_ENDPOINT = _endpoint("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _endpoint("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _endpoint("OIDC_OP_JWKS_ENDPOINT")

    def __init__(self, *args, **kwargs):
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = User

    def authenticate(self, request, **kwargs):
        if "nonce" not in kwargs or "username" in kwargs or "password" in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (requests.ConnectionError, requests.Timeout) as failed:
            raise SignInRefused("provider unavailable") from failed
        except (requests.RequestException, jwt.PyJWTError, ValueError, KeyError) as failed:
            raise SignInRefused("not confirmed") from failed

    def verify_token(self, token, **kwargs):
        try:
            payload = super().verify_token(token, **kwargs)
        except SuspiciousOperation as failed:
            raise SignInRefused("not confirmed") from failed
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        issuer = settings.OIDC_ISSUER
        if self.OIDC_RP_CLIENT_ID not in audiences or (
            issuer and str(payload.get("iss", "")).rstrip("/") != issuer
        ):
            raise SignInRefused("not confirmed")
        return payload

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not user.expired_on(timezone.localdate())

    def get_user(self, user_id):
        try:
            user = User.objects.get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        if claims.get("sub") != payload.get("sub") or not payload.get("sub"):
            raise SignInRefused("not confirmed")
        email = str(claims.get("email") or "").strip()
        issuer = str(payload.get("iss", "")).rstrip("/")
        link = (
            IdentityProviderAccount.objects.select_related("user")
            .filter(issuer=issuer, subject=payload["sub"])
            .first()
        )
        user = self._by_email(email, claims) if link is None else link.user
        self._check(user, email, claims)
        if link is None:
            link = self._link(user, issuer, payload["sub"], email)
        user.identity_provider_device = link if second_factor_asserted(payload) else None
        return user

    def _by_email(self, email: str, claims: dict) -> User:
        if not email:
            raise SignInRefused("no email")
        domain = email.rpartition("@")[2].lower()
        if (
            settings.OIDC_ALLOWED_EMAIL_DOMAINS
            and domain not in settings.OIDC_ALLOWED_EMAIL_DOMAINS
        ):
            raise SignInRefused("email domain", email=email)
        if claims.get("email_verified") is False:
            raise SignInRefused("not confirmed", email=email)
        users = list(User.objects.filter(email__iexact=email)[:2])
        if not users:
            raise SignInRefused("no account", email=email)
        if len(users) > 1:
            raise SignInRefused("more than one account", email=email)
        return users[0]

    def _check(self, user: User, email: str, claims: dict) -> None:
        if not _claim_allowed(claims):
            raise SignInRefused("claim", user=user, email=email)
        if user.is_demo_account and not settings.DEMO_MODE:
            raise SignInRefused("demo account", user=user, email=email)
        if not user.is_active:
            raise SignInRefused("inactive", user=user, email=email)
        if user.expired_on(timezone.localdate()):
            raise SignInRefused("expired", user=user, email=email)

    def _link(self, user: User, issuer: str, subject: str, email: str) -> IdentityProviderAccount:
        if IdentityProviderAccount.objects.filter(user=user, issuer=issuer).exists():
            raise SignInRefused("linked to someone else", user=user, email=email)
        try:
            with transaction.atomic():
                return IdentityProviderAccount.objects.create(
                    user=user, name=DEVICE_NAME, issuer=issuer, subject=subject
                )
        except IntegrityError as clash:
            raise SignInRefused("linked to someone else", user=user, email=email) from clash
