"""Governance forms (GOV.UK components through core.forms)."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import GovukForm

CODE_HINT = "The 6-digit code your authenticator app shows now, or one of your recovery codes"


class SecondStepForm(GovukForm):
    required_message = "Enter the {label}"

    code = forms.CharField(
        label="Security code",
        max_length=40,
        help_text=CODE_HINT,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "text"}
        ),
    )


class EnrolForm(GovukForm):
    required_message = "Enter the {label}"

    code = forms.CharField(
        label="Security code",
        max_length=12,
        help_text="The 6-digit code your authenticator app shows for Triangulate",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "numeric"}
        ),
    )


class ResetForm(GovukForm):
    required_message = "Enter the {label}"

    reason = forms.CharField(
        label="Reason",
        max_length=500,
        help_text="For example: lost phone, reported to the service desk on 3 March",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason")
        return reason
