"""Writes and audited reads for risk tools, assessments, review prompts and safety plans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from triangulate.core import access, extensions, records
from triangulate.core.audit import audit
from triangulate.core.concurrency import StaleEdit, bump
from triangulate.core.models import Agency, AuditAction, RecordShare, User
from triangulate.core.presenters import age_on
from triangulate.core.roles import CASEWORK_ROLES, Role

from . import scoring
from .models import (
    FINAL_STATUSES,
    ActionStatus,
    AssessmentStatus,
    PlanAction,
    PromptReason,
    ReviewPrompt,
    RiskAssessment,
    RiskContribution,
    RiskTool,
    SafetyPlan,
    SupportDelivered,
)
from .starter_tool import STARTER_DEFINITION, STARTER_TOOL_NAME, STARTER_TOOL_SLUG

ASSESSING_ROLES = (Role.EXPLOITATION_PRACTITIONER, Role.TEAM_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER)
TOOL_EDITING_ROLES = (Role.PARTNERSHIP_MANAGER, Role.SYSTEM_ADMINISTRATOR)


class AssessmentLocked(Exception):
    """A finalised assessment cannot be edited; start a new one to supersede it."""


class AssessmentInvalid(Exception):
    """The assessment cannot be finalised; ``errors`` maps form fields to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


# --- Tools -----------------------------------------------------------------------------------


def current_tool(slug: str = STARTER_TOOL_SLUG) -> RiskTool:
    """The newest version of a tool; the starter tool is created the first time it is needed."""
    tool = RiskTool.objects.filter(slug=slug).order_by("-version", "-id").first()
    if tool is None:
        if slug != STARTER_TOOL_SLUG:
            raise RiskTool.DoesNotExist(slug)
        tool, _ = RiskTool.objects.get_or_create(
            slug=STARTER_TOOL_SLUG,
            version=1,
            defaults={
                "name": STARTER_TOOL_NAME,
                "definition": STARTER_DEFINITION,
                "change_note": "Starter tool shipped with Triangulate",
            },
        )
    return tool


def tool_versions(slug: str = STARTER_TOOL_SLUG) -> list[RiskTool]:
    current_tool(slug)
    return list(RiskTool.objects.filter(slug=slug).order_by("-version", "-id"))


@transaction.atomic
def tool_publish(
    *, actor: User, slug: str, name: str, definition: dict, change_note: str, based_on: int
) -> RiskTool:
    """Publish a new version of a tool. Refused if the definition is invalid or if someone
    published another version since the editor opened ``based_on``."""
    access.require(actor, "risk.edit_tools")
    problems = scoring.validate_definition(definition)
    if problems:
        raise AssessmentInvalid({"definition": problems[0]})
    latest = current_tool(slug)
    if latest.version != based_on:
        raise StaleEdit
    tool = RiskTool.objects.create(
        slug=slug,
        name=name,
        version=latest.version + 1,
        definition=definition,
        change_note=change_note,
        published_by=actor,
    )
    audit(actor, AuditAction.CREATE, tool, "publish a new risk tool version")
    return tool


# --- Assessments -----------------------------------------------------------------------------


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


def may_share_assessment(*, actor: User, assessment: RiskAssessment) -> bool:
    """Whether :func:`assessment_share` would let ``actor`` share this assessment now."""
    return (
        assessment.is_final
        and assessment.owning_agency_id == actor.agency_id
        and access.may(actor, "risk.assess")
    )


