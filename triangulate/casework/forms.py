"""Casework forms with GOV.UK error messages."""

from __future__ import annotations

from django import forms

from triangulate.core.clocks import local
from triangulate.core.forms import TIME_HINT, DateTimeMixin, GovukDateField, GovukForm

from .models import NoteKind


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


YES_NO = [("yes", "Yes"), ("no", "No")]


class NoteForm(DateTimeMixin, GovukForm):
    """A contact with or about the child, dated when it happened."""

    kind = forms.ChoiceField(
        label="What kind of contact was it?", choices=NoteKind.choices, widget=forms.RadioSelect
    )
    occurred_on = GovukDateField(
        label="Date it happened", past_only=True, help_text="For example, 27 3 2026"
    )
    occurred_time = forms.CharField(
        label="Time it happened", max_length=5, required=False, help_text=TIME_HINT
    )
    present = forms.CharField(
        label="Who was present",
        max_length=500,
        required=False,
        help_text="Names and roles, for example: Amira (child), her mother, Sam Ellis (school)",
    )
    child_seen = forms.ChoiceField(
        label="Was the child seen?", choices=YES_NO, widget=forms.RadioSelect
    )
    child_seen_alone = forms.ChoiceField(
        label="Was the child seen alone?", choices=YES_NO, widget=forms.RadioSelect
    )
    childs_words = forms.CharField(
        label="What the child said, in their own words",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Write down their words as they said them, not your summary of them",
    )
    summary = forms.CharField(
        label="Note", max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    significant = forms.BooleanField(
        label="This is a significant event (it goes into the child's chronology)", required=False
    )

    def clean(self):
        data = super().clean()
        data["occurred_at"] = self.moment("occurred", "it happened")
        if data.get("child_seen") == "no" and data.get("child_seen_alone") == "yes":
            self.add_error("child_seen_alone", "A child seen alone must also be recorded as seen")
        return data

    def note_values(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "occurred_at": data["occurred_at"],
            "present": data["present"],
            "child_seen": data["child_seen"] == "yes",
            "child_seen_alone": data["child_seen_alone"] == "yes",
            "childs_words": data["childs_words"],
            "summary": data["summary"],
            "significant": data["significant"],
        }

    @classmethod
    def initial_for(cls, note) -> dict:
        moment = local(note.occurred_at)
        return {
            "kind": note.kind,
            "occurred_on": moment.date(),
            "occurred_time": f"{moment:%H:%M}",
            "present": note.present,
            "child_seen": "yes" if note.child_seen else "no",
            "child_seen_alone": "yes" if note.child_seen_alone else "no",
            "childs_words": note.childs_words,
            "summary": note.summary,
            "significant": note.significant,
            "version": note.version,
        }


class NoteCorrectionForm(NoteForm):
    reason = forms.CharField(
        label="Why are you correcting this note?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The note as it was before is kept, with your name and this reason",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        unchanged = (
            self.note is not None
            and not self.errors
            and self.note_values()
            == {name: getattr(self.note, name) for name in self.note_values()}
        )
        if unchanged:
            self.add_error("summary", "Change something in the note to correct it")
        return data

    def __init__(self, *args, note=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.note = note


class ShareNoteForm(GovukForm):
    agency = forms.ChoiceField(label="Agency to share the note with")
    purpose = forms.CharField(
        label="Why are you sharing it?",
        max_length=300,
        help_text="For example: for the strategy discussion on 3 March",
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Choose an agency")] + [
            (str(a.pk), a.name) for a in agencies
        ]
