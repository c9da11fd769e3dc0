"""The support services directory: what help exists, for whom, how long the wait is, and
until when it is paid for. No personal data: a service is an organisation, not a person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ServiceKind(models.TextChoices):
    THERAPEUTIC = "therapeutic", "Therapeutic support"
    ADVOCACY = "advocacy", "Advocacy"
    HELPLINE = "helpline", "Helpline"
    FAMILY = "family", "Family support"
    ADULT_SURVIVORS = "adult_survivors", "Adult survivors' service"
    SARC = "sarc", "Sexual assault referral centre"
    OTHER = "other", "Other support"


class Harm(models.TextChoices):
    """The kinds of harm a service helps with (its eligibility, not a judgement about anyone)."""

    SEXUAL_EXPLOITATION = "sexual_exploitation", "Child sexual exploitation"
    CRIMINAL_EXPLOITATION = "criminal_exploitation", "Child criminal exploitation"
    TRAFFICKING = "trafficking", "Trafficking and modern slavery"
    ONLINE = "online", "Online abuse"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse or assault"
    NON_RECENT = "non_recent", "Non-recent abuse or exploitation"


class SupportService(models.Model):
    """One commissioned or voluntary service, kept by the partnership manager."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ServiceKind.choices)
    provider = models.CharField(max_length=200, help_text="The organisation that runs it")
    # The partner agency that runs it, when it has users here: referrals are shared with it.
    agency = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField()
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    area = models.CharField(max_length=200, default="Kingsmere")
    harms = models.JSONField(default=list, blank=True)
    for_family = models.BooleanField(
        default=False, help_text="Parents, carers and siblings may be referred in their own right"
    )
    capacity = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many people it can support at once"
    )
    waiting_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Typical weeks from referral to first session"
    )
    funder = models.CharField(max_length=200, blank=True)
    contract_ends_on = models.DateField(null=True, blank=True)
    funding_ends_on = models.DateField(null=True, blank=True)
    how_to_refer = models.TextField(blank=True)
    self_referral = models.BooleanField(default=False)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(max_length=200, blank=True)
    website = models.URLField(max_length=300, blank=True)
    is_published = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="support_service_age_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def harm_labels(self) -> list[str]:
        labels = dict(Harm.choices)
        return [labels.get(code, code) for code in self.harms]

    def age_text(self) -> str:
        if self.min_age is None and self.max_age is None:
            return "Any age"
        if self.max_age is None:
            return f"{self.min_age} and over"
        if self.min_age is None:
            return f"Up to {self.max_age}"
        return f"{self.min_age} to {self.max_age}"

    def is_for_age(self, age: int) -> bool:
        return (self.min_age is None or age >= self.min_age) and (
            self.max_age is None or age <= self.max_age
        )
