"""Risk tools (versioned configuration), assessments, contributions, review prompts and
safety plans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from triangulate.core.models import PersonalData


class RiskTool(models.Model):
    """One version of a risk tool. Editing a tool publishes a new version; old assessments
    keep pointing at the version they were completed with."""

    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    version = models.PositiveIntegerField()
    definition = models.JSONField()
    change_note = models.CharField(max_length=300, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="risk_tool_one_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting manager sign-off"
    SIGNED_OFF = "signed_off", "Signed off"


FINAL_STATUSES = (AssessmentStatus.AWAITING_SIGN_OFF, AssessmentStatus.SIGNED_OFF)


class RiskAssessment(PersonalData):
    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="risk_assessments"
    )
    tool = models.ForeignKey(RiskTool, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    # What the records showed when the assessment was started, per indicator code:
    # {"answer": "current" | "past", "sources": [{"text", "on", "href"}]}.
    evidence = models.JSONField(default=dict, blank=True)
    score = models.PositiveIntegerField(default=0)
    band_level = models.CharField(max_length=20, blank=True)
    floor_level = models.CharField(max_length=20, blank=True)
    floor_reasons = models.JSONField(default=list, blank=True)
    suggested_level = models.CharField(max_length=20, blank=True)
    judged_level = models.CharField(max_length=20, blank=True)
    rationale = models.TextField(blank=True)
    review_due = models.DateField(null=True, blank=True, db_index=True)
    age_at_assessment = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_comment = models.TextField(blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(fields=["person", "status", "completed_at"]),
            # A manager's sign-offs waiting, among years of signed-off assessments.
            models.Index(
                fields=["owning_agency", "completed_at"],
                condition=models.Q(status="awaiting_sign_off"),
                name="risk_awaiting_sign_off",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    ~models.Q(judged_level="")
                    & models.Q(review_due__isnull=False)
                    & models.Q(completed_at__isnull=False)
                ),
                name="risk_assessment_final_is_complete",
            )
        ]

    def __str__(self) -> str:
        return f"Risk assessment {self.pk}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class RiskContribution(PersonalData):
    """What another agency knows, offered for the child's next assessment and shared
    explicitly (with its lawful basis) to the agency that assesses."""

    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="risk_contributions"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    indicators = models.JSONField(default=list, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)


class PromptReason(models.TextChoices):
    MISSING_EPISODE = "missing_episode", "Missing episode"
    RETURN_INTERVIEW = "return_interview", "Return home interview findings"
    INTELLIGENCE = "intelligence", "New intelligence"
    CONTACT = "contact", "New contact"


class ReviewPrompt(PersonalData):
    """A new event asking for an earlier review than the scheduled date."""

    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="review_prompts"
    )
    reason = models.CharField(max_length=30, choices=PromptReason.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        RiskAssessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["person", "resolved_by"])]


class SafetyPlan(PersonalData):
    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="safety_plans"
    )
    purpose = models.TextField(
        blank=True, help_text="What the plan is for, in words a partner agency can act on"
    )
    child_views = models.TextField(blank=True)
    family_views = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Will not be done"


class PlanAction(PersonalData):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    responsible_agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    is_milestone = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    done_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class SupportDelivered(PersonalData):
    """Support or an intervention that actually happened, so the file shows it."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="support")
    delivered_on = models.DateField()
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
