"""The recommendations register: every review's recommendations, linked to plan actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SourceKind(models.TextChoices):
    REVIEW = "review", "Review"
    INSPECTION = "inspection", "Inspection"
    AUDIT = "audit", "Audit"
    SCRUTINY = "scrutiny", "Scrutiny report"


class Timescale(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately"
    THREE_MONTHS = "3_months", "Within 3 months"
    SIX_MONTHS = "6_months", "Within 6 months"
    DATE = "date", "By a date"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    MERGED = "merged", "Merged into another"


class Source(models.Model):
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    title = models.CharField(max_length=300)
    author = models.CharField(max_length=200)
    body = models.CharField(max_length=200, help_text="Who commissioned or published it")
    published_on = models.DateField()
    link = models.URLField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    addressee = models.CharField(max_length=200)
    timescale = models.CharField(max_length=20, choices=Timescale.choices)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    evidence = models.TextField(blank=True)
    report_back_on = models.DateField(null=True, blank=True)
    actions = models.ManyToManyField(
        "partnership.Action", through="RecommendationLink", related_name="recommendations"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "number"], name="partnership_recommendation_number"
            ),
            models.CheckConstraint(
                condition=~models.Q(timescale="date") | models.Q(due_on__isnull=False),
                name="partnership_recommendation_date_band_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.title}, recommendation {self.number}"


class RecommendationLink(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE)
    action = models.ForeignKey("partnership.Action", on_delete=models.CASCADE)
    note = models.CharField(max_length=300, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "action"], name="partnership_link_once"
            )
        ]


class RecommendationCrossReference(models.Model):
    """The partnership's decision that two recommendations overlap (or one replaces another)."""

    class Kind(models.TextChoices):
        CROSS_REFERENCE = "cross_reference", "Cross-referenced"
        MERGED = "merged", "Merged"

    first = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="partnership_crossref_once")
        ]
