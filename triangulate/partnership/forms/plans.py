"""Forms for delivery plans and their actions."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from triangulate.core.forms import GovukDateField, GovukForm
from triangulate.core.models import User
from triangulate.core.roles import Role

from ..models import Objective
from ..models.plans import RagStatus


class VersionForm(GovukForm):
    """Carries the version of the record the user saw, so a stale edit is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _approvers():
    return (
        User.objects.filter(
            grants__role__in=[Role.PARTNERSHIP_MANAGER, Role.CHIEF_OFFICER], is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name}, {obj.agency.name if obj.agency else 'no agency'}"


class ActionForm(GovukForm):
    objective = forms.ModelChoiceField(queryset=Objective.objects.none(), label="Objective")
    number = forms.CharField(label="Action number", max_length=20, help_text="For example, 1.4.3")
    title = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    success_measure = forms.CharField(
        label="Success measure",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the partnership will know this action has made a difference",
    )
    lead_officer = _UserChoice(queryset=User.objects.none(), label="Lead officer")
    target_date = GovukDateField(label="Target date", help_text="For example, 31 3 2026")
    is_continuing = forms.BooleanField(
        label="This is continuing work with no end date", required=False
    )
    keep_out_of_public_plan = forms.BooleanField(
        label="Keep this action out of the public plan (for example, it would reveal an operation)",
        required=False,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = Objective.objects.filter(priority__plan=plan).order_by(
            "priority__number", "number", "id"
        )
        self.fields["lead_officer"].queryset = (
            User.objects.filter(is_active=True, agency__isnull=False)
            .select_related("agency")
            .order_by("last_name", "first_name", "id")
        )

    def clean_target_date(self):
        value = self.cleaned_data["target_date"]
        if value and value < timezone.localdate():
            raise forms.ValidationError(
                "Target date must be today or later, not before the action is added"
            )
        return value


class UpdateForm(VersionForm):
    written_on = GovukDateField(label="Date of this update", past_only=True)
    note = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 4}))
    evidence_link = forms.URLField(
        label="Link to evidence (optional)", required=False, assume_scheme="https"
    )
    evidence_file = forms.FileField(label="Upload evidence (optional)", required=False)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean_written_on(self):
        from ..services import PartnershipError
        from ..services.plans import check_update_date

        value = self.cleaned_data["written_on"]
        try:
            check_update_date(self.action, value)
        except PartnershipError as error:
            raise forms.ValidationError(str(error)) from None
        return value

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload and upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("The evidence file must be smaller than 10MB")
        return upload


