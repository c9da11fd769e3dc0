"""Two-factor sign-in: enrolment, the second step, recovery codes and an administrator's
reset, and the accounts page that shows who has set it up.

Secrets are never written to the audit log or to any log: an authenticator key is shown
only while its enrolment is unconfirmed, recovery codes only in the answer that made them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import django_otp
from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User
from triangulate.core.presenters import uk_date

from ..accounts import review_due_on

AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"
RECOVERY_CODE_COUNT = 10


class WrongCode(Exception):
    """The code entered does not match (or the device is slowed after failures)."""


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


@transaction.atomic
def enrolment_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for ``user`` (replacing any earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def _clean(token: str) -> str:
    return "".join(token.split()).lower()


@transaction.atomic
def enrolment_confirm(*, request, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm ``device`` with a code from it; return new recovery codes (shown once).

    Any earlier authenticator and recovery codes are removed; the session counts as having
    passed the second step.
    """
    if device.user_id != user.pk or device.confirmed or not device.verify_token(_clean(token)):
        raise WrongCode
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_replace(user=user)
    django_otp.login(request, device)
    audit(
        user,
        AuditAction.CHANGE,
        user,
        "set up two-factor sign-in",
        detail={"device": AUTHENTICATOR, "recovery_codes": len(codes)},
    )
    return codes


def recovery_codes_replace(*, user: User) -> list[str]:
    """Throw away ``user``'s recovery codes and make a fresh set (returned, never stored
    anywhere the user could read them again)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@dataclass(frozen=True)
class Verified:
    device_name: str
    recovery_codes_left: int | None = None


def second_step(*, request, user: User, token: str) -> Verified:
    """Check a code from the authenticator or a recovery code (each recovery code works once).

    Success and failure are audited (a failure outside any transaction, so that it stays
    written); the code itself never is.
    """
    token = _clean(token)
    device = django_otp.match_token(user, token) if token else None
    if device is None:
        audit(user, AuditAction.SIGN_IN_FAILED, user, "sign in", detail={"step": "second"})
        raise WrongCode
    django_otp.login(request, device)
    left = None
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
    audit(
        user,
        AuditAction.SIGN_IN,
        user,
        "sign in",
        detail={"step": "second", "device": device.name, "recovery_codes_left": left},
    )
    return Verified(device_name=device.name, recovery_codes_left=left)


def demo_code(user: User) -> str:
    """The code a demo account's authenticator shows now (callers check DEMO_MODE)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not user.is_demo_account:
        return ""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(code).zfill(device.digits)


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, reason: str) -> int:
    """An administrator removes ``user``'s authenticator and recovery codes (audited with the
    reason); the user sets up a new authenticator at their next sign-in."""
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    audit(
        actor,
        AuditAction.CHANGE,
        user,
        "reset two-factor sign-in",
        detail={"reason": reason, "devices_removed": removed},
    )
    return removed


@dataclass(frozen=True)
class AccountRow:
    user: User
    enrolled: bool
    status: str
    review_due: dt.date
    review_overdue: bool


def users_for_administration(today: dt.date) -> list[AccountRow]:
    """Every account with its agency, roles, state and access review, for the users page."""
    enrolled = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    users = User.objects.select_related("agency").prefetch_related("grants").order_by("username")
    rows = []
    for user in users:
        user._role_codes = frozenset(grant.role for grant in user.grants.all())
        if not user.is_active:
            status = "Switched off"
        elif user.expired_on(today):
            status = "Expired"
        elif user.account_expires_on:
            status = f"Active until {uk_date(user.account_expires_on)}"
        else:
            status = "Active"
        due = review_due_on(user)
        rows.append(AccountRow(user, user.pk in enrolled, status, due, due <= today))
    return rows
