"""Forms for the recommendations register and for scrutiny meetings."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from triangulate.core.forms import GovukDateField, GovukForm
from triangulate.core.models import Agency, User

from ..models import Committee
from ..models.recommendations import RecommendationStatus, SourceKind, Timescale, number_problem
from ..models.scrutiny import AnswerMode
from .plans import VersionForm, _UserChoice


class SourceForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type of source", choices=SourceKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="Title", max_length=300)
    author = forms.CharField(label="Author", max_length=200)
    body = forms.CharField(label="Commissioned or published by", max_length=200)
    published_on = GovukDateField(label="Date published", past_only=True)
    link = forms.URLField(label="Link (optional)", required=False, assume_scheme="https")


class RecommendationForm(GovukForm):
    number = forms.CharField(
        label="Recommendation number",
        max_length=20,
        help_text="As the report numbers it, for example 4.7",
    )
    text = forms.CharField(label="Recommendation", widget=forms.Textarea(attrs={"rows": 4}))
    addressee = forms.CharField(label="Addressed to", max_length=200)
    timescale = forms.ChoiceField(
        label="Timescale", choices=Timescale.choices, widget=forms.RadioSelect
    )
    due_on = GovukDateField(
        label="Due date", required=False, help_text="Needed when the timescale is a date"
    )
    report_back_on = GovukDateField(
        label="Report back to the partnership by (optional)", required=False
    )

    def clean_number(self):
        number = self.cleaned_data["number"]
        problem = number_problem(number)
        if problem:
            raise forms.ValidationError(problem[0].upper() + problem[1:])
        return number

    def clean(self):
        data = super().clean()
        if data.get("timescale") == Timescale.DATE and not data.get("due_on"):
            self.add_error("due_on", "Enter the date the recommendation is due")
        return data


class RecommendationStatusForm(VersionForm):
    status = forms.ChoiceField(
        label="Status", choices=RecommendationStatus.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label="Evidence", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    report_back_on = GovukDateField(label="Report back by (optional)", required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == RecommendationStatus.DONE and not data.get("evidence"):
            self.add_error("evidence", "Enter the evidence that the recommendation is done")
        return data


class LinkForm(GovukForm):
    actions = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Plan actions that deliver this recommendation",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="For example, this forms part of recommendation one",
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda a: (
            f"{a.number} {a.title} ({a.objective.priority.plan.title})"
        )


class FileForm(GovukForm):
    file = forms.FileField(label="Upload a file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 5MB")
        return upload


class MeetingForm(GovukForm):
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.order_by("name", "id"), label="Committee"
    )
    title = forms.CharField(label="Meeting title", max_length=200)
    held_on = GovukDateField(label="Meeting date")


class WitnessAnswerForm(VersionForm):
    answer = forms.CharField(
        label="Your agency's answer",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The committee and the scrutiny officer see it on the meeting page and in the minutes",
    )


class WitnessOfficerForm(GovukForm):
    officer = _UserChoice(
        queryset=User.objects.none(),
        label="Officer who answers scrutiny questions for their agency",
        help_text="Questions to their agency reach them in My work",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = (
            User.objects.filter(is_active=True, agency__isnull=False)
            .select_related("agency")
            .order_by("agency__name", "last_name", "first_name", "id")
        )


class AgendaItemForm(GovukForm):
    title = forms.CharField(label="Agenda item", max_length=300)
    pages = forms.CharField(
        label="Pages in the papers (optional)",
        required=False,
        max_length=40,
        help_text="For example, 11 to 24",
    )
    is_exempt = forms.BooleanField(
        label="Exempt from publication (not shown to the public)", required=False
    )


class QuestionForm(GovukForm):
    text = forms.CharField(label="Question", widget=forms.Textarea(attrs={"rows": 4}))
    witness_agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True).order_by("name", "id"),
        label="Which agency should answer?",
    )


class AssignForm(GovukForm):
    member = _UserChoice(queryset=User.objects.none(), label="Member to ask this question")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class AnswerForm(VersionForm):
    mode = forms.ChoiceField(
        label="How is it answered?", choices=AnswerMode.choices, widget=forms.RadioSelect
    )
    answer = forms.CharField(
        label="Answer (leave blank if a written answer is still awaited)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    due_on = GovukDateField(label="Written answer due by", required=False)

    def __init__(self, *args, current_due=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_due = current_due

    def clean_due_on(self):
        # A new deadline may not be in the past; a deadline already set (and now passed) may be
        # kept, so that a late answer can be recorded against it.
        value = self.cleaned_data["due_on"]
        if value and value < timezone.localdate() and value != self.current_due:
            raise forms.ValidationError("Written answer due by must be today or in the future")
        return value

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode == AnswerMode.ORAL and not data.get("answer"):
            self.add_error("answer", "Enter a summary of the answer given at the meeting")
        if (
            mode == AnswerMode.WRITTEN
            and not data.get("answer")
            and not data.get("due_on")
            and "due_on" not in self.errors
        ):
            self.add_error("due_on", "Enter the date the written answer is due")
        return data


class ResolutionForm(GovukForm):
    text = forms.CharField(label="Resolved", widget=forms.Textarea(attrs={"rows": 3}))
    owner = _UserChoice(queryset=User.objects.none(), label="Who owns it?")
    follow_up_on = GovukDateField(
        label="Come back to the committee by (optional)",
        required=False,
        future_only=True,
        help_text="For example, an update in one year's time",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(is_active=True, agency__isnull=False)
            .select_related("agency")
            .order_by("last_name", "first_name", "id")
        )
