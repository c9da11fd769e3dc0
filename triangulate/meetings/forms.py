"""Forms for meetings."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import TIME_HINT, GovukDateField, GovukForm, combine, parse_time

from .models import AttendanceStatus, MeetingKind


class MeetingForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type of meeting", choices=MeetingKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label="Title", max_length=200, help_text="For example, MACE panel – north locality"
    )
    held_on = GovukDateField(label="Date of the meeting")
    held_time = forms.CharField(label="Start time", max_length=5, help_text=TIME_HINT)
    person = forms.ChoiceField(
        label="Child (strategy meetings only)", required=False,
        help_text="A daily hub or MACE agenda is built from the records of every child you may see",
    )  # fmt: skip

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["person"].choices = [("", "Choose a child")] + [
            (
                str(p.pk),
                f"{p.full_name} ({p.date_of_birth:%d/%m/%Y})" if p.date_of_birth else p.full_name,
            )
            for p in people
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("held_on") and cleaned.get("held_time"):
            try:
                cleaned["held_at"] = combine(
                    cleaned["held_on"], parse_time(cleaned["held_time"], "The start time")
                )
            except forms.ValidationError as error:
                self.add_error("held_time", error)
        if cleaned.get("kind") == MeetingKind.STRATEGY and not cleaned.get("person"):
            self.add_error("person", "Choose the child the strategy meeting is about")
        return cleaned


class DecisionForm(GovukForm):
    discussion = forms.CharField(
        label="Discussion", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    decision = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionForm(GovukForm):
    text = forms.CharField(label="Action", max_length=300)
    owner = forms.ChoiceField(label="Owner")
    due_on = GovukDateField(label="Deadline", future_only=True)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {str(u.pk): u for u in owners}
        self.fields["owner"].choices = [("", "Choose an owner")] + [
            (str(u.pk), f"{u.display_name} – {u.agency.name}") for u in owners
        ]


class AttendanceForm(GovukForm):
    agency = forms.ChoiceField(label="Agency")
    name = forms.CharField(label="Name", max_length=200)
    role = forms.CharField(label="Role", max_length=200, required=False)
    status = forms.ChoiceField(
        label="Attendance", choices=AttendanceStatus.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"].choices = [("", "Choose an agency")] + [
            (str(a.pk), a.name) for a in agencies
        ]
