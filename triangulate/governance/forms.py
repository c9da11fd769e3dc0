"""Governance forms (GOV.UK components through core.forms)."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import GovukDateField, GovukForm
from triangulate.core.models import Agency
from triangulate.core.records import LawfulBasis

from .models import AgreementStatus, DataCategory

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


class AgreementForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    parties = forms.ModelMultipleChoiceField(
        label="Agencies that are party to it",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select at least two",
    )
    purposes = forms.CharField(
        label="Purposes",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the agencies share, for example: to identify and protect children at "
        "risk of exploitation",
    )
    data_categories = forms.MultipleChoiceField(
        label="Categories of information shared",
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    lawful_bases = forms.MultipleChoiceField(
        label="Lawful bases",
        choices=LawfulBasis.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    signatories = forms.CharField(
        label="Signatories",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Name, role and agency of each person who signed, one a line",
    )
    review_on = GovukDateField(label="Review date", future_only=True)
    status = forms.ChoiceField(
        label="Status", choices=AgreementStatus.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Agency.objects.filter(is_active=True).order_by("name")

    def clean_parties(self):
        parties = self.cleaned_data["parties"]
        if len(parties) < 2:
            raise forms.ValidationError("Select at least two agencies")
        return parties


class AgreementReviewForm(GovukForm):
    review_on = GovukDateField(label="Next review date", future_only=True)
    status = forms.ChoiceField(
        label="Status", choices=AgreementStatus.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="What the review found",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveShareForm(GovukForm):
    reason = forms.CharField(
        label="Why this share was right without an agreement",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: immediate risk of significant harm; the agencies are drawing "
        "up an agreement",
    )
