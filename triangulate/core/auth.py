"""Sign-in with account lockout after repeated failures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from .audit import audit
from .models import AuditAction, User


class AccountLocked(Exception):
    """The account is locked; the user is told to wait or ask an administrator."""


class LockoutModelBackend(ModelBackend):
    """Django's model backend, refusing locked accounts and counting failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            User().set_password(password)  # spend the same time as a real check
            audit(
                None,
                AuditAction.SIGN_IN_FAILED,
                None,
                "sign in",
                detail={"username": username[:150]},
            )
            return None
        if user.is_demo_account and not settings.DEMO_MODE:
            audit(
                user, AuditAction.SIGN_IN_FAILED, user, "sign in", detail={"reason": "demo account"}
            )
            return None
        if user.is_locked():
            audit(user, AuditAction.SIGN_IN_FAILED, user, "sign in", detail={"reason": "locked"})
            raise AccountLocked
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_sign_ins or user.locked_until:
                User.objects.filter(pk=user.pk).update(
                    failed_sign_ins=0, first_failure_at=None, locked_until=None
                )
            return user
        record_failure(user)
        return None


@transaction.atomic
def record_failure(user: User) -> None:
    now = timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    window = dt.timedelta(minutes=settings.LOCKOUT_WINDOW_MINUTES)
    if user.first_failure_at is None or now - user.first_failure_at > window:
        user.first_failure_at = now
        user.failed_sign_ins = 0
    user.failed_sign_ins += 1
    fields = ["failed_sign_ins", "first_failure_at"]
    if user.failed_sign_ins >= settings.LOCKOUT_FAILURE_LIMIT:
        user.locked_until = now + dt.timedelta(minutes=settings.LOCKOUT_PERIOD_MINUTES)
        fields.append("locked_until")
        audit(user, AuditAction.LOCKED, user, "sign in", detail={"failures": user.failed_sign_ins})
    else:
        audit(user, AuditAction.SIGN_IN_FAILED, user, "sign in")
    user.save(update_fields=fields)
