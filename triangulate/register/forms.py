"""Forms for the register, with GOV.UK error messages."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import GovukDateField, GovukForm
from triangulate.core.identifiers import (
    IdentifierError,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
)

from . import services
from .models import CinFactor, Ethnicity, FlagType, RelationshipType, Sex


class SearchForm(GovukForm):
    name = forms.CharField(label="Name or known-as name", required=False, max_length=200)
    date_of_birth = GovukDateField(label="Date of birth", required=False, past_only=True)
    identifier = forms.CharField(
        label="NHS number or unique pupil number", required=False, max_length=20
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (
            cleaned.get("name") or cleaned.get("date_of_birth") or cleaned.get("identifier")
        ):
            raise forms.ValidationError("Enter a name, a date of birth or an identifier to search")
        return cleaned

    def search(self, *, actor) -> list | None:
        """The people found (audited by the register), or None if nothing valid was asked."""
        if not self.is_bound or not self.is_valid():
            return None
        query = services.SearchQuery(
            name=self.cleaned_data["name"],
            date_of_birth=self.cleaned_data["date_of_birth"],
            identifier=self.cleaned_data["identifier"],
        )
        try:
            return services.person_search(actor=actor, query=query)
        except IdentifierError as error:
            self.add_error("identifier", str(error))
            return None


class PersonForm(GovukForm):
    given_name = forms.CharField(label="First name", max_length=100)
    middle_names = forms.CharField(label="Middle names", max_length=200, required=False)
    family_name = forms.CharField(label="Last name", max_length=100)
    known_as = forms.CharField(
        label="Known as",
        max_length=300,
        required=False,
        help_text="Other names or nicknames the child uses, separated by commas",
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        past_only=True,
        help_text="For example, 27 3 2012. Leave blank if not known",
    )
    sex = forms.ChoiceField(
        label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.NOT_KNOWN
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT
    )
    nhs_number = forms.CharField(
        label="NHS number",
        max_length=12,
        required=False,
        help_text="10 digits. Leave blank if not known",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        max_length=13,
        required=False,
        help_text="13 characters. Leave blank if not known",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    address_line_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    town = forms.CharField(label="Town", max_length=100, required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
    )

    def _identifier(self, name, normalise):
        """Blank stays blank; anything else must pass its check (never silently fixed)."""
        value = self.cleaned_data[name]
        if not value:
            return ""
        try:
            return normalise(value)
        except IdentifierError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_nhs_number(self):
        return self._identifier("nhs_number", normalise_nhs_number)

    def clean_upn(self):
        return self._identifier("upn", normalise_upn)

    def clean_postcode(self):
        return self._identifier("postcode", normalise_postcode)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("postcode") and not cleaned.get("address_line_1"):
            self.add_error("address_line_1", "Enter address line 1, or remove the postcode")
        return cleaned


class FlagForm(GovukForm):
    flag = forms.ChoiceField(label="Flag", choices=FlagType.choices, widget=forms.RadioSelect)
    detail = forms.CharField(
        label="Placing or host authority",
        max_length=200,
        required=False,
        help_text="Needed for 'placed out of area': which authority placed the child, or where",
    )
    reason = forms.CharField(
        label="Why are you setting this flag?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("flag") == FlagType.PLACED_OUT_OF_AREA and not cleaned.get("detail"):
            self.add_error("detail", "Enter the placing or host authority")
        return cleaned


class CinFactorForm(GovukForm):
    code = forms.ChoiceField(label="Census factor", choices=CinFactor.choices)
    identified_on = GovukDateField(label="Date identified", past_only=True)
    note = forms.CharField(label="Note", max_length=300, required=False)


class RemoveFlagForm(GovukForm):
    reason = forms.CharField(label="Why remove it?", max_length=2000)


class RelationshipForm(GovukForm):
    other = forms.ChoiceField(label="Who")
    relationship = forms.ChoiceField(
        label="How are they related to this child?", choices=RelationshipType.choices
    )
    note = forms.CharField(label="Note", max_length=300, required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [("", "Choose a person")] + [
            (str(p.pk), f"{p.full_name} ({p.get_kind_display().split(' ')[0].lower()})")
            for p in people
        ]
