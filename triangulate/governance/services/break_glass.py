"""Break-glass: reading a record outside what one can see, in an emergency, with a written
justification, for a few hours; reviewed afterwards by the owning agency's lead."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit, subject_of
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditAction, User

from ..models import BreakGlassGrant
from .sharing import one_in

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
    return one_in(
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
