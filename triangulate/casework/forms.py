"""Casework forms with GOV.UK error messages."""

from __future__ import annotations

from django import forms

from triangulate.core.clocks import local
from triangulate.core.forms import (
    TIME_HINT,
    DateTimeMixin,
    GovukDateField,
    GovukForm,
    SensitivityForm,
    offer,
)
from triangulate.core.sensitivity import choices_for

from .models import ClosureRisk, ClosureSafer, InvestigationOutcome, NoteKind, StrategyDecision


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


class TransferForm(AllocateForm):
    """Move a case to another worker or team, with the reason and a handover note."""

    reason = forms.CharField(
        label="Why is the case moving?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    handover = forms.CharField(
        label="Handover note for the new worker",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the child wants and needs, who matters to them, what is planned next",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].label = "Transfer to"
        self.fields["confirm_over_capacity"].label = "Transfer anyway, above this worker's capacity"


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ClosureForm(ReasonForm):
    """Closing a case records what it achieved: whether the child is safer, and the risk of
    exploitation the worker judges at closure (both counted in the partnership's figures)."""

    safer = forms.ChoiceField(
        label="Is the child safer than when the case opened?",
        choices=ClosureSafer.choices,
        widget=forms.RadioSelect,
    )
    risk = forms.ChoiceField(
        label="Risk of exploitation now",
        choices=ClosureRisk.choices,
        widget=forms.RadioSelect,
    )


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
    sensitivity = SensitivityForm.base_fields["sensitivity"]

    def __init__(self, *args, labels=(), **kwargs):
        super().__init__(*args, **kwargs)
        if labels:
            self.fields["sensitivity"].choices = choices_for(labels)
        else:
            del self.fields["sensitivity"]

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

    def label_value(self) -> dict:
        """The label chosen for a new note (none where the form offers none)."""
        return {"sensitivity": self.cleaned_data.get("sensitivity", "")}

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

    def __init__(self, *args, agencies=(), thing: str = "note", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].label = f"Agency to share the {thing} with"
        self.fields["agency"].choices = [("", "Choose an agency")] + [
            (str(a.pk), a.name) for a in agencies
        ]


class ChronologyFilterForm(GovukForm):
    start = GovukDateField(label="From", required=False, help_text="For example, 1 9 2025")
    end = GovukDateField(label="To", required=False, help_text="For example, 31 3 2026")
    kinds = forms.MultipleChoiceField(
        label="Kinds of event", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = list(kinds)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be the same as or after the start")
        return data


SUPERVISION_ACTION_ROWS = 3


class SupervisionForm(GovukForm):
    held_on = GovukDateField(label="Date of supervision", past_only=True)
    reflection = forms.CharField(
        label="Reflection",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What is happening for the child, what is working, what worries you",
    )
    decisions = forms.CharField(
        label="Decisions", max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a person")] + [(str(u.pk), u.display_name) for u in owners]
        for row in range(1, SUPERVISION_ACTION_ROWS + 1):
            self.fields[f"action_{row}"] = forms.CharField(
                label=f"Action {row}", max_length=200, required=False
            )
            self.fields[f"owner_{row}"] = forms.ChoiceField(
                label=f"Who will do action {row}", choices=choices, required=False
            )
            self.fields[f"due_{row}"] = GovukDateField(
                label=f"Action {row} due by", future_only=True, required=False
            )

    def action_rows(self):
        return [
            (self[f"action_{row}"], self[f"owner_{row}"], self[f"due_{row}"])
            for row in range(1, SUPERVISION_ACTION_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        actions = []
        for row in range(1, SUPERVISION_ACTION_ROWS + 1):
            text = data.get(f"action_{row}")
            owner = data.get(f"owner_{row}")
            due = data.get(f"due_{row}")
            if not (text or owner or due):
                continue
            if not text:
                self.add_error(f"action_{row}", f"Enter action {row}")
            if not owner:
                self.add_error(f"owner_{row}", f"Select who will do action {row}")
            if not due and f"due_{row}" not in self.errors:
                self.add_error(f"due_{row}", f"Enter the date action {row} is due by")
            actions.append((text, owner, due))
        data["actions"] = actions
        return data


class OversightForm(GovukForm):
    days = forms.IntegerField(
        label="Not seen alone for more than (days)",
        min_value=1,
        max_value=365,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    working_days = forms.IntegerField(
        label="Notes recorded more than (working days) after the contact",
        min_value=0,
        max_value=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )


class StrategyForm(DateTimeMixin, GovukForm):
    held_on = GovukDateField(label="Date of the discussion", past_only=True)
    held_time = forms.CharField(
        label="Time of the discussion", max_length=5, required=False, help_text=TIME_HINT
    )
    invited = forms.MultipleChoiceField(
        label="Agencies invited",
        widget=forms.CheckboxSelectMultiple,
        help_text="Police and health at least, with education and others who know the child",
    )
    attended = forms.MultipleChoiceField(
        label="Agencies that took part", widget=forms.CheckboxSelectMultiple, required=False
    )
    information_shared = forms.CharField(
        label="Information shared",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What each agency knows about the child and the adults of concern",
    )
    decision = forms.ChoiceField(
        label="Decision", choices=StrategyDecision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label="Reasons for the decision", max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(a.pk), f"{a.name} ({a.get_agency_type_display()})") for a in agencies]
        self.fields["invited"].choices = choices
        self.fields["attended"].choices = choices
        self.fields["invited"].error_messages["required"] = "Select the agencies invited"

    def clean(self):
        data = super().clean()
        data["held_at"] = self.moment("held", "of the discussion")
        return data


class StrategyActionForm(GovukForm):
    text = forms.CharField(label="Action", max_length=300)
    owner = forms.ChoiceField(label="Who will do it")
    due_on = GovukDateField(label="Due date", future_only=True)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose a person")] + [
            (str(u.pk), f"{u.display_name}, {u.agency.name}") for u in owners
        ]


class InvestigationStartForm(GovukForm):
    police_reference = forms.CharField(label="Police reference", max_length=40)
    started_on = GovukDateField(label="Date the investigation started", past_only=True)


class InvestigationOutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Where the investigation has got to",
        choices=InvestigationOutcome.choices,
        widget=forms.RadioSelect,
    )
    ended_on = GovukDateField(
        label="Date it ended", past_only=True, required=False, help_text="Leave empty if ongoing"
    )
    outcome_detail = forms.CharField(
        label="Outcome", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(GovukForm):
    """A document for the child's record, and optionally one of their open cases."""

    title = forms.CharField(
        label="What is it?",
        max_length=200,
        help_text="For example: letter from the school about attendance, 3 March",
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) or text (.txt) file",
    )
    case = forms.ChoiceField(label="Case", required=False)

    def __init__(self, *args, cases=(), max_mb: int = 10, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += f", up to {max_mb} MB"
        self.fields["case"].choices = [("", "The child's record only")] + [
            (str(c.pk), f"Case {c.reference}") for c in cases
        ]
        if not cases:
            del self.fields["case"]


class SignOffForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(GovukForm):
    return_reason = forms.CharField(
        label="What needs more work?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The worker sees this on My work",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label="Why are you withdrawing it?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: attached to the wrong child's record. The file is kept for audit",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class TeamForm(GovukForm):
    name = forms.CharField(label="Team name", max_length=120)
    default_capacity = forms.IntegerField(
        label="Cases a full-time worker carries", min_value=1, max_value=50,
        help_text="A worker's own capacity, if set, is used instead",
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TeamMemberForm(GovukForm):
    worker = forms.ChoiceField(label="Worker")
    capacity = forms.IntegerField(
        label="Their own capacity (optional)", min_value=1, max_value=50, required=False,
        help_text="Leave empty to use the team's, for example for a part-time worker set fewer",
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = offer(self.fields["worker"], workers, empty="Select a worker",
                             label=lambda user: user.display_name)  # fmt: skip


class MemberCapacityForm(GovukForm):
    member = forms.IntegerField(widget=forms.HiddenInput)
    capacity = forms.IntegerField(label="Capacity", min_value=1, max_value=50, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberRemoveForm(GovukForm):
    member = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