def may_sign_off(*, actor: User, assessment: RiskAssessment) -> bool:
    """Whether ``actor`` may sign off or return this assessment now."""
    return assessment.status == AssessmentStatus.AWAITING_SIGN_OFF and access.may(
        actor, "risk.sign_off", assessment
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


def latest_final(*, actor: User, person) -> RiskAssessment | None:
    return (
        access.visible(actor, RiskAssessment)
        .filter(person=person, status__in=FINAL_STATUSES)
        .select_related("tool")
        .order_by("-completed_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class RiskStatus:
    """Where a child's risk assessment stands. The same words appear everywhere."""

    state: str  # none | up_to_date | overdue | review_prompted
    assessment: RiskAssessment | None = None
    prompts: list[ReviewPrompt] = field(default_factory=list)

    @property
    def level(self) -> str:
        return self.assessment.judged_level if self.assessment else ""

    @property
    def level_label(self) -> str:
        if not self.assessment:
            return "Not assessed"
        return scoring.level_label(self.assessment.tool.definition, self.assessment.judged_level)

    @property
    def is_overdue(self) -> bool:
        """Only a review date that has passed is overdue; a prompt is its own status."""
        return self.state == "overdue"

    @property
    def needs_review(self) -> bool:
        """Overdue, or an early review was prompted: either way the child needs a review."""
        return self.state == "overdue" or bool(self.prompts)

    @property
    def prompted_on(self) -> dt.date | None:
        """The day the earliest open early-review prompt was raised."""
        if not self.prompts:
            return None
        return timezone.localdate(self.prompts[0].created_at)


def status_of(assessment: RiskAssessment | None, prompts, today: dt.date) -> RiskStatus:
    prompts = list(prompts)
    if assessment is None:
        return RiskStatus("none", None, prompts)
    if assessment.review_due and assessment.review_due < today:
        return RiskStatus("overdue", assessment, prompts)
    if prompts:
        return RiskStatus("review_prompted", assessment, prompts)
    return RiskStatus("up_to_date", assessment, prompts)


def risk_status(*, actor: User, person, today: dt.date | None = None) -> RiskStatus:
    today = today or timezone.localdate()
    prompts = (
        access.visible(actor, ReviewPrompt)
        .filter(person=person, resolved_by__isnull=True)
        .order_by("created_at", "id")
    )
    return status_of(latest_final(actor=actor, person=person), prompts, today)


def risk_statuses(*, actor: User, people_ids=None, today: dt.date | None = None):
    """{person id: RiskStatus} for every child with a final assessment this user may see."""
    today = today or timezone.localdate()
    latest: dict[int, RiskAssessment] = {}
    assessments = access.visible(actor, RiskAssessment).filter(status__in=FINAL_STATUSES)
    if people_ids is not None:
        assessments = assessments.filter(person_id__in=people_ids)
    for assessment in assessments.select_related("tool", "person").order_by(
        "person_id", "completed_at", "id"
    ):
        latest[assessment.person_id] = assessment
    prompts: dict[int, list] = {}
    open_prompts = access.visible(actor, ReviewPrompt).filter(resolved_by__isnull=True)
    if people_ids is not None:
        open_prompts = open_prompts.filter(person_id__in=people_ids)
    for prompt in open_prompts.order_by("created_at", "id"):
        prompts.setdefault(prompt.person_id, []).append(prompt)
    ids = set(latest) | set(prompts)
    return {pid: status_of(latest.get(pid), prompts.get(pid, []), today) for pid in ids}


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


def latest_finals(*, actor: User) -> QuerySet[RiskAssessment]:
    """Each child's latest final assessment that this user may see, as one query."""
    final = access.visible(actor, RiskAssessment).filter(status__in=FINAL_STATUSES)
    later = final.filter(person_id=OuterRef("person_id")).filter(
        Q(completed_at__gt=OuterRef("completed_at"))
        | Q(completed_at=OuterRef("completed_at"), pk__gt=OuterRef("pk"))
    )
    return final.exclude(Exists(later))


def reviews_due(
    *, actor: User, mine_only: bool = False, within_days: int = 14
) -> QuerySet[RiskAssessment]:
    """The latest assessments this user may see (only those the user completed when
    ``mine_only``) whose child needs a review: overdue, prompted or due within
    ``within_days``; soonest first. A query, so that a page reads only the rows it shows:
    the review rule is worked out in the database, not child by child."""
    due_by = timezone.localdate() + dt.timedelta(days=within_days)
    prompted = (
        access.visible(actor, ReviewPrompt).filter(resolved_by__isnull=True).values("person_id")
    )
    rows = latest_finals(actor=actor).filter(Q(review_due__lte=due_by) | Q(person_id__in=prompted))
    if mine_only:
        rows = rows.filter(completed_by=actor)
    # A list needs each child, the judged level and its tool's wording: not the answers and
    # evidence, and each tool's definition read once, not once a row.
    return (
        rows.select_related("person")
        .prefetch_related("tool")
        .defer("answers", "evidence", "floor_reasons")
        .order_by("review_due", "pk")
    )


def statuses_of(*, actor: User, assessments, today: dt.date | None = None) -> list[RiskStatus]:
    """The review status of each of these latest assessments, with the child's open prompts
    (one query for the prompts of them all)."""
    today = today or timezone.localdate()
    assessments = list(assessments)
    prompts: dict[int, list] = {}
    for prompt in (
        access.visible(actor, ReviewPrompt)
        .filter(person_id__in={a.person_id for a in assessments}, resolved_by__isnull=True)
        .order_by("created_at", "id")
    ):
        prompts.setdefault(prompt.person_id, []).append(prompt)
    return [status_of(a, prompts.get(a.person_id, []), today) for a in assessments]


# --- Contributions and review prompts --------------------------------------------------------


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


def review_prompt_create(*, person, reason: str, detail: str = "", actor=None) -> ReviewPrompt:
    """Ask for an earlier review. Owned by the agency that holds the child's record."""
    prompt = ReviewPrompt.objects.create(
        owning_agency=person.owning_agency, person=person, reason=reason, detail=detail[:300]
    )
    audit(
        actor, AuditAction.CREATE, prompt, "prompt an early risk review", detail={"reason": reason}
    )
    return prompt


# --- Safety plans ----------------------------------------------------------------------------


def plan_for(*, actor: User, person) -> SafetyPlan | None:
    return (
        access.visible(actor, SafetyPlan)
        .filter(person=person, closed_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


def plan_open(*, actor: User, pk: int) -> SafetyPlan:
    plan = access.get_visible_or_403(actor, SafetyPlan, pk, purpose="view safety plan")
    audit(actor, AuditAction.VIEW, plan, "view safety plan")
    return plan


@transaction.atomic
def plan_create(*, actor: User, person) -> SafetyPlan:
    access.require(actor, "risk.assess")
    existing = plan_for(actor=actor, person=person)
    if existing:
        return existing
    plan = SafetyPlan.objects.create(owning_agency=actor.agency, person=person, created_by=actor)
    audit(actor, AuditAction.CREATE, plan, "start a safety plan")
    return plan


@transaction.atomic
def plan_update_views(
    *,
    actor: User,
    plan: SafetyPlan,
    expected_version: int,
    child_views: str,
    family_views: str,
    purpose: str | None = None,
) -> SafetyPlan:
    """Record what the plan is for and the child's and family's views in their own words;
    stale edits are refused."""
    access.require(actor, "risk.assess")
    access.require_changeable(actor, plan, purpose="record views on the safety plan")
    changes = {"child_views": child_views, "family_views": family_views}
    if purpose is not None:
        changes["purpose"] = purpose
    bump(plan, expected_version, **changes)
    plan.refresh_from_db()
    audit(actor, AuditAction.CHANGE, plan, "record views on the safety plan")
    return plan


def _content_type_id(record) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(record).pk


PARTNER_ACTION_PURPOSE = "safety plan action for a partner agency"


@transaction.atomic
def plan_action_add(
    *,
    actor: User,
    plan: SafetyPlan,
    text: str,
    responsible_agency: Agency,
    owner: User | None,
    due_on: dt.date,
    is_milestone: bool = False,
) -> PlanAction:
    """Add an action owned by an agency that delivers services; it is shared with that agency,
    to change (the action is theirs to carry out), so its named owner, or with nobody named
    its managers, see it and record its progress."""
    access.require(actor, "risk.assess")
    if responsible_agency.pk not in {a.pk for a in responsible_agencies()}:
        raise AssessmentInvalid(
            {"responsible_agency": "Choose an agency whose staff work with children"}
        )
    if owner is not None and owner.agency_id != responsible_agency.pk:
        raise AssessmentInvalid({"owner": "Choose a person from the agency responsible"})
    access.require_changeable(actor, plan, purpose="add a safety plan action")
    action = PlanAction.objects.create(
        owning_agency=plan.owning_agency,
        plan=plan,
        text=text,
        responsible_agency=responsible_agency,
        owner=owner,
        due_on=due_on,
        is_milestone=is_milestone,
    )
    audit(actor, AuditAction.CREATE, action, "add a safety plan action")
    records.share(
        actor,
        action,
        responsible_agency,
        basis=records.LawfulBasis.SAFEGUARDING,
        purpose=PARTNER_ACTION_PURPOSE,
        permits_change=True,
    )
    return action


def coordinates_actions_for(*, actor: User, agency_id: int | None) -> bool:
    """Whether unnamed actions for this agency reach this user: its team managers, or where
    the agency has none, everyone there whose work is with children."""
    if agency_id is None or actor.agency_id != agency_id or not actor.is_active:
        return False
    if actor.has_role(Role.TEAM_MANAGER):
        return True
    has_manager = User.objects.filter(
        is_active=True, agency_id=agency_id, grants__role=Role.TEAM_MANAGER
    ).exists()
    return not has_manager and actor.has_role(*CASEWORK_ROLES)


def action_owners(*, agency: Agency) -> list[User]:
    """People in the agency responsible who may be named to carry an action out."""
    return list(
        User.objects.filter(is_active=True, agency=agency, grants__role__in=CASEWORK_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def _may_change(actor: User, action: PlanAction) -> bool:
    """Whether the actor's agency may change the action: the plan's team, or the agency
    responsible through the share that gave it the action (one for reading is not enough)."""
    return access.changeable(actor, PlanAction).filter(pk=action.pk).exists()


def may_update_action(*, actor: User, action: PlanAction) -> bool:
    """The named owner, the plan's own team, or (for the agency responsible) whoever
    coordinates its actions may record progress and the outcome, while their agency may
    change the action."""
    return (
        action.owner_id == actor.pk
        or (action.owning_agency_id == actor.agency_id and access.may(actor, "risk.assess"))
        or coordinates_actions_for(actor=actor, agency_id=action.responsible_agency_id)
    ) and _may_change(actor, action)


def may_name_action_owner(*, actor: User, action: PlanAction) -> bool:
    return (
        (action.owning_agency_id == actor.agency_id and access.may(actor, "risk.assess"))
        or coordinates_actions_for(actor=actor, agency_id=action.responsible_agency_id)
    ) and _may_change(actor, action)


@transaction.atomic
def plan_action_update(
    *, actor: User, action: PlanAction, status: str, outcome: str = "", expected_version: int
) -> PlanAction:
    """Change an action's status and record its outcome; refused if someone changed it
    since it was opened."""
    if not may_update_action(actor=actor, action=action):
        raise access.AccessDenied("Only the action's owner or the plan's team can update it.")
    bump(
        action, expected_version,
        status=status, outcome=outcome,
        done_on=timezone.localdate() if status == ActionStatus.DONE else None,
    )  # fmt: skip
    action.refresh_from_db()
    audit(
        actor, AuditAction.CHANGE, action, "update a safety plan action", detail={"status": status}
    )
    return action


@transaction.atomic
def plan_action_name_owner(
    *, actor: User, action: PlanAction, owner: User, expected_version: int
) -> PlanAction:
    """Name the person in the agency responsible who will carry the action out."""
    if not may_name_action_owner(actor=actor, action=action):
        raise access.AccessDenied("Only the agency responsible or the plan's team can name who.")
    if owner.agency_id != action.responsible_agency_id or not owner.has_role(*CASEWORK_ROLES):
        raise AssessmentInvalid({"owner": "Choose a person from the agency responsible"})
    bump(action, expected_version, owner=owner)
    action.refresh_from_db()
    audit(
        actor, AuditAction.CHANGE, action, "name who owns a safety plan action",
        detail={"owner": owner.display_name},
    )  # fmt: skip
    return action


def plan_action_open(*, actor: User, pk: int) -> PlanAction:
    action = access.get_visible_or_403(actor, PlanAction, pk, purpose="safety plan action")
    audit(actor, AuditAction.VIEW, action, "view safety plan action")
    return action


@transaction.atomic
def support_record(
    *,
    actor: User,
    plan: SafetyPlan,
    delivered_on: dt.date,
    kind: str,
    description: str,
) -> SupportDelivered:
    """Record support or an intervention delivered, by the recording user's agency.

    The record belongs to the agency that delivered the support, not to the plan's owner:
    a partner who can read a shared plan adds what it did without changing the plan. The
    plan's owner is given a read share so the plan shows it.
    """
    access.require(actor, "risk.contribute", plan.person)
    support = SupportDelivered.objects.create(
        owning_agency=actor.agency,
        plan=plan,
        delivered_on=delivered_on,
        agency=actor.agency,
        kind=kind,
        description=description,
        recorded_by=actor,
    )
    audit(actor, AuditAction.CREATE, support, "record support delivered")
    records.share(
        actor,
        support,
        plan.owning_agency,
        basis=records.LawfulBasis.SAFEGUARDING,
        purpose="support delivered under the child's safety plan",
    )
    return support


def plan_actions(*, actor: User, plan: SafetyPlan) -> list[PlanAction]:
    return list(
        access.visible(actor, PlanAction)
        .filter(plan=plan)
        .select_related("responsible_agency", "owner")
        .order_by("due_on", "id")
    )


def plan_support(*, actor: User, plan: SafetyPlan) -> list[SupportDelivered]:
    return list(
        access.visible(actor, SupportDelivered)
        .filter(plan=plan)
        .select_related("agency")
        .order_by("-delivered_on", "-id")
    )


def open_actions_for_owner(*, actor: User) -> QuerySet[PlanAction]:
    """Open actions this user owns, and, for whoever coordinates their agency's actions,
    the agency's actions nobody has been named for yet; soonest due first."""
    mine = Q(owner=actor)
    if coordinates_actions_for(actor=actor, agency_id=actor.agency_id):
        mine |= Q(owner__isnull=True, responsible_agency_id=actor.agency_id)
    return (
        access.visible(actor, PlanAction)
        .filter(mine, status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
        .select_related("plan__person", "plan__owning_agency")
        .order_by("due_on", "id")
    )


def overdue_plan_actions(*, actor: User, today: dt.date | None = None) -> list[PlanAction]:
    today = today or timezone.localdate()
    return list(
        access.visible(actor, PlanAction)
        .filter(
            due_on__lt=today,
            status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS],
            plan__closed_at__isnull=True,
        )
        .select_related("plan__person", "responsible_agency")
        .order_by("due_on", "id")
    )


PROMPT_REASONS = PromptReason


def agencies() -> list[Agency]:
    return list(Agency.objects.filter(is_active=True).order_by("name", "id"))


def responsible_agencies() -> list[Agency]:
    """Agencies that may be responsible for a safety-plan action: those whose staff work
    with children (not, say, the elected members' council or the partnership itself)."""
    return list(
        Agency.objects.filter(
            is_active=True,
            users__is_active=True,
            users__grants__role__in=CASEWORK_ROLES,
        )
        .distinct()
        .order_by("name", "id")
    )


def casework_users() -> list[User]:
    """People who may own an action: active users in an agency with a casework role."""
    return list(
        User.objects.filter(is_active=True, agency__isnull=False, grants__role__in=CASEWORK_ROLES)
        .select_related("agency")
        .distinct()
        .order_by("last_name", "first_name", "id")
    )
