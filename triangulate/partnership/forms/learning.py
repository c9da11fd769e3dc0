"""Forms for training and awareness, case-file audits and Section 11 returns."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from triangulate.core.forms import GovukDateField, GovukForm
from triangulate.core.models import Agency

from ..models.learning import Audience, Section11Return


def _agencies():
    return Agency.objects.filter(is_active=True).order_by("name", "id")


class AwarenessEventForm(GovukForm):
    title = forms.CharField(label="Event", max_length=200)
    held_on = GovukDateField(label="Date held", past_only=True)
    audience = forms.ChoiceField(label="Audience", choices=Audience.choices)
    attendance = forms.IntegerField(label="People reached", min_value=0)
    agency = forms.ModelChoiceField(queryset=_agencies(), label="Run by")


class Section11Form(GovukForm):
    agency = forms.ModelChoiceField(queryset=_agencies(), label="Agency")
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)
    standard = forms.CharField(label="Standard", max_length=200)
    rating = forms.ChoiceField(
        label="Self-assessment", choices=Section11Return.Rating.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label="Evidence", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class CaseFileAuditForm(GovukForm):
    title = forms.CharField(label="Audit title", max_length=200)
    audited_on = GovukDateField(label="Date of the audit", past_only=True)
    questions = forms.CharField(
        label="Audit questions, one a line",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example, is the current risk assessment on file?",
    )

    def clean_questions(self):
        lines = [
            line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()
        ]
        if not lines:
            raise forms.ValidationError("Enter at least one audit question")
        return lines


ANSWERS = [("yes", "Yes"), ("no", "No"), ("n/a", "Not applicable")]


class AuditCaseForm(GovukForm):
    """One sampled case file: an opaque reference and an answer to each audit question."""

    reference = forms.CharField(
        label="Case reference",
        max_length=40,
        help_text="An audit reference such as CFA-2026-07. Never a child's name.",
    )
    agency = forms.ModelChoiceField(queryset=_agencies(), label="Agency holding the file")

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=f"{question.number}. {question.text}",
                choices=ANSWERS,
                widget=forms.RadioSelect,
            )
            self.fields[f"q{question.pk}"].error_messages["required"] = "Select an answer"
        self.questions = list(questions)

    def answers(self) -> dict:
        return {str(q.pk): self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class FindingForm(GovukForm):
    text = forms.CharField(label="Finding", widget=forms.Textarea(attrs={"rows": 3}))
