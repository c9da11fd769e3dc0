"""What partner agencies give and are given: a finalised assessment shared with a partner,
and a partner's contribution to a child's assessment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import Agency, AuditAction, RecordShare, User

from ..models import RiskAssessment, RiskContribution
from .errors import AssessmentInvalid


def may_share_assessment(*, actor: User, assessment: RiskAssessment) -> bool:
    """Whether :func:`assessment_share` would let ``actor`` share this assessment now."""
    return (
        assessment.is_final
        and assessment.owning_agency_id == actor.agency_id
        and access.may(actor, "risk.assess")
    )


@transaction.atomic
def assessment_share(
    *, actor: User, assessment: RiskAssessment, agency: Agency, lawful_basis: str
) -> RecordShare:
    """Share a finalised assessment with a partner agency, with its lawful basis.

    Only the agency that holds it may share it, and only once it is finalised
    (:func:`may_share_assessment`, which the page asks to decide whether to offer it)."""
    access.require(actor, "risk.assess")
    if assessment.owning_agency_id != actor.agency_id:
        raise access.AccessDenied("Only the agency that holds an assessment can share it.")
    if not assessment.is_final:
        raise AssessmentInvalid({"agency": "Finalise the assessment before sharing it"})
    return records.share(
        actor, assessment, agency, basis=lawful_basis, purpose="multi-agency risk assessment"
    )


def assessment_shares(*, assessment: RiskAssessment) -> list[RecordShare]:
    return list(
        RecordShare.objects.filter(
            content_type_id=_content_type_id(assessment),
            object_id=assessment.pk,
            revoked_at__isnull=True,
        )
        .select_related("shared_with")
        .order_by("shared_at", "id")
    )


@transaction.atomic
def contribution_create(
    *,
    actor: User,
    person,
    share_with: Agency,
    lawful_basis: str,
    text: str,
    indicators: list[str],
) -> RiskContribution:
    """Record what this agency knows for the child's assessment, and share it explicitly."""
    access.require(actor, "risk.contribute", person)
    contribution = RiskContribution.objects.create(
        owning_agency=actor.agency, person=person, author=actor, text=text, indicators=indicators
    )
    audit(actor, AuditAction.CREATE, contribution, "contribute to a risk assessment")
    records.share(
        actor,
        contribution,
        share_with,
        basis=lawful_basis,
        purpose="contribution to a multi-agency risk assessment",
    )
    return contribution


def contributions_for(*, actor: User, person, since: dt.datetime | None = None):
    rows = access.visible(actor, RiskContribution).filter(person=person)
    if since:
        rows = rows.filter(created_at__gte=since)
    return list(rows.select_related("author", "owning_agency").order_by("-created_at", "-id"))


def _content_type_id(record) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(record).pk


def agencies() -> list[Agency]:
    return list(Agency.objects.filter(is_active=True).order_by("name", "id"))
