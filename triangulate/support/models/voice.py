"""Survivor voice: feedback from children, families and adult survivors, its themes, and the
"you said, we did" log that ties it to the partnership's plan actions.

Feedback is anonymous by design: it names no one and is linked to no one's record, so it is
not personal data. The public form says not to include names; staff entering it are told
the same.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class FeedbackFrom(models.TextChoices):
    CHILD = "child", "A child or young person"
    FAMILY = "family", "A parent, carer or other family member"
    ADULT_SURVIVOR = "adult_survivor", "An adult survivor"
    OTHER = "other", "Someone else"
    NOT_SAID = "not_said", "Prefer not to say"


class FeedbackRoute(models.TextChoices):
    PUBLIC_FORM = "public_form", "The public feedback form"
    PRACTITIONER = "practitioner", "Collected by a practitioner"


class Helped(models.TextChoices):
    A_LOT = "a_lot", "A lot"
    A_LITTLE = "a_little", "A little"
    NOT_AT_ALL = "not_at_all", "Not at all"
    NOT_YET = "not_yet", "I have not had help yet"


class Listened(models.TextChoices):
    YES = "yes", "Yes"
    SOMETIMES = "sometimes", "Sometimes"
    NO = "no", "No"


class Theme(models.TextChoices):
    LISTENED_TO = "listened_to", "Being listened to and believed"
    WAITING = "waiting", "Waiting for help"
    SAME_WORKER = "same_worker", "Keeping the same worker"
    INFORMATION = "information", "Information about what happens next"
    LANGUAGE = "language", "Language used about children"
    POLICE = "police", "Police response"
    SCHOOL = "school", "School"
    FAMILY_SUPPORT = "family_support", "Support for the whole family"
    ACCESS = "access", "Getting to services (times, places, transport)"
    PRAISE = "praise", "What worked well"


class Feedback(models.Model):
    received_at = models.DateTimeField(default=timezone.now)
    route = models.CharField(max_length=20, choices=FeedbackRoute.choices)
    from_whom = models.CharField(max_length=20, choices=FeedbackFrom.choices)
    service = models.ForeignKey(
        "support.SupportService",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    helped = models.CharField(max_length=20, choices=Helped.choices, blank=True)
    listened = models.CharField(max_length=20, choices=Listened.choices, blank=True)
    words = models.TextField(help_text="In their own words")
    themes = models.JSONField(default=list, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"Feedback {self.pk}"

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [labels.get(code, code) for code in self.themes]


class YouSaidWeDid(models.Model):
    """What children, families and survivors told us, and what the partnership did about it,
    tied to the plan action that does it."""

    you_said = models.TextField()
    we_did = models.TextField()
    feedback = models.ManyToManyField(Feedback, blank=True, related_name="responses")
    action = models.ForeignKey(
        "partnership.Action",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.you_said[:60]
