"""Delivery plans: priorities, objectives, actions, milestones, updates, dates and RAG rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class RagStatus(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Complete"
    CONTINUING = "continuing", "Continuing"


class RagRuleSet(models.Model):
    """One version of the RAG rules. The newest version in force is used; old ones are kept.

    ``rules`` is an ordered list; the first rule whose conditions all hold gives the status:
    ``{"status": "red", "when": {"overdue": true}, "text": "..."}``. Conditions are the
    vocabulary in ``services.rag.CONDITIONS``. ``evidence`` says what a progress update needs
    to count as evidence (``services.rag.EVIDENCE_RULES``); empty means any link or file.
    """

    version = models.PositiveIntegerField(unique=True)
    in_force_from = models.DateField()
    rules = models.JSONField()
    evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text="What a progress update needs to count as evidence: "
        '{"min_note_words": 8, "needs_link_or_file": true}',
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"RAG rules version {self.version}"


class Plan(models.Model):
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    review_cycle = models.CharField(max_length=120, default="Monthly sub-group")
    review_cycle_days = models.PositiveSmallIntegerField(default=31)
    owning_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="partnership_plan_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    """A configurable theme of a plan (Prevent, Protect, Pursue, Support ...)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="partnership_priority_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Objective(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(max_length=20)
    title = models.CharField(max_length=300)

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Action(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    number = models.CharField(max_length=20)
    title = models.CharField(max_length=400)
    success_measure = models.TextField()
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partnership_actions"
    )
    owning_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    target_date = models.DateField()
    original_target_date = models.DateField()
    is_continuing = models.BooleanField(default=False)
    is_public = models.BooleanField(default=True)
    completion_evidence = models.TextField(blank=True)
    completion_requested_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signed_off_at__isnull=True)
                | models.Q(completion_requested_at__isnull=False),
                name="partnership_action_signoff_needs_completion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def plan(self) -> Plan:
        return self.objective.priority.plan


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    target_date = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    """A dated progress note, with an evidence link or an uploaded file."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    note = models.TextField()
    evidence_link = models.URLField(blank=True)
    evidence_file = models.FileField(upload_to="partnership/evidence/", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_link or self.evidence_file)


class DateMoveRequest(models.Model):
    """A request to move an action's target date, sent to the second person asked to approve it.

    The date moves only when that person approves it in the product; naming them is a request,
    never an approval. Nobody approves their own move.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="date_moves")
    old_date = models.DateField()
    new_date = models.DateField()
    reason = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="date_moves_to_approve"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(approver=models.F("requested_by")),
                name="partnership_date_move_second_person",
            ),
            models.UniqueConstraint(
                fields=["action"],
                condition=models.Q(decided_at__isnull=True),
                name="partnership_one_date_move_waiting",
            ),
        ]

    @property
    def is_waiting(self) -> bool:
        return self.decided_at is None


class DateChange(models.Model):
    """One approved move of an action's target date: never edited, never deleted."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="date_changes")
    old_date = models.DateField()
    new_date = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    request = models.OneToOneField(
        DateMoveRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change",
        help_text="The request its approver approved (empty for dates moved before requests)",
    )

    @property
    def is_slip(self) -> bool:
        return self.new_date > self.old_date


class RagOverride(models.Model):
    """A lead's proposal to show a different status, live only once someone else approves it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="overrides")
    status = models.CharField(max_length=20, choices=RagStatus.choices)
    reason = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("proposed_by")),
                name="partnership_override_second_person",
            )
        ]


class PlanReview(models.Model):
    """A meeting of the plan's review cycle and the actions it looked at."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    body = models.CharField(max_length=200)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    actions = models.ManyToManyField(Action, related_name="reviews", blank=True)
    notes = models.TextField(blank=True)


class PlanVersion(models.Model):
    """The plan as it stood at month end: every action's number, dates and status."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    month = models.DateField()
    snapshot = models.JSONField()
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="partnership_version_month")
        ]


class ActionMove(models.Model):
    """An action moved to another plan or objective keeps its id, and so its whole history."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="moves")
    from_objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="+")
    to_objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="+")
    old_number = models.CharField(max_length=20)
    new_number = models.CharField(max_length=20)
    reason = models.TextField()
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moved_at = models.DateTimeField(default=timezone.now)
