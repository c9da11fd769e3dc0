"""The form a user issues an API token with."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import GovukForm

from .services import DEFAULT_DAYS, MAX_DAYS


class TokenForm(GovukForm):
    name = forms.CharField(
        label="What the token is for",
        max_length=100,
        help_text="For example, the name of the partner system that will use it",
    )
    days = forms.IntegerField(
        label="How many days it lasts",
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"From 1 to {MAX_DAYS} days",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": "How many days it lasts must be a whole number",
            "min_value": f"A token lasts from 1 to {MAX_DAYS} days",
            "max_value": f"A token lasts from 1 to {MAX_DAYS} days",
        },
    )
