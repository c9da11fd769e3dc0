"""The recommendations register: every review's recommendations, linked to plan actions."""

from __future__ import annotations

import calendar
import datetime as dt
import re

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


# How long after its source is published a recommendation in each band is due.
BAND_MONTHS = {"immediately": 1, "3_months": 3, "6_months": 6}


def _months_after(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(
        day.year + year, month + 1, min(day.day, calendar.monthrange(day.year + year, month + 1)[1])
    )


NUMBER_PATTERN = re.compile(r"[0-9A-Za-z]+(?:[.\-][0-9A-Za-z]+)*")


def number_problem(number: str) -> str | None:
    """Why a recommendation number is not one a report would use (None if it is)."""
    if not number:
        return "number is missing"
    if len(number) > 20 or not NUMBER_PATTERN.fullmatch(number):
        return "number must be like 4, 4.7 or 4.7a: letters and digits joined by dots, up to 20 characters"
    return None


def number_key(number: str) -> tuple:
    """Sort 4.2 before 4.10 and 9 before 10: each part compared as a number where it is one."""
    key = []
    for part in re.split(r"[.\-]", str(number)):
        found = re.fullmatch(r"(\d+)(.*)", part)
        key.append((0, int(found[1]), found[2].lower()) if found else (1, 0, part.lower()))
    return tuple(key)


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
    number = models.CharField(
        max_length=20, help_text="As the report numbers it: 4, 4.7 or 4.7a (text, not a count)"
    )
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

    def due_by(self) -> dt.date:
        """Its due date, or its band counted from the day its source was published
        ("immediately" means within a month)."""
        if self.due_on is not None:
            return self.due_on
        return _months_after(self.source.published_on, BAND_MONTHS.get(self.timescale, 0))

    @property
    def is_finished(self) -> bool:
        return self.status in (RecommendationStatus.DONE, RecommendationStatus.MERGED)

    def is_overdue(self, today: dt.date) -> bool:
        return not self.is_finished and self.due_by() < today


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
