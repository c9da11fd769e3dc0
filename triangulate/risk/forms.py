"""Forms for assessments, contributions, tools and safety plans."""

from __future__ import annotations

import json

from django import forms

from triangulate.core.forms import GovukDateField, GovukForm

from . import scoring
from .models import ActionStatus
from .services import LAWFUL_BASES

NOT_SEEN = "no"


def indicator_field_name(code: str) -> str:
    return f"ind_{code}"


class AssessmentForm(GovukForm):
    judged_level = forms.ChoiceField(
        label="Your judgement of the child's risk level",
        widget=forms.RadioSelect,
        required=False,
        help_text="The score only suggests a level. Your professional judgement is the one that counts.",
    )
    rationale = forms.CharField(
        label="Why you judge this level",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Required when your judgement differs from the suggested level.",
    )
    review_due = GovukDateField(
        label="Date of the next review",
        required=False,
        help_text="No later than the longest interval for the level you judge.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, definition: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.fields["judged_level"].choices = [
            (level["code"], level["label"]) for level in definition["levels"]
        ]
        windowed = [(NOT_SEEN, "Not seen"), *scoring.ANSWER_CHOICES[1:]]
        for _section, indicator in scoring.indicators(definition):
            recency = indicator.get("recency_days")
            choices = (
                windowed if recency else [(NOT_SEEN, "Not seen"), (scoring.CURRENT, "Present")]
            )
            self.fields[indicator_field_name(indicator["code"])] = forms.ChoiceField(
                label=indicator["text"],
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=NOT_SEEN,
                help_text=f"Recency window: {recency} days" if recency else None,
            )

    def answers(self) -> dict[str, str]:
        result = {}
        for _, indicator in scoring.indicators(self.definition):
            value = self.cleaned_data.get(indicator_field_name(indicator["code"])) or ""
            if value and value != NOT_SEEN:
                result[indicator["code"]] = value
        return result

    def sections(self):
        return [
            (
                section,
                [self[indicator_field_name(ind["code"])] for ind in section.get("indicators", [])],
            )
            for section in self.definition["sections"]
        ]


class SignOffForm(GovukForm):
    comment = forms.CharField(
        label="Manager's comment", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CompareForm(GovukForm):
    first = forms.ChoiceField(label="First assessment")
    second = forms.ChoiceField(label="Second assessment")

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(a.pk), f"{a.completed_at or a.created_at:%d/%m/%Y} – {a.get_status_display()}")
            for a in assessments
        ]
        self.fields["first"].choices = choices
        self.fields["second"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first") and cleaned.get("first") == cleaned.get("second"):
            self.add_error("second", "Choose two different assessments to compare")
        return cleaned


class ContributionForm(GovukForm):
    text = forms.CharField(
        label="What your agency knows",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Facts, dates and sources. Describe what adults did to the child, not the child's 'choices'.",
    )
    indicators = forms.MultipleChoiceField(
        label="Signs your agency has seen", widget=forms.CheckboxSelectMultiple, required=False
    )
    share_with = forms.ChoiceField(label="Share with")
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing", choices=LAWFUL_BASES, widget=forms.RadioSelect
    )

    def __init__(self, *args, definition: dict, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [
            (ind["code"], ind["text"]) for _, ind in scoring.indicators(definition)
        ]
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["share_with"].choices = [("", "Choose an agency")] + [
            (str(a.pk), a.name) for a in agencies
        ]


class ToolForm(GovukForm):
    name = forms.CharField(label="Tool name", max_length=120)
    definition = forms.CharField(
        label="Tool definition",
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
        help_text=(
            "Levels (with review_days, at most 92), sections of indicators (weight, "
            "recency_days), score bands and floor rules. Publishing creates a new version; "
            "assessments already done keep theirs."
        ),
    )
    change_note = forms.CharField(label="What changed and why", max_length=300)
    based_on = forms.IntegerField(widget=forms.HiddenInput)

    def clean_definition(self):
        try:
            definition = json.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"The definition is not valid JSON (line {error.lineno}: {error.msg})"
            ) from None
        problems = scoring.validate_definition(definition)
        if problems:
            raise forms.ValidationError(problems[0])
        return definition


class PlanViewsForm(GovukForm):
    child_views = forms.CharField(
        label="The child's views, in their own words",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    family_views = forms.CharField(
        label="The family's views, in their own words",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanActionForm(GovukForm):
    text = forms.CharField(label="Action", max_length=300)
    responsible_agency = forms.ChoiceField(label="Agency responsible")
    owner = forms.ChoiceField(label="Person responsible", required=False)
    due_on = GovukDateField(label="Due date", future_only=True)
    is_milestone = forms.BooleanField(label="This is a milestone in the plan", required=False)

    def __init__(self, *args, agencies, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.users = {str(u.pk): u for u in users}
        self.fields["responsible_agency"].choices = [("", "Choose an agency")] + [
            (str(a.pk), a.name) for a in agencies
        ]
        self.fields["owner"].choices = [("", "Not yet named")] + [
            (str(u.pk), f"{u.display_name} ({u.agency.short_name or u.agency.name})") for u in users
        ]

    def clean(self):
        cleaned = super().clean()
        owner = self.users.get(cleaned.get("owner") or "")
        agency = cleaned.get("responsible_agency")
        if owner and agency and str(owner.agency_id) != agency:
            self.add_error("owner", "Choose a person from the agency responsible")
        return cleaned


class ActionStatusForm(GovukForm):
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect
    )


class SupportForm(GovukForm):
    kind = forms.CharField(
        label="Support or intervention", max_length=120, help_text="For example, weekly mentoring"
    )
    delivered_on = GovukDateField(label="Date delivered", past_only=True)
    description = forms.CharField(
        label="What happened", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
