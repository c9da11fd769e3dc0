"""Risk assessments: opening and listing them, starting one from what the records show,
scoring, saving a draft and finalising it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, extensions
from triangulate.core.audit import audit
from triangulate.core.concurrency import StaleEdit, bump
from triangulate.core.models import AuditAction, User
from triangulate.core.presenters import age_on
from triangulate.core.roles import Role

from .. import scoring
from ..models import FINAL_STATUSES, AssessmentStatus, ReviewPrompt, RiskAssessment
from .errors import AssessmentInvalid, AssessmentLocked
from .tools import current_tool

ASSESSING_ROLES = (Role.EXPLOITATION_PRACTITIONER, Role.TEAM_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER)


def assessment_open(*, actor: User, pk: int, purpose: str = "view risk assessment"):
    assessment = access.get_visible_or_403(actor, RiskAssessment, pk, purpose=purpose)
    audit(actor, AuditAction.VIEW, assessment, purpose)
    return assessment


def assessments_for(*, actor: User, person) -> list[RiskAssessment]:
    return list(
        access.visible(actor, RiskAssessment)
        .filter(person=person)
        .select_related("tool", "completed_by", "signed_off_by", "owning_agency")
        .order_by("-created_at", "-id")
    )


def draft_for(*, actor: User, person) -> RiskAssessment | None:
    """The draft this user's agency has open for the child, if any."""
    return (
        access.visible(actor, RiskAssessment)
        .filter(person=person, status=AssessmentStatus.DRAFT, owning_agency=actor.agency_id)
        .order_by("-id")
        .first()
    )


@transaction.atomic
def assessment_start(*, actor: User, person) -> RiskAssessment:
    """Open the agency's draft for this child, or start one on the current tool version."""
    access.require(actor, "risk.assess")
    draft = draft_for(actor=actor, person=person)
    if draft:
        return draft
    tool = current_tool()
    previous = latest_final(actor=actor, person=person)
    answers = dict(previous.answers) if previous and previous.tool.slug == tool.slug else {}
    evidence = records_evidence(actor=actor, person=person, definition=tool.definition)
    for code, found in evidence.items():
        if found["answer"] == scoring.CURRENT or not answers.get(code):
            answers[code] = found["answer"]
    assessment = RiskAssessment(
        owning_agency=actor.agency, person=person, tool=tool, created_by=actor, answers=answers,
        evidence=evidence,
    )  # fmt: skip
    _apply_score(assessment, timezone.localdate())
    assessment.save()
    audit(actor, AuditAction.CREATE, assessment, "start a risk assessment")
    return assessment


def records_evidence(*, actor: User, person, definition: dict) -> dict[str, dict]:
    """What the records this user may see already show for the tool's indicators, from
    every app that provides indicator evidence (core.extensions), audited as a view."""
    found = extensions.indicator_evidence(actor, person)
    answers = scoring.evidence_answers(definition, found, timezone.localdate())
    if found:
        audit(
            actor, AuditAction.VIEW, person, "read what the records show for a risk assessment",
            detail={"indicators": sorted(answers)},
        )  # fmt: skip
    return answers


def _apply_score(assessment: RiskAssessment, on: dt.date) -> scoring.Outcome:
    age = age_on(assessment.person.date_of_birth, on)
    outcome = scoring.score(assessment.tool.definition, assessment.answers, age=age)
    assessment.age_at_assessment = age
    assessment.score = outcome.score
    assessment.band_level = outcome.band_level
    assessment.floor_level = outcome.floor_level or ""
    assessment.floor_reasons = outcome.floor_reasons
    assessment.suggested_level = outcome.suggested_level
    return outcome


def latest_review_date(assessment: RiskAssessment, level: str, on: dt.date) -> dt.date:
    return on + dt.timedelta(days=scoring.review_days(assessment.tool.definition, level))


