"""Forms for board packs."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from triangulate.core.forms import GovukForm

from .periods import Period
from .services.measures import CATALOGUE


def _ended_months(count: int = 24) -> list[tuple[str, str]]:
    period = Period.containing(timezone.localdate()).previous()
    months = []
    for _ in range(count):
        months.append((period.key, period.label))
        period = period.previous()
    return months


class PackForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    month = forms.ChoiceField(label="Month the pack reports")
    measures = forms.MultipleChoiceField(
        label="Measures", widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = _ended_months()
        self.fields["measures"].choices = [(m.slug, f"{m.figure_id} {m.name}") for m in CATALOGUE]
        self.fields["measures"].initial = [m.slug for m in CATALOGUE]
        last = Period.containing(timezone.localdate() - dt.timedelta(days=31))
        self.fields["title"].initial = f"Partnership board pack, {last.start:%B %Y}"


class ReleaseForm(GovukForm):
    so_what = forms.CharField(
        label="So what: what the figures mean for children",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    actions = forms.CharField(
        label="Actions the lead officer will take",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    publish = forms.BooleanField(
        label="Also publish a public report of these figures, with small numbers suppressed",
        required=False,
    )
    round_to_five = forms.BooleanField(
        label="Round the public report's other counts to the nearest 5",
        help_text="Only for a published report. Numbers from 1 to 4 are suppressed either way.",
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def _target_months() -> list[tuple[str, str]]:
    """Months from two years back to three years ahead, with a blank first."""
    period = Period.containing(timezone.localdate())
    for _ in range(24):
        period = period.previous()
    months = [("", "Choose a month")]
    for _ in range(24 + 36 + 1):
        months.append((period.key, period.start.strftime("%B %Y")))
        period = period.following()
    return months


class TargetForm(GovukForm):
    target = forms.CharField(label="Target", required=False, max_length=20)
    tolerance = forms.CharField(
        label="Tolerance",
        required=False,
        max_length=20,
        help_text="How far on the wrong side of the target the figure may be and still be amber",
    )
    first_month = forms.ChoiceField(label="First month it applies to", required=False)
    last_month = forms.ChoiceField(label="Last month it applies to", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        months = _target_months()
        self.fields["first_month"].choices = months
        self.fields["last_month"].choices = months
        if unit == "%":
            self.fields["target"].label = "Target (a percentage)"
            self.fields["tolerance"].label = "Tolerance (percentage points)"


class InspectionListForm(GovukForm):
    """Which list, and the months it covers (a list of children at risk is as at the end of
    the last month)."""

    which = forms.ChoiceField(label="List", widget=forms.RadioSelect)
    first_month = forms.ChoiceField(label="From the start of")
    last_month = forms.ChoiceField(label="To the end of")

    def __init__(self, *args, lists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["which"].choices = [(item.slug, item.title) for item in lists]
        self.fields["first_month"].choices = _ended_months()
        self.fields["last_month"].choices = _ended_months()
        ended = _ended_months()
        self.fields["first_month"].initial = ended[5][0]
        self.fields["last_month"].initial = ended[0][0]

    def clean(self):
        data = super().clean()
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and first > last:
            self.add_error("last_month", "Choose a last month the same as or after the first")
        return data
