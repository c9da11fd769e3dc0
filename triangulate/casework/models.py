"""Exploitation cases: allocation to teams and workers, capacity, tasks, closing and reopening."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from triangulate.core.models import PersonalData
from triangulate.core.sensitivity import Sensitivity, label_field


class Team(models.Model):
    """A team that holds cases, with the caseload a full-time worker is expected to carry."""

    name = models.CharField(max_length=120, unique=True)
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    default_capacity = models.PositiveSmallIntegerField(default=12)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A worker in a team; capacity overrides the team's default (part-time, newly qualified)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="casework_teammember_unique")
        ]

    @property
    def effective_capacity(self) -> int:
        return self.capacity if self.capacity is not None else self.team.default_capacity


class ClosureSafer(models.TextChoices):
    YES = "yes", "Yes, the child is safer"
    PARTLY = "partly", "Partly"
    NO = "no", "No, the child is not safer"


class ClosureRisk(models.TextChoices):
    NONE = "none", "No longer at risk of exploitation"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Case(PersonalData):
    """An exploitation case for one child, opened from a triage decision."""

    reference = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "frontdoor.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # At closure: is the child safer, and the judged risk of exploitation (counted by the
    # performance figures).
    closure_safer = models.CharField(max_length=10, choices=ClosureSafer.choices, blank=True)
    closure_risk = models.CharField(max_length=10, choices=ClosureRisk.choices, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["worker", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "owning_agency"],
                condition=models.Q(status="open"),
                name="casework_one_open_case_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"Case {self.reference}"


class CaseEventKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    ALLOCATED = "allocated", "Allocated"
    CLOSED = "closed", "Case closed"
    REOPENED = "reopened", "Case reopened"
    TRANSFERRED = "transferred", "Transferred"
    CLOSURE_REQUESTED = "closure_requested", "Closure sent for sign-off"
    CLOSURE_RETURNED = "closure_returned", "Closure returned for rework"


class CaseEvent(PersonalData):
    """The case's own history (allocation, closing, reopening), each with who and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    detail = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True)
    # A transfer's handover note from the worker or manager to the case's new worker.
    handover = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now)


class ClosureStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting sign-off"
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned for rework"


class ClosureRequest(PersonalData):
    """A worker's request to close a case, for a team manager to sign off or return for
    rework with a reason."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closure_requests")
    reason = models.TextField()
    safer = models.CharField(max_length=10, choices=ClosureSafer.choices)
    risk = models.CharField(max_length=10, choices=ClosureRisk.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=12, choices=ClosureStatus.choices, default=ClosureStatus.AWAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="awaiting"),
                name="casework_one_closure_awaiting_per_case",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="returned", return_reason=""),
                name="casework_closure_returned_with_reason",
            ),
        ]


class Task(PersonalData):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    supervision = models.ForeignKey(
        "Supervision", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )

    class Meta:
        indexes = [models.Index(fields=["owner", "done_at", "due_on"])]


class NoteKind(models.TextChoices):
    VISIT = "visit", "Visit"
    PHONE = "phone", "Phone call"
    DIRECT_WORK = "direct_work", "Direct work session"
    MEETING = "meeting", "Meeting"
    PROFESSIONAL = "professional", "Professional discussion"
    SUPERVISION = "supervision", "Supervision"


class CaseNote(PersonalData):
    """A contact with or about a child, dated when it happened (not when it was typed).

    A note is never deleted: a correction keeps what it said before in :class:`NoteCorrection`.
    """

    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    occurred_at = models.DateTimeField()
    present = models.CharField(max_length=500, blank=True)
    child_seen = models.BooleanField(default=False)
    child_seen_alone = models.BooleanField(default=False)
    childs_words = models.TextField(blank=True)
    summary = models.TextField()
    significant = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # A sensitivity label keeps the note's words (who was present, what the child said, the
    # note) from everyone it does not name (core.sensitivity, core.access.withheld).
    sensitivity = label_field()
    LABELS = (Sensitivity.SEXUAL_HEALTH, Sensitivity.SCHOOL_CONFIDENTIAL, Sensitivity.ADOPTION)
    WITHHELD_FIELDS = ("present", "childs_words", "summary")
    AUTHOR_FIELD = "recorded_by_id"

    class Meta:
        indexes = [models.Index(fields=["person", "occurred_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(child_seen=False, child_seen_alone=True),
                name="casework_note_seen_alone_means_seen",
            ),
            models.CheckConstraint(
                condition=models.Q(occurred_at__lte=models.F("recorded_at")),
                name="casework_note_not_recorded_before_it_happened",
            ),
        ]

    def delete(self, *args, **kwargs):
        raise PermissionError("A case note is never deleted: correct it instead.")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%d/%m/%Y}"


class NoteCorrection(PersonalData):
    """What a note said before a correction, who corrected it, when and why."""

    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="corrections")
    previous = models.JSONField()
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)


class Supervision(PersonalData):
    """A manager's supervision of a case: reflection, decisions; its actions are case tasks."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="supervisions")
    held_on = models.DateField()
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reflection = models.TextField()
    decisions = models.TextField()
    recorded_at = models.DateTimeField(default=timezone.now)