def finalise_errors(assessment: RiskAssessment, on: dt.date) -> dict[str, str]:
    definition = assessment.tool.definition
    errors: dict[str, str] = {}
    level = assessment.judged_level
    if not level:
        errors["judged_level"] = "Select the risk level you judge the child to be at"
    elif level not in scoring.level_codes(definition):
        errors["judged_level"] = "Select one of the tool's risk levels"
    elif scoring.below_floor(definition, level, assessment.floor_level):
        floor = scoring.level_label(definition, assessment.floor_level).lower()
        errors["judged_level"] = (
            f"The level cannot be lower than {floor}: {'; '.join(assessment.floor_reasons)}"
        )
    if level and level != assessment.suggested_level and not assessment.rationale.strip():
        errors["rationale"] = (
            "Explain why your judgement differs from the suggested level "
            f"({scoring.level_label(definition, assessment.suggested_level).lower()})"
        )
    if not assessment.review_due:
        errors["review_due"] = "Enter the date of the next review"
    elif assessment.review_due <= on:
        errors["review_due"] = "The next review must be after today"
    elif level and "judged_level" not in errors:
        latest = latest_review_date(assessment, level, on)
        if assessment.review_due > latest:
            errors["review_due"] = (
                f"The next review for this level must be on or before {latest.day} {latest:%B %Y}"
            )
    return errors


def assessment_save(
    *,
    actor: User,
    assessment: RiskAssessment,
    expected_version: int,
    answers: dict[str, str],
    judged_level: str,
    rationale: str,
    review_due: dt.date | None,
    finalise: bool = False,
) -> RiskAssessment:
    """Save a draft (always kept, even when incomplete) and, if asked, finalise it.

    A finalised assessment is locked; a stale version is refused without writing anything.
    The draft is committed before the finalising checks, so nothing typed is lost to them.
    """
    with transaction.atomic():
        errors = _save_draft(
            actor, assessment, expected_version, answers, judged_level, rationale, review_due,
            finalise,
        )  # fmt: skip
    if errors:
        raise AssessmentInvalid(errors)
    if finalise:
        with transaction.atomic():
            _finalise(actor, assessment)
    return assessment


def _save_draft(
    actor, assessment, expected_version, answers, judged_level, rationale, review_due, finalise
) -> dict[str, str]:
    access.require(actor, "risk.assess")
    if assessment.owning_agency_id != actor.agency_id:
        raise access.AccessDenied("Only the agency that started an assessment can change it.")
    try:
        bump(
            assessment, expected_version,
            where={"status": AssessmentStatus.DRAFT}, updated_at=timezone.now(),
        )  # fmt: skip
    except StaleEdit:
        assessment.refresh_from_db()
        if assessment.status != AssessmentStatus.DRAFT:
            raise AssessmentLocked from None
        raise
    assessment.refresh_from_db()
    codes = {indicator["code"] for _, indicator in scoring.indicators(assessment.tool.definition)}
    assessment.answers = {k: v for k, v in answers.items() if k in codes and v}
    assessment.judged_level = judged_level or ""
    assessment.rationale = rationale or ""
    assessment.review_due = review_due
    today = timezone.localdate()
    _apply_score(assessment, today)
    errors = finalise_errors(assessment, today) if finalise else {}
    assessment.save()
    audit(actor, AuditAction.CHANGE, assessment, "save a draft risk assessment")
    return errors


def _finalise(actor: User, assessment: RiskAssessment) -> None:
    now = timezone.now()
    previous = (
        RiskAssessment.objects.filter(
            person=assessment.person,
            owning_agency=assessment.owning_agency,
            status__in=FINAL_STATUSES,
            superseded_by__isnull=True,
        )
        .exclude(pk=assessment.pk)
        .order_by("-completed_at", "-id")
    )
    bump(
        assessment, assessment.version,
        status=AssessmentStatus.AWAITING_SIGN_OFF, completed_by=actor, completed_at=now,
    )  # fmt: skip
    previous.update(superseded_by=assessment)
    ReviewPrompt.objects.filter(person=assessment.person, resolved_by__isnull=True).update(
        resolved_by=assessment
    )
    audit(
        actor,
        AuditAction.CHANGE,
        assessment,
        "finalise a risk assessment",
        detail={
            "judged_level": assessment.judged_level,
            "suggested_level": assessment.suggested_level,
            "score": assessment.score,
        },
    )


def latest_final(*, actor: User, person) -> RiskAssessment | None:
    return (
        access.visible(actor, RiskAssessment)
        .filter(person=person, status__in=FINAL_STATUSES)
        .select_related("tool")
        .order_by("-completed_at", "-id")
        .first()
    )
