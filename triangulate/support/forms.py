"""Forms for the support directory (and the app's other records as they arrive)."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import GovukDateField, GovukForm

from .models import Harm, ServiceKind


class ServiceForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Name of the service", max_length=200)
    kind = forms.ChoiceField(
        label="Kind of service", choices=ServiceKind.choices, widget=forms.RadioSelect
    )
    provider = forms.CharField(label="Who runs it", max_length=200)
    agency = forms.ChoiceField(
        label="Partner agency that runs it, if it uses Triangulate",
        required=False,
        help_text="Referrals to the service are shared with this agency.",
    )
    summary = forms.CharField(
        label="What the service offers",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    min_age = forms.IntegerField(label="Youngest age it supports", required=False, min_value=0)
    max_age = forms.IntegerField(
        label="Oldest age it supports",
        required=False,
        min_value=0,
        max_value=120,
        help_text="Leave blank if there is no upper age.",
    )
    area = forms.CharField(label="Area it covers", max_length=200, initial="Kingsmere")
    harms = forms.MultipleChoiceField(
        label="Kinds of harm it helps with",
        choices=Harm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    for_family = forms.BooleanField(
        label="Parents, carers and siblings can be referred in their own right", required=False
    )
    capacity = forms.IntegerField(
        label="How many people it can support at once", required=False, min_value=0
    )
    waiting_weeks = forms.IntegerField(
        label="Typical wait from referral to first session, in weeks",
        required=False,
        min_value=0,
        max_value=520,
    )
    funder = forms.CharField(label="Who funds it", max_length=200, required=False)
    contract_ends_on = GovukDateField(label="Contract end date", required=False)
    funding_ends_on = GovukDateField(label="Funding end date", required=False)
    how_to_refer = forms.CharField(
        label="How to refer or get in touch",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    self_referral = forms.BooleanField(label="People can refer themselves", required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    email = forms.EmailField(
        label="Email address",
        max_length=200,
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    website = forms.URLField(
        label="Website",
        max_length=300,
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a website address in the correct format, like https://example.org"
        },
    )
    is_published = forms.BooleanField(
        label="Show it on the public page of support services", required=False
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"].choices = [("", "None")] + [(str(a.pk), a.name) for a in agencies]

    def values(self) -> dict:
        """The cleaned values as the service takes them (the agency as an object)."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["agency"] = self.agencies.get(data.get("agency") or "")
        return data

    @staticmethod
    def initial_for(service) -> dict:
        initial = {name: getattr(service, name) for name in ServiceForm.base_fields}
        initial["agency"] = str(service.agency_id or "")
        return initial
