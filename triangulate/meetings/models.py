"""Multi-agency meetings (daily hub, MACE, strategy), their agendas, attendance, decisions
and actions, and prompts other apps leave for the next agenda."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from triangulate.core.models import PersonalData


class MeetingKind(models.TextChoices):
    DAILY_HUB = "daily_hub", "Daily hub meeting"
    MACE = "mace", "MACE panel"
    STRATEGY = "strategy", "Strategy meeting"


class Meeting(PersonalData):
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    title = models.CharField(max_length=200)
    held_at = models.DateTimeField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "register.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes_closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.title


class AgendaItem(PersonalData):
    """One item of an agenda: about a child (``person``), about another app's record such as
    a person of concern or a place (``subject``), or general business (neither).

    ``reasons`` are words; a reason about a subject may be ``{"text", "about", "withheld"}``
    (``core.extensions.AgendaReason``), shown as ``text`` only to a reader who may see the
    record ``about`` names. ``subject_label`` and ``subject_href`` are the subject's name and
    page as they were when it was put on the agenda, shown only to those who may see it.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey(
        "register.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject_label = models.CharField(max_length=300, blank=True)
    subject_href = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list, blank=True)
    discussion = models.TextField(blank=True)
    decision = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject_type__isnull=True, subject_id__isnull=True)
                | models.Q(subject_type__isnull=False, subject_id__isnull=False, person=None),
                name="meetings_item_one_subject",
            )
        ]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"


class Attendance(models.Model):
    """Who came, by agency. Names of professionals, not of children."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )


class MeetingActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class MeetingAction(PersonalData):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    person = models.ForeignKey(
        "register.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=MeetingActionStatus.choices, default=MeetingActionStatus.OPEN
    )
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)


class AgendaPromptReason(models.TextChoices):
    NEW_INTELLIGENCE = "new_intelligence", "New intelligence"
    DUE_FOR_CLOSURE = "due_for_closure", "Case due for closure"
    INTERVIEW_FINDINGS = "interview_findings", "Return home interview findings"


class AgendaPrompt(PersonalData):
    """Something another app asked to be discussed at the next meeting about a child."""

    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=30, choices=AgendaPromptReason.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_in = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
