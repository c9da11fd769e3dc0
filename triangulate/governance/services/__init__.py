"""Governance services: two-factor sign-in (enrolment, the second step, recovery codes and an
administrator's reset), information-sharing agreements, and shares outside any agreement.

Secrets are never written to the audit log or to any log: an authenticator key is shown
only while its enrolment is unconfirmed, recovery codes only in the answer that made them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import django_otp
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from triangulate.core import access, records
from triangulate.core.audit import audit, subject_of
from triangulate.core.concurrency import StaleEdit, bump
from triangulate.core.models import AuditAction, RecordShare, User
from triangulate.core.presenters import uk_date

from ..accounts import review_due_on
from ..models import (
    REVIEW_NOTICE_DAYS,
    Agreement,
    AgreementStatus,
    BreakGlassGrant,
    DecisionNotToShare,
)

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


# --- Information-sharing agreements -------------------------------------------------------


def _agreement_detail(agreement) -> dict:
    return {
        "title": agreement.title,
        "parties": sorted(agreement.parties.values_list("name", flat=True)),
        "status": agreement.status,
        "review_on": agreement.review_on.isoformat(),
    }


@transaction.atomic
def agreement_create(
    *,
    actor: User,
    title: str,
    parties,
    purposes: str,
    data_categories: list[str],
    lawful_bases: list[str],
    signatories: str,
    review_on,
    status: str,
) -> Agreement:
    agreement = Agreement.objects.create(
        title=title,
        purposes=purposes,
        data_categories=sorted(data_categories),
        lawful_bases=sorted(lawful_bases),
        signatories=signatories,
        review_on=review_on,
        status=status,
        created_by=actor,
    )
    agreement.parties.set(parties)
    audit(actor, AuditAction.CREATE, agreement, "record a sharing agreement",
          detail=_agreement_detail(agreement))  # fmt: skip
    return agreement


@transaction.atomic
def agreement_review(
    *, actor: User, agreement: Agreement, expected_version: int, review_on, status: str, note: str
) -> Agreement:
    """Record a review: the next review date and the status (stale reviews are refused)."""
    before = _agreement_detail(agreement)
    bump(
        agreement,
        expected_version,
        review_on=review_on,
        status=status,
        reviewed_at=timezone.now(),
    )
    agreement.refresh_from_db()
    audit(
        actor,
        AuditAction.CHANGE,
        agreement,
        "review a sharing agreement",
        detail={"before": before, "after": _agreement_detail(agreement), "note": note},
    )
    return agreement


def agreement_covers(agreement, owner, recipient, basis: str) -> bool:
    """Whether a live agreement covers a share from ``owner`` to ``recipient`` on ``basis``."""
    if agreement.status != AgreementStatus.LIVE or basis not in agreement.lawful_bases:
        return False
    party_ids = set(agreement.parties.values_list("id", flat=True))
    return recipient.pk in party_ids and (owner is None or owner.pk in party_ids)


def live_agreement_for(owner, recipient, basis: str) -> Agreement | None:
    """The live agreement covering a share (the one reviewed soonest, if several do)."""
    candidates = (
        Agreement.objects.filter(status=AgreementStatus.LIVE, parties=recipient)
        .prefetch_related("parties")
        .order_by("review_on", "id")
    )
    for agreement in candidates:
        if agreement_covers(agreement, owner, recipient, basis):
            return agreement
    return None


def agreements_list():
    return list(Agreement.objects.prefetch_related("parties").order_by("review_on", "title"))


def agreements_due_for_review(today=None) -> list[Agreement]:
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=REVIEW_NOTICE_DAYS)
    return list(
        Agreement.objects.filter(status=AgreementStatus.LIVE, review_on__lte=horizon).order_by(
            "review_on", "id"
        )
    )


def share_counts(agreement: Agreement) -> int:
    return RecordShare.objects.filter(agreement=agreement).count()


# --- Shares outside any agreement ---------------------------------------------------------


def shares_awaiting_approval(user: User):
    """Shares made by the user's agency outside any live agreement, not yet approved."""
    return (
        RecordShare.objects.filter(
            agreement__isnull=True,
            approved_at__isnull=True,
            revoked_at__isnull=True,
            shared_by__agency_id=user.agency_id,
        )
        .select_related("shared_with", "shared_by", "content_type")
        .order_by("shared_at", "id")
    )


def _one_in(queue, pk: int, *, message: str, purpose: str):
    """Row ``pk`` of a user's queue; a 403 (audited) if it is not in their queue."""
    row = queue.filter(pk=pk).first()
    if row is None:
        raise access.AccessDenied(
            message, record=(queue.model._meta.label_lower, pk), purpose=purpose
        )
    return row


def share_awaiting_approval(user: User, pk: int) -> RecordShare:
    return _one_in(
        shares_awaiting_approval(user), pk,
        message="This share is not waiting for your agency's approval.",
        purpose="approve a share",
    )  # fmt: skip


def share_approve(*, actor: User, share: RecordShare, reason: str) -> RecordShare:
    return records.approve_share(actor, share, reason=reason)


# --- Break-glass ----------------------------------------------------------------------------

BREAK_GLASS_HOURS = (1, 4, 12)