class StrategyDecision(models.TextChoices):
    S47_JOINT = "s47_joint", "Section 47 enquiry, joint with police"
    S47_SINGLE = "s47_single", "Section 47 enquiry, single agency (children's social care)"
    NFA = "nfa", "No further action under section 47"


class StrategyDiscussion(PersonalData):
    """Police, social care, health (and others) decide whether to start a section 47 enquiry."""

    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    contact = models.ForeignKey(
        "frontdoor.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_at = models.DateTimeField()
    information_shared = models.TextField()
    decision = models.CharField(max_length=20, choices=StrategyDecision.choices)
    reasons = models.TextField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["held_at"])]

    def __str__(self) -> str:
        return f"Strategy discussion on {self.held_at:%d/%m/%Y}"


class StrategyAgency(models.Model):
    """An agency invited to a strategy discussion, and whether it took part."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="agencies"
    )
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "agency"], name="casework_strategyagency_unique"
            )
        ]


class StrategyAction(PersonalData):
    """An action a strategy discussion gives to a named person, shared with their agency."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="actions"
    )
    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)


class InvestigationOutcome(models.TextChoices):
    ONGOING = "ongoing", "Enquiries continuing"
    SUBSTANTIATED_CONFERENCE = "conference", "Concerns substantiated: child protection conference"
    SUBSTANTIATED_PLAN = "plan", "Concerns substantiated: plan without a conference"
    NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
    CRIMINAL = "criminal", "Criminal investigation continuing"


class JointInvestigation(PersonalData):
    """A joint (police and social care) section 47 investigation a strategy discussion began."""

    discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="investigation"
    )
    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    police_reference = models.CharField(max_length=40)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(
        max_length=20, choices=InvestigationOutcome.choices, default=InvestigationOutcome.ONGOING
    )
    outcome_detail = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="casework_investigation_ends_after_it_starts",
            )
        ]


class Attachment(PersonalData):
    """A document (letter, report, photo) on a child's record, and on one of their cases.

    The file is checked by its content before it is stored (``casework.filecheck``), scanned
    when a virus scanner is configured, and kept in Django's storage under a name that says
    nothing about the child. It is never deleted: a withdrawal hides it from everyday use with
    the reason, and the file stays for audit.
    """

    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    scanned = models.BooleanField(default=False)
    scan_detail = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["person", "uploaded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="casework_attachment_withdrawn_with_reason",
            )
        ]

    def delete(self, *args, **kwargs):
        raise PermissionError("An attachment is never deleted: withdraw it instead.")

    def __str__(self) -> str:
        return self.title
