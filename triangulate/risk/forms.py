"""Forms for assessments, contributions, tools and safety plans."""

from __future__ import annotations

import json

from django import forms

from triangulate.core import records
from triangulate.core.forms import GovukDateField, GovukForm, offer

from . import scoring
from .models import ActionStatus

NOT_SEEN = "no"


def indicator_field_name(code: str) -> str:
    return f"ind_{code}"


def _from_the_records(found: dict | None, shown: int = 3) -> str:
    """'From the records, check and confirm: …' for an indicator the records answered."""
    if not found:
        return ""
    sources = [source["text"] for source in found["sources"]]
    more = len(sources) - shown
    listed = "; ".join(sources[:shown]) + (f"; and {more} more" if more > 0 else "")
    return f"From the records, check and confirm: {listed}."


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

    def __init__(self, *args, definition: dict, evidence: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        evidence = evidence or {}
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
                help_text=" ".join(
                    part
                    for part in (
                        f"Recency window: {recency} days." if recency else "",
                        _from_the_records(evidence.get(indicator["code"])),
                    )
                    if part
                )
                or None,
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
    """Sign off, or return for rework: either way the manager says why."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("sign_off", "Sign off: I agree with the judgement and the review date"),
            ("return", "Return for rework: the assessment needs changing first"),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Manager's comment",
        help_text="Why you agree, or what needs changing and why",
        widget=forms.Textarea(attrs={"rows": 3}),
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
        label="Lawful basis for sharing",
        choices=records.basis_choices(consent=False),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, definition: dict, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [
            (ind["code"], ind["text"]) for _, ind in scoring.indicators(definition)
        ]
        self.agencies = offer(self.fields["share_with"], agencies, empty="Choose an agency")


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
    purpose = forms.CharField(
        label="What the plan is for",
        help_text="Partner agencies who own an action see this, with the child's name",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
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
        self.agencies = offer(self.fields["responsible_agency"], agencies, empty="Choose an agency")
        self.users = offer(
            self.fields["owner"],
            users,
            empty="Not yet named",
            label=lambda u: f"{u.display_name} ({u.agency.short_name or u.agency.name})",
        )

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
    outcome = forms.CharField(
        label="Outcome",
        help_text="What was done and what came of it",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionOwnerForm(GovukForm):
    owner = forms.ChoiceField(label="Person responsible")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.users = offer(
            self.fields["owner"], users, empty="Choose a person", label=lambda u: u.display_name
        )


class SupportForm(GovukForm):
    kind = forms.CharField(
        label="Support or intervention", max_length=120, help_text="For example, weekly mentoring"
    )
    delivered_on = GovukDateField(label="Date delivered", past_only=True)
    description = forms.CharField(
        label="What happened", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ToolStructureForm(GovukForm):
    """Edit a tool without writing JSON: level labels and review intervals, score bands,
    indicator wording, weights and recency windows, new indicators, and floor minimums."""

    change_note = forms.CharField(label="What changed and why", max_length=300)
    based_on = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, definition: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = definition
        level_choices = [(lvl["code"], lvl["label"]) for lvl in definition["levels"]]
        number = {"inputmode": "numeric", "class": "govuk-input--width-3"}
        for level in definition["levels"]:
            code = level["code"]
            self.fields[f"level_{code}_label"] = forms.CharField(
                label=f"Name of level '{code}'", max_length=60, initial=level["label"]
            )
            self.fields[f"level_{code}_days"] = forms.IntegerField(
                label="Review at least every (days)", min_value=1,
                max_value=scoring.MAX_REVIEW_DAYS, initial=level["review_days"],
                widget=forms.TextInput(attrs=number),
            )  # fmt: skip
        for index, band in enumerate(definition["bands"]):
            self.fields[f"band_{index}_min"] = forms.IntegerField(
                label=f"Lowest score for {dict(level_choices).get(band['level'], band['level'])}",
                min_value=0, initial=band["min_score"], widget=forms.TextInput(attrs=number),
            )  # fmt: skip
        for section in definition["sections"]:
            for ind in section.get("indicators", []):
                code = ind["code"]
                self.fields[f"ind_{code}_text"] = forms.CharField(
                    label="Wording", max_length=200, initial=ind["text"]
                )
                self.fields[f"ind_{code}_weight"] = forms.IntegerField(
                    label="Weight", min_value=0, max_value=50, initial=ind["weight"],
                    widget=forms.TextInput(attrs=number),
                )  # fmt: skip
                self.fields[f"ind_{code}_recency"] = forms.IntegerField(
                    label="Recency window (days)", min_value=1, required=False,
                    initial=ind.get("recency_days"), widget=forms.TextInput(attrs=number),
                    help_text="Leave blank if the sign counts whenever it was seen",
                )  # fmt: skip
                self.fields[f"ind_{code}_remove"] = forms.BooleanField(
                    label="Remove this indicator", required=False
                )
            sc = section["code"]
            self.fields[f"new_{sc}_text"] = forms.CharField(
                label="New indicator wording", max_length=200, required=False
            )
            self.fields[f"new_{sc}_weight"] = forms.IntegerField(
                label="Weight", min_value=0, max_value=50, required=False,
                widget=forms.TextInput(attrs=number),
            )  # fmt: skip
            self.fields[f"new_{sc}_recency"] = forms.IntegerField(
                label="Recency window (days)", min_value=1, required=False,
                widget=forms.TextInput(attrs=number),
            )  # fmt: skip
        for index, floor in enumerate(definition.get("floors", [])):
            self.fields[f"floor_{index}_minimum"] = forms.ChoiceField(
                label=floor["label"], choices=level_choices, initial=floor["minimum"],
                help_text="Lowest level a practitioner may choose when this rule applies",
            )  # fmt: skip

    def layout(self):
        """Bound fields grouped for the template."""
        d = self.source
        return {
            "levels": [
                (lvl, self[f"level_{lvl['code']}_label"], self[f"level_{lvl['code']}_days"])
                for lvl in d["levels"]
            ],
            "bands": [self[f"band_{i}_min"] for i in range(len(d["bands"]))],
            "sections": [
                (
                    section,
                    [
                        [
                            self[f"ind_{ind['code']}_{part}"]
                            for part in ("text", "weight", "recency", "remove")
                        ]
                        for ind in section.get("indicators", [])
                    ],
                    [
                        self[f"new_{section['code']}_{part}"]
                        for part in ("text", "weight", "recency")
                    ],
                )
                for section in d["sections"]
            ],
            "floors": [self[f"floor_{i}_minimum"] for i in range(len(d.get("floors", [])))],
        }

    def clean(self):
        cleaned = super().clean()
        for section in self.source["sections"]:
            sc = section["code"]
            if cleaned.get(f"new_{sc}_text") and cleaned.get(f"new_{sc}_weight") is None:
                self.add_error(f"new_{sc}_weight", "Enter a weight for the new indicator")
        if not self.errors:
            problems = scoring.validate_definition(self.definition())
            if problems:
                raise forms.ValidationError(problems[0])
        return cleaned

    def definition(self) -> dict:
        import copy

        from django.utils.text import slugify

        data = self.cleaned_data
        result = copy.deepcopy(self.source)
        for level in result["levels"]:
            level["label"] = data[f"level_{level['code']}_label"]
            level["review_days"] = data[f"level_{level['code']}_days"]
        for index, band in enumerate(result["bands"]):
            band["min_score"] = data[f"band_{index}_min"]
        codes = {ind["code"] for _, ind in scoring.indicators(result)}
        for section in result["sections"]:
            kept = []
            for ind in section.get("indicators", []):
                code = ind["code"]
                if data.get(f"ind_{code}_remove"):
                    continue
                ind["text"] = data[f"ind_{code}_text"]
                ind["weight"] = data[f"ind_{code}_weight"]
                ind["recency_days"] = data.get(f"ind_{code}_recency")
                kept.append(ind)
            sc = section["code"]
            text = data.get(f"new_{sc}_text")
            if text:
                base = slugify(text).replace("-", "_")[:40] or "indicator"
                code, n = base, 2
                while code in codes:
                    code, n = f"{base}_{n}", n + 1
                codes.add(code)
                kept.append(
                    {
                        "code": code,
                        "text": text,
                        "weight": data.get(f"new_{sc}_weight") or 0,
                        "recency_days": data.get(f"new_{sc}_recency"),
                    }
                )
            section["indicators"] = kept
        for index, floor in enumerate(result.get("floors", [])):
            floor["minimum"] = data[f"floor_{index}_minimum"]
        return result


class ShareForm(GovukForm):
    agency = forms.ChoiceField(label="Agency to share with")
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        choices=records.basis_choices(consent=False),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = offer(self.fields["agency"], agencies, empty="Choose an agency")
