"""Scrutiny: committees, meetings, agenda items, questions and answers, resolutions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="committees")

    def __str__(self) -> str:
        return self.name


class WitnessOfficer(models.Model):
    """The officer an agency nominates to answer the scrutiny questions put to it.

    Questions reach them in "My work" and they answer in the product. An agency with no
    nominated officer is answered for by its chief officers.
    """

    agency = models.OneToOneField("core.Agency", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.committee.name}, {self.held_on:%d %B %Y}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    pages = models.CharField(max_length=40, blank=True)
    is_exempt = models.BooleanField(default=False)
    follow_up_of = models.ForeignKey(
        "Resolution", null=True, blank=True, on_delete=models.PROTECT, related_name="returns"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="partnership_agenda_number")
        ]


class AnswerMode(models.TextChoices):
    ORAL = "oral", "Oral, at the meeting"
    WRITTEN = "written", "Written, after the meeting"


class Question(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    witness_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    answer_mode = models.CharField(max_length=10, choices=AnswerMode.choices, blank=True)
    answer_due_on = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The witness agency's officer who answered in the product",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="partnership_question_no"),
            models.CheckConstraint(
                condition=~models.Q(answer_mode="written") | models.Q(answer_due_on__isnull=False),
                name="partnership_written_answer_has_deadline",
            ),
        ]

    def is_overdue(self, today) -> bool:
        return (
            self.answer_mode == AnswerMode.WRITTEN
            and self.answered_on is None
            and self.answer_due_on is not None
            and self.answer_due_on < today
        )


class Resolution(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    follow_up_on = models.DateField(null=True, blank=True)
