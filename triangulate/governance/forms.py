"""Governance forms (GOV.UK components through core.forms)."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import GovukDateField, GovukForm
from triangulate.core.models import Agency
from triangulate.core.records import LawfulBasis

from .models import AgreementStatus, DataCategory
from .services import BREAK_GLASS_HOURS

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


class BreakGlassForm(GovukForm):
    justification = forms.CharField(
        label="Why do you need to see this record now?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what the emergency is and why it cannot wait for the record to be "
        "shared with your agency. Your information governance lead and the record's owner "
        "will read this.",
    )
    hours = forms.TypedChoiceField(
        label="For how long?",
        coerce=int,
        choices=[(h, f"{h} hour{'s' if h != 1 else ''}") for h in BREAK_GLASS_HOURS],
        widget=forms.RadioSelect,
    )

    def clean_justification(self):
        text = self.cleaned_data["justification"].strip()
        if len(text) < 20:
            raise forms.ValidationError("Justification must be at least 20 characters")
        return text


class BreakGlassReviewForm(GovukForm):
    note = forms.CharField(
        label="Review notes", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    concern = forms.TypedChoiceField(
        label="Was this use justified?",
        coerce=lambda value: value == "concern",
        choices=[("justified", "Yes, justified"), ("concern", "No, raise a concern")],
        widget=forms.RadioSelect,
    )
    end_now = forms.BooleanField(label="End the access now if it is still open", required=False)


class DecisionNotToShareForm(GovukForm):
    requesting_agency = forms.ModelChoiceField(
        label="Agency that asked, or would have received it",
        queryset=Agency.objects.none(),
    )
    reasons = forms.CharField(
        label="Reasons",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why sharing is not necessary or proportionate now",
    )
    consent_refused = forms.BooleanField(
        label="The child or their family refused consent", required=False
    )

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Agency.objects.filter(is_active=True).order_by("name")
        if agency is not None:
            others = others.exclude(pk=agency.pk)
        self.fields["requesting_agency"].queryset = others