def break_glass_target(model, pk):
    """The record break-glass is asked for (404 if there is none); not shown to the asker."""
    record = model._default_manager.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


class BreakGlassRefused(Exception):
    """Break-glass is not for this person or this record (their own, or one they can see)."""


def live_break_glass_ids(user, model):
    """Ids of ``model`` rows a live break-glass grant lets ``user`` read (core.access)."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return BreakGlassGrant.objects.filter(
        user_id=user.pk, content_type=content_type, expires_at__gt=timezone.now()
    ).values("object_id")


@transaction.atomic
def break_glass(*, actor: User, record, justification: str, hours: int) -> BreakGlassGrant:
    """Open ``record`` to ``actor`` for reading for ``hours``, with a written justification.

    Only for someone who reads personal data, and only for a record outside what they can
    already see. Audited; the grant waits in the owner's information governance lead's
    review queue.
    """
    justification = justification.strip()
    if not justification or hours not in BREAK_GLASS_HOURS:
        raise ValueError("Break-glass needs a justification and one of the allowed durations")
    if not access.may_read_personal_data(actor):
        raise BreakGlassRefused("Your role does not read children's records.")
    if access.visible(actor, type(record)).filter(pk=record.pk).exists():
        raise BreakGlassRefused("You can already see this record.")
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
        object_id=record.pk,
        owning_agency=record.owning_agency,
        user=actor,
        justification=justification,
        granted_at=now,
        expires_at=now + dt.timedelta(hours=hours),
    )
    audit(
        actor,
        AuditAction.VIEW,
        record,
        "break-glass: emergency access",
        detail={"break_glass": grant.pk, "hours": hours, "justification": justification},
    )
    return grant


def break_glass_queue(user: User):
    """Break-glass grants over the lead's agency's records, those not yet reviewed first."""
    return (
        BreakGlassGrant.objects.filter(owning_agency_id=user.agency_id)
        .select_related("user", "user__agency", "content_type", "reviewed_by")
        .order_by(models.F("reviewed_at").asc(nulls_first=True), "-granted_at")
    )


def break_glass_counts(user: User) -> dict:
    grants = BreakGlassGrant.objects.filter(owning_agency_id=user.agency_id)
    return {
        "total": grants.count(),
        "waiting": grants.filter(reviewed_at__isnull=True).count(),
        "concerns": grants.filter(review_concern=True).count(),
        "live": grants.filter(expires_at__gt=timezone.now()).count(),
    }


def break_glass_for_review(user: User, pk: int) -> BreakGlassGrant:
    return _one_in(
        break_glass_queue(user), pk,
        message="This break-glass use is not over your agency's records.",
        purpose="review break-glass",
    )  # fmt: skip


@transaction.atomic
def break_glass_review(
    *, actor: User, grant: BreakGlassGrant, note: str, concern: bool, end_now: bool
) -> BreakGlassGrant:
    """The lead records a review (once); a concern may end the access at once."""
    now = timezone.now()
    changes = {"reviewed_by": actor, "reviewed_at": now, "review_note": note.strip(),
               "review_concern": concern}  # fmt: skip
    if end_now and grant.expires_at > now:
        changes["expires_at"] = now
    if not BreakGlassGrant.objects.filter(pk=grant.pk, reviewed_at__isnull=True).update(**changes):
        raise StaleEdit
    grant.refresh_from_db()
    audit(
        actor,
        AuditAction.CHANGE,
        ("governance.breakglassgrant", grant.pk),
        "review break-glass",
        detail={"concern": concern, "ended": "expires_at" in changes, "user": grant.user.username},
        subject=subject_of(grant.record) if grant.record is not None else None,
    )
    return grant


# --- Decisions not to share -----------------------------------------------------------------


@transaction.atomic
def decision_not_to_share(
    *, actor: User, record, requesting_agency, reasons: str, consent_refused: bool
) -> DecisionNotToShare:
    """Record a decision not to share ``record`` (which ``actor``'s agency may change)."""
    access.require_changeable(actor, record, purpose="decide not to share")
    reasons = reasons.strip()
    if not reasons:
        raise ValueError("A decision not to share needs its reasons")
    decision = DecisionNotToShare.objects.create(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
        object_id=record.pk,
        deciding_agency_id=actor.agency_id,
        requesting_agency=requesting_agency,
        reasons=reasons,
        consent_refused=consent_refused,
        decided_by=actor,
    )
    audit(
        actor,
        AuditAction.CREATE,
        record,
        "decide not to share",
        detail={
            "decision": decision.pk,
            "requesting_agency": requesting_agency.name,
            "consent_refused": consent_refused,
        },
    )
    return decision


def decisions_not_to_share(user: User):
    return (
        DecisionNotToShare.objects.filter(deciding_agency_id=user.agency_id)
        .select_related("requesting_agency", "decided_by", "content_type")
        .order_by("-decided_at", "-id")
    )


def decision_counts(user: User) -> list[tuple[str, int]]:
    rows = (
        decisions_not_to_share(user)
        .order_by()
        .values("requesting_agency__name")
        .annotate(n=models.Count("id"))
        .order_by("requesting_agency__name")
    )
    return [(row["requesting_agency__name"], row["n"]) for row in rows]
