"""Forms for meetings."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import TIME_HINT, GovukDateField, GovukForm, combine, offer, parse_time
from triangulate.core.presenters import uk_date

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
        label="Child (strategy meetings only)", required=False, widget=forms.RadioSelect,
        help_text="A daily hub or MACE agenda is built from the records of every child you may see",
    )  # fmt: skip

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = child_choices(self.fields["person"], people)

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
            self.add_error(
                "person",
                "Choose the child the strategy meeting is about"
                if self.people
                else "Find the child the strategy meeting is about, then choose them",
            )
        return cleaned


def child_label(person) -> str:
    if person.date_of_birth:
        return f"{person.full_name}, born {uk_date(person.date_of_birth)}"
    return person.full_name


def child_choices(field, people) -> dict:
    """Offer the children a search found (never the whole register) as radios."""
    field.choices = [(str(p.pk), child_label(p)) for p in people]
    return {str(p.pk): p for p in people}


class AgendaAddForm(GovukForm):
    person = forms.ChoiceField(label="Child", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why on the agenda", max_length=200, help_text="For example, school raised a concern"
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = child_choices(self.fields["person"], people)


class AgendaSubjectForm(GovukForm):
    kind = forms.ChoiceField(label="What to add", widget=forms.RadioSelect)
    number = forms.CharField(
        label="Its number", max_length=12, help_text="The number shown on its page"
    )
    reason = forms.CharField(
        label="Why on the agenda",
        max_length=200,
        help_text="For example, seen with two children at the Station Hotel last week",
    )

    def __init__(self, *args, kinds: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds.items())


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
        self.owners = offer(
            self.fields["owner"],
            owners,
            empty="Choose an owner",
            label=lambda u: f"{u.display_name} – {u.agency.name}",
        )


class AttendanceForm(GovukForm):
    agency = forms.ChoiceField(label="Agency")
    name = forms.CharField(label="Name", max_length=200)
    role = forms.CharField(label="Role", max_length=200, required=False)
    status = forms.ChoiceField(
        label="Attendance", choices=AttendanceStatus.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = offer(self.fields["agency"], agencies, empty="Choose an agency")


class ItemShareForm(GovukForm):
    agency = forms.ChoiceField(label="Agency at the table")
    purpose = forms.CharField(
        label="Why this agency needs the item",
        max_length=300,
        help_text="It reads the reasons, discussion, decision and actions; the child's record stays closed to it",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = offer(self.fields["agency"], agencies, empty="Choose an agency")
