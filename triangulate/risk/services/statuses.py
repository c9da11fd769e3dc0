"""Where each child's risk assessment stands (up to date, overdue, review prompted or none),
the reviews due, and the prompts that ask for an early review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from .. import scoring
from ..models import FINAL_STATUSES, ReviewPrompt, RiskAssessment
from .assessments import latest_final


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


def review_prompt_create(*, person, reason: str, detail: str = "", actor=None) -> ReviewPrompt:
    """Ask for an earlier review. Owned by the agency that holds the child's record."""
    prompt = ReviewPrompt.objects.create(
        owning_agency=person.owning_agency, person=person, reason=reason, detail=detail[:300]
    )
    audit(
        actor, AuditAction.CREATE, prompt, "prompt an early risk review", detail={"reason": reason}
    )
    return prompt