class DateChangeForm(VersionForm):
    new_date = GovukDateField(label="New target date")
    reason = forms.CharField(
        label="Why is the date moving?", widget=forms.Textarea(attrs={"rows": 3})
    )
    approver = _UserChoice(
        queryset=User.objects.none(),
        label="Who should approve the move?",
        help_text="They are asked in Triangulate and see the request in My work. "
        "The date moves only when they approve it.",
        error_messages={
            "invalid_choice": "Choose a partnership manager or chief officer other than yourself",
            "required": "Choose who should approve the move",
        },
    )

    def __init__(self, *args, action, requester, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["approver"].queryset = (
            _approvers().exclude(pk=requester.pk).select_related("agency")
        )

    def clean_new_date(self):
        value = self.cleaned_data["new_date"]
        if value and value == self.action.target_date:
            raise forms.ValidationError("New target date must be different from the current one")
        if value and value < timezone.localdate(self.action.created_at):
            raise forms.ValidationError(
                "New target date must be on or after the day the action was added"
            )
        return value


class CompletionForm(VersionForm):
    evidence = forms.CharField(
        label="Evidence that the action is complete", widget=forms.Textarea(attrs={"rows": 4})
    )


class OverrideForm(GovukForm):
    status = forms.ChoiceField(
        label="Colour to show", choices=RagStatus.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Why should the colour differ from the rules?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneForm(GovukForm):
    title = forms.CharField(label="Milestone", max_length=300)
    target_date = GovukDateField(label="Milestone date")

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean_target_date(self):
        value = self.cleaned_data["target_date"]
        if value and value > self.action.target_date:
            raise forms.ValidationError(
                "Milestone date must be on or before the action's target date"
            )
        return value


class MoveForm(VersionForm):
    to_objective = forms.ModelChoiceField(queryset=Objective.objects.none(), label="Move to")
    new_number = forms.CharField(label="Number in the new plan", max_length=20)
    reason = forms.CharField(label="Why is it moving?", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_objective"].queryset = (
            Objective.objects.exclude(pk=action.objective_id)
            .select_related("priority__plan")
            .order_by("priority__plan_id", "priority__number", "number", "id")
        )
        self.fields["to_objective"].label_from_instance = lambda o: (
            f"{o.priority.plan.title}: {o.number} {o.title}"
        )


class ReviewForm(GovukForm):
    reviewed_on = GovukDateField(label="Date of the review", past_only=True)
    body = forms.CharField(label="Which meeting reviewed the plan?", max_length=200)
    actions = forms.ModelMultipleChoiceField(
        queryset=None, label="Actions reviewed", widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions


class SlippageForm(GovukForm):
    start = GovukDateField(label="From")
    end = GovukDateField(label="To")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "'To' date must be the same as or after the 'From' date")
        return data

    @staticmethod
    def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
        return today - dt.timedelta(days=90), today


class PlanForm(GovukForm):
    title = forms.CharField(label="Plan title", max_length=200)
    summary = forms.CharField(
        label="Summary (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = GovukDateField(label="Start date")
    ends_on = GovukDateField(label="End date")
    review_cycle = forms.CharField(
        label="Who reviews it, and how often?",
        max_length=120,
        initial="Monthly exploitation sub-group",
    )
    priorities = forms.CharField(
        label="Priorities, one a line",
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Prevent\nProtect\nPursue\nSupport",
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "End date must be the same as or after the start date")
        lines = [
            line.strip() for line in (data.get("priorities") or "").splitlines() if line.strip()
        ]
        if "priorities" in data and not lines:
            self.add_error("priorities", "Enter at least one priority")
        data["priorities"] = lines
        return data


class ObjectiveForm(GovukForm):
    priority = forms.ModelChoiceField(queryset=None, label="Priority")
    number = forms.CharField(label="Objective number", max_length=20, help_text="For example, 1.4")
    title = forms.CharField(label="Strategic objective", max_length=300)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = plan.priorities.order_by("number", "id")


class RulesForm(GovukForm):
    rules = forms.CharField(
        label="Rules, in order (JSON)",
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text="A list of rules, each with a status, its conditions ('when') and the sentence shown beside every rating",
    )
    min_note_words = forms.IntegerField(
        label="Words a progress note needs to count as evidence",
        min_value=0,
        max_value=200,
        help_text="A note that says what was done; 0 for any note",
    )
    needs_link_or_file = forms.BooleanField(
        label="Evidence needs a link or an uploaded file", required=False
    )
    in_force_from = GovukDateField(label="In force from", future_only=True)
    note = forms.CharField(label="Why are the rules changing?", max_length=300)

    def clean(self):
        data = super().clean()
        if "min_note_words" in data:
            data["evidence"] = {
                "min_note_words": data.pop("min_note_words"),
                "needs_link_or_file": data.pop("needs_link_or_file", False),
            }
        return data

    def clean_rules(self):
        import json

        from ..services.rag import InvalidRules, validate_rules

        try:
            rules = json.loads(self.cleaned_data["rules"])
        except ValueError:
            raise forms.ValidationError("Rules must be valid JSON") from None
        if not isinstance(rules, list) or not all(isinstance(rule, dict) for rule in rules):
            raise forms.ValidationError("Rules must be a list of rules")
        try:
            validate_rules(rules)
        except InvalidRules as error:
            raise forms.ValidationError(str(error)) from None
        return rules


class ActionEditForm(VersionForm):
    title = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    success_measure = forms.CharField(
        label="Success measure", widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_officer = _UserChoice(queryset=User.objects.none(), label="Lead officer")
    is_continuing = forms.BooleanField(
        label="This is continuing work with no end date", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].queryset = (
            User.objects.filter(is_active=True, agency__isnull=False)
            .select_related("agency")
            .order_by("last_name", "first_name", "id")
        )
