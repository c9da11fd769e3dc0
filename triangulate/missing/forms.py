"""Forms for missing episodes, return home interviews and Philomena profiles."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import (
    TIME_HINT,
    DateTimeMixin,
    GovukDateField,
    GovukForm,
)

from .models import Category, InterviewOutcome, PoliceRisk


class EpisodeForm(DateTimeMixin, GovukForm):
    category = forms.ChoiceField(
        label="What happened", choices=Category.choices, widget=forms.RadioSelect
    )
    started_on = GovukDateField(label="Date the child went missing or away", past_only=True)
    started_time = forms.CharField(label="Time", max_length=5, help_text=TIME_HINT)
    reported_by = forms.CharField(label="Who reported it", max_length=200)
    police_reference = forms.CharField(label="Police reference", max_length=40, required=False)
    police_risk = forms.ChoiceField(
        label="Police risk level", choices=PoliceRisk.choices, initial=PoliceRisk.NOT_REPORTED
    )
    placed_out_of_area = forms.BooleanField(
        label="The child is placed outside the authority that looks after them", required=False
    )
    placing_authority = forms.CharField(
        label="Placing authority",
        max_length=200,
        required=False,
        help_text="Required if the child is placed out of area",
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["started_at"] = self.moment("started", "the child went missing")
        if cleaned.get("placed_out_of_area") and not cleaned.get("placing_authority"):
            self.add_error("placing_authority", "Enter the authority that placed the child")
        return cleaned


class EndEpisodeForm(DateTimeMixin, GovukForm):
    ended_on = GovukDateField(label="Date the child was found or returned", past_only=True)
    ended_time = forms.CharField(label="Time", max_length=5, help_text=TIME_HINT)
    where_found = forms.CharField(label="Where the child was found", max_length=300)
    found_with = forms.CharField(
        label="Who the child was with", max_length=300, required=False,
        help_text="Names or descriptions of anyone with the child, including adults of concern",
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        cleaned["ended_at"] = self.moment("ended", "the child was found")
        return cleaned


class PoliceRiskForm(GovukForm):
    level = forms.ChoiceField(label="New police risk level", choices=PoliceRisk.choices)
    note = forms.CharField(label="Reason for the change", max_length=300, required=False)


YES_NO = [("yes", "Yes"), ("no", "No")]


class InterviewForm(DateTimeMixin, GovukForm):
    outcome = forms.ChoiceField(
        label="What happened",
        choices=[c for c in InterviewOutcome.choices if c[0] != InterviewOutcome.AWAITING],
        widget=forms.RadioSelect,
    )
    offered_on = GovukDateField(
        label="Date the interview was offered", past_only=True, required=False
    )
    offered_time = forms.CharField(
        label="Time offered", max_length=5, required=False, help_text=TIME_HINT
    )
    held_on = GovukDateField(label="Date the interview was held", past_only=True, required=False)
    held_time = forms.CharField(
        label="Time held", max_length=5, required=False, help_text=TIME_HINT
    )
    not_held_reason = forms.CharField(
        label="Why the interview was not held or was declined", max_length=300, required=False
    )
    interviewer = forms.CharField(label="Who held the interview", max_length=200, required=False)
    interviewer_agency = forms.CharField(label="Their organisation", max_length=200, required=False)
    independent = forms.ChoiceField(
        label="Was the interviewer independent of the placement and the council?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    push_factors = forms.CharField(
        label="What made it hard for the child to stay (push factors)",
        widget=forms.Textarea(attrs={"rows": 3}), required=False,
    )  # fmt: skip
    pull_factors = forms.CharField(
        label="What or who drew the child away (pull factors)",
        widget=forms.Textarea(attrs={"rows": 3}), required=False,
    )  # fmt: skip
    where_went = forms.CharField(
        label="Where the child went", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    with_whom = forms.CharField(
        label="Who the child was with", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    harm = forms.CharField(
        label="Harm the child experienced or was at risk of",
        widget=forms.Textarea(attrs={"rows": 3}), required=False,
    )  # fmt: skip
    shared_with = forms.CharField(
        label="Who the findings were shared with", max_length=300, required=False
    )
    raise_intelligence = forms.BooleanField(
        label="The findings should be passed to police as intelligence",
        required=False,
        help_text=(
            "Ticking this sends the findings to the police force's intelligence log for its "
            "officers to grade, and asks them in their My work to record them on police systems."
        ),
    )
    prompt_review = forms.BooleanField(
        label="The findings should prompt an early review of the risk assessment", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        cleaned["offered_at"] = self.moment("offered", "the interview was offered", required=False)
        cleaned["held_at"] = self.moment("held", "the interview was held", required=False)
        value = cleaned.get("independent")
        cleaned["independent_bool"] = None if not value else value == "yes"
        return cleaned


class ProfileForm(GovukForm):
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Height, build, hair, clothing usually worn, distinguishing features",
    )
    photo = forms.FileField(
        label="Recent photo", required=False, help_text="A JPEG or PNG image, up to 5 MB"
    )
    associates = forms.CharField(
        label="Associates", widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="Friends, family and adults of concern the child may be with",
    )  # fmt: skip
    places = forms.CharField(
        label="Addresses and places the child may go",
        widget=forms.Textarea(attrs={"rows": 3}), required=False,
    )  # fmt: skip
    phones_and_social_media = forms.CharField(
        label="Phones and social media", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    health_needs = forms.CharField(
        label="Health needs and medication",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    carer_contact = forms.CharField(
        label="Parent or carer to contact",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Name, how they are related to the child or care for them, and a phone number",
    )
    school = forms.CharField(
        label="School or college", max_length=200, required=False,
        help_text="Name, and year or class if known",
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The photo must be smaller than 5 MB")
        from PIL import Image, UnidentifiedImageError

        data = upload.read()
        try:
            import io

            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
        except (UnidentifiedImageError, OSError):
            raise forms.ValidationError("The photo must be a JPEG or PNG image") from None
        if kind not in ("JPEG", "PNG"):
            raise forms.ValidationError("The photo must be a JPEG or PNG image")
        return (data, f"image/{kind.lower()}")


class PoliceTaskDoneForm(GovukForm):
    intelligence_reference = forms.CharField(
        label="Police intelligence reference (optional)", max_length=60, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
