"""Information sharing: agreements and their reviews, shares made outside any agreement
(waiting for approval), and decisions not to share."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, RecordShare, User

from ..models import REVIEW_NOTICE_DAYS, Agreement, AgreementStatus, DecisionNotToShare

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


def one_in(queue, pk: int, *, message: str, purpose: str):
    """Row ``pk`` of a user's queue; a 403 (audited) if it is not in their queue."""
    row = queue.filter(pk=pk).first()
    if row is None:
        raise access.AccessDenied(
            message, record=(queue.model._meta.label_lower, pk), purpose=purpose
        )
    return row


def share_awaiting_approval(user: User, pk: int) -> RecordShare:
    return one_in(
        shares_awaiting_approval(user), pk,
        message="This share is not waiting for your agency's approval.",
        purpose="approve a share",
    )  # fmt: skip


def share_approve(*, actor: User, share: RecordShare, reason: str) -> RecordShare:
    return records.approve_share(actor, share, reason=reason)


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
