"""Issuing, revoking and checking API tokens.

A token is ``tri_<prefix>_<secret>``. The secret is random (256 bits) and shown once; the
database keeps its SHA-256 digest, enough for a value that cannot be guessed, and fast on
every request. Issuing and revoking are audited, naming the token by its prefix; the secret
is never written anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from .models import ApiToken

DEFAULT_DAYS = 90
MAX_DAYS = 365
# last_used_at is written at most this often, not on every request.
USE_RECORDED_EVERY = dt.timedelta(minutes=1)


class TokenProblem(Exception):
    """A token cannot be issued as asked (the message says why)."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_issue(
    *, user: User, name: str, days: int = DEFAULT_DAYS, by=None
) -> tuple[ApiToken, str]:
    """Issue a token acting as ``user`` for ``days`` days; the token row and the secret, which
    the caller shows once and never keeps."""
    name = (name or "").strip()
    if not name:
        raise TokenProblem("Say what the token is for")
    if len(name) > 100:
        raise TokenProblem("What the token is for must be 100 characters or fewer")
    if not 1 <= days <= MAX_DAYS:
        raise TokenProblem(f"A token lasts from 1 to {MAX_DAYS} days")
    if not user.is_active:
        raise TokenProblem(f"{user.username}'s account is not active")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=_digest(secret),
        created_at=now,
        created_by=by if isinstance(by, User) else None,
        expires_at=now + dt.timedelta(days=days),
    )
    audit(
        by,
        AuditAction.CREATE,
        token,
        "issue an API token",
        detail={"user": user.username, "prefix": prefix, "expires_at": token.expires_at},
    )
    return token, f"tri_{prefix}_{secret}"


@transaction.atomic
def token_revoke(*, token: ApiToken, by=None) -> ApiToken:
    """End a token now; a token already ended stays as it was."""
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        audit(
            by,
            AuditAction.CHANGE,
            token,
            "revoke an API token",
            detail={"user": token.user.username, "prefix": token.prefix},
        )
    token.refresh_from_db()
    return token


def tokens_of(*, user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


def own_token(*, user: User, pk: int) -> ApiToken:
    """One of the user's own tokens (404 for anyone else's: a token is never shown to another)."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    return token


def token_user(presented: str) -> tuple[ApiToken, User] | None:
    """The live token and its active user for a presented bearer value, or None."""
    parts = (presented or "").split("_")
    if len(parts) < 3 or parts[0] != "tri":
        return None
    prefix, secret = parts[1], "_".join(parts[2:])
    token = ApiToken.objects.select_related("user", "user__agency").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        return None
    if not token.is_live or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, token.user
