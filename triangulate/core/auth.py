"""Sign-in, slowed after repeated failures without telling whether a username exists.

Failures are counted on the shared cache (``core.ratelimit``) for each username from each
client address, and for each client address across all usernames. Once a count reaches its
limit within ``LOCKOUT_WINDOW_MINUTES``, sign-ins for that username from that client (or
any sign-in from that client) are refused for a delay that doubles with each further
failure, from ``LOCKOUT_FIRST_DELAY_SECONDS`` up to ``LOCKOUT_MAX_DELAY_MINUTES``.

The counts never depend on whether the username belongs to an account, so the answer is the
same for every username; and a stranger failing to sign in as a practitioner from their own
device slows only themselves: the practitioner signs in from theirs as usual.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.utils import timezone

from . import ratelimit
from .audit import audit
from .models import AuditAction, User


def _now() -> float:
    return time.time()


class SignInThrottled(Exception):
    """Too many failed sign-ins from this client (for this username, or for any)."""

    def __init__(self, wait_seconds: int):
        super().__init__(f"wait {wait_seconds} seconds")
        self.wait_seconds = wait_seconds


def _keys(username: str, client: str) -> tuple[str, str]:
    return (
        f"sign-in:pair:{ratelimit.hashed(username.strip().lower(), client)}",
        f"sign-in:client:{ratelimit.hashed(client)}",
    )


def _limits() -> tuple[int, int]:
    return settings.LOCKOUT_FAILURE_LIMIT, settings.SIGN_IN_CLIENT_FAILURE_LIMIT


def _wait(username: str, client: str, now: float) -> int:
    """Seconds before this username may be tried again from this client (0: now)."""
    states = cache.get_many(_keys(username, client)).values()
    until = max((state["until"] for state in states), default=0)
    return math.ceil(until - now) if until > now else 0


def _record_failure(username: str, client: str, now: float) -> bool:
    """Count a failure for the pair and the client; True if a back-off has just begun."""
    window = settings.LOCKOUT_WINDOW_MINUTES * 60
    longest = settings.LOCKOUT_MAX_DELAY_MINUTES * 60
    started = False
    for key, limit in zip(_keys(username, client), _limits(), strict=True):
        state = cache.get(key)
        if state is None or now - state["first"] > window and state["until"] <= now:
            state = {"failures": 0, "first": now, "until": 0}
        state["failures"] += 1
        if state["failures"] >= limit:
            delay = min(
                longest, settings.LOCKOUT_FIRST_DELAY_SECONDS * 2 ** (state["failures"] - limit)
            )
            state["until"] = now + delay
            started = True
        cache.set(key, state, timeout=window + longest)
    return started


class LockoutModelBackend(ModelBackend):
    """Django's model backend, slowed per username and client after repeated failures, and
    refusing accounts past their expiry date."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not user.expired_on(timezone.localdate())

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        client = ratelimit.client_address(request)
        now = _now()
        wait = _wait(username, client, now)
        if wait:
            audit(
                None,
                AuditAction.SIGN_IN_FAILED,
                None,
                "sign in",
                detail={"username": username[:150], "reason": "slowed after failures"},
            )
            raise SignInThrottled(wait)
        user = User.objects.filter(username__iexact=username).first()
        if user is not None and user.is_demo_account and not settings.DEMO_MODE:
            audit(
                user, AuditAction.SIGN_IN_FAILED, user, "sign in", detail={"reason": "demo account"}
            )
            return None
        if user is None:
            User().set_password(password)  # spend the same time as a real check
        elif user.check_password(password) and self.user_can_authenticate(user):
            cache.delete(_keys(username, client)[0])
            return user
        if _record_failure(username, client, now):
            audit(
                user,
                AuditAction.LOCKED,
                user,
                "sign in",
                detail={"username": username[:150], "reason": "slowed after failures"},
            )
        else:
            audit(
                user,
                AuditAction.SIGN_IN_FAILED,
                user,
                "sign in",
                detail={"username": username[:150]},
            )
        return None
