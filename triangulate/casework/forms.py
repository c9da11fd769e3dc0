"""Casework forms with GOV.UK error messages."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import GovukDateField, GovukForm


class AllocateForm(GovukForm):
    worker = forms.ChoiceField(label="Allocate to", widget=forms.RadioSelect)
    confirm_over_capacity = forms.BooleanField(
        label="Allocate anyway, above this worker's capacity", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [
            (
                f"{row.team.pk}:{row.member.user_id}",
                f"{row.member.user.display_name}, {row.team.name} "
                f"({row.open_cases} of {row.capacity} cases)",
            )
            for row in rows
        ]


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskForm(GovukForm):
    title = forms.CharField(label="Task", max_length=200)
    owner = forms.ChoiceField(label="Who will do it")
    due_on = GovukDateField(label="Due date", future_only=True)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose a person")] + [
            (str(u.pk), u.display_name) for u in owners
        ]
