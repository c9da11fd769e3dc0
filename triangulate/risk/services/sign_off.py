"""A manager's sign-off of a finalised assessment, or its return for rework, and the lists
of assessments waiting for either."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.core.roles import Role

from ..models import AssessmentStatus, ReviewPrompt, RiskAssessment
from .errors import AssessmentInvalid
from .statuses import RiskStatus, statuses_of


def _decide_sign_off(
    actor: User, assessment: RiskAssessment, expected_version: int, comment: str, **changes
) -> None:
    """The manager's decision on an assessment awaiting sign-off: always with a comment,
    refused if someone changed the assessment since it was opened."""
    access.require(actor, "risk.sign_off", assessment)
    if not comment.strip():
        raise AssessmentInvalid({"comment": "Enter manager's comment"})
    bump(
        assessment, expected_version, where={"status": AssessmentStatus.AWAITING_SIGN_OFF},
        **changes,
    )  # fmt: skip


@transaction.atomic
def assessment_sign_off(
    *, actor: User, assessment: RiskAssessment, expected_version: int, comment: str
) -> RiskAssessment:
    """A team manager in the owning agency signs off a finalised assessment, saying why."""
    _decide_sign_off(
        actor, assessment, expected_version, comment,
        status=AssessmentStatus.SIGNED_OFF, signed_off_by=actor, signed_off_at=timezone.now(),
        sign_off_comment=comment,
    )  # fmt: skip
    assessment.refresh_from_db()
    audit(actor, AuditAction.CHANGE, assessment, "sign off a risk assessment")
    return assessment


@transaction.atomic
def assessment_return(
    *, actor: User, assessment: RiskAssessment, expected_version: int, reason: str
) -> RiskAssessment:
    """A team manager returns a finalised assessment for rework, with the reason.

    It becomes a draft again for its agency to change and finalise; the assessment it had
    superseded is the current one again, and the early-review prompts it resolved are open
    again, until it is finalised once more.
    """
    _decide_sign_off(
        actor, assessment, expected_version, reason,
        status=AssessmentStatus.DRAFT, returned_by=actor, returned_at=timezone.now(),
        return_reason=reason,
    )  # fmt: skip
    RiskAssessment.objects.filter(superseded_by=assessment).update(superseded_by=None)
    ReviewPrompt.objects.filter(resolved_by=assessment).update(resolved_by=None)
    assessment.refresh_from_db()
    audit(
        actor, AuditAction.CHANGE, assessment, "return a risk assessment for rework",
        detail={"reason": reason},
    )  # fmt: skip
    return assessment


def assessments_returned_to(*, actor: User) -> list[RiskAssessment]:
    """Drafts a manager returned for rework to the practitioner who had finalised them."""
    return list(
        access.visible(actor, RiskAssessment)
        .filter(status=AssessmentStatus.DRAFT, completed_by=actor, returned_at__isnull=False)
        .select_related("person", "returned_by")
        .order_by("returned_at", "id")
    )


def may_sign_off(*, actor: User, assessment: RiskAssessment) -> bool:
    """Whether ``actor`` may sign off or return this assessment now."""
    return assessment.status == AssessmentStatus.AWAITING_SIGN_OFF and access.may(
        actor, "risk.sign_off", assessment
    )


def assessments_awaiting_sign_off(*, actor: User) -> QuerySet[RiskAssessment]:
    """Finalised assessments of the manager's agency waiting for sign-off, oldest first."""
    if not actor.has_role(Role.TEAM_MANAGER):
        return RiskAssessment.objects.none()
    return (
        access.visible(actor, RiskAssessment)
        .filter(status=AssessmentStatus.AWAITING_SIGN_OFF, owning_agency=actor.agency)
        .select_related("person")
        .prefetch_related("tool")
        .defer("answers", "evidence", "floor_reasons")
        .order_by("completed_at", "id")
    )


def sign_offs_waiting(
    *, actor: User, assessments, today: dt.date | None = None
) -> list[tuple[RiskAssessment, RiskStatus]]:
    """These assessments awaiting sign-off, each with its review status (the same rule as
    every other list: overdue once the review date has passed)."""
    assessments = list(assessments)
    statuses = statuses_of(actor=actor, assessments=assessments, today=today)
    return list(zip(assessments, statuses, strict=True))
