"""Board packs: a chosen month's measures, frozen when released.

A released pack keeps each figure as it stood (value, counts, breakdown, data-quality notes)
with the definition and version that produced it, so later changes to the records or to a
definition never alter what the board saw. Nothing here names a child.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class BoardPack(models.Model):
    title = models.CharField(max_length=200)
    period_start = models.DateField(help_text="The first day of the month the pack reports")
    measures = models.JSONField(default=list, help_text="Slugs of the measures chosen")
    so_what = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    # A public report of the released figures, with small numbers suppressed.
    published_at = models.DateTimeField(null=True, blank=True)
    # The public report's counts rounded to the nearest 5 (chosen at release), on top of the
    # suppression of small numbers.
    public_rounded = models.BooleanField(default=False)
    # The ward figures for the pack's month as released: one row a ward, each count from 1
    # to 4 already suppressed (None), so no small number is ever stored.
    ward_figures = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.title


class PackFigure(models.Model):
    """One figure as released: never changed afterwards."""

    pack = models.ForeignKey(BoardPack, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField()
    figure_id = models.CharField(max_length=10)
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    definition_version = models.PositiveSmallIntegerField()
    definition = models.JSONField(help_text="The written definition that produced the figure")
    is_rate = models.BooleanField(default=False)
    value = models.FloatField(null=True, blank=True)
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField(null=True, blank=True)
    shown = models.CharField(max_length=100)
    breakdown = models.JSONField(default=list)
    breakdown_additive = models.BooleanField(default=False)
    quality = models.JSONField(default=list)
    # The target as released ({"target", "tolerance", "higher_is_better", "unit"}) and the
    # figure's status against it, in words; empty when the measure had no target that month.
    target = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=10, blank=True)
    status_text = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pack", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["pack", "slug"], name="performance_one_figure_per_measure"
            )
        ]


class MeasureTarget(models.Model):
    """A measure's target for a run of months, with the tolerance the RAG rule allows.

    One a measure: changing it is a conditional update (``version``), audited with what it
    was before. A released board pack keeps the target and status it was released with
    (``PackFigure.target``), so a changed target never rewrites a published figure.
    """

    slug = models.SlugField(max_length=60, unique=True)
    target = models.FloatField()
    tolerance = models.FloatField()
    first_month = models.DateField(help_text="The first day of the first month it applies to")
    last_month = models.DateField(help_text="The first day of the last month it applies to")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Target for {self.slug}"

    def applies_to(self, month_start) -> bool:
        return self.first_month <= month_start <= self.last_month
