"""Front-door forms. Only what is needed to act is required; everything else may be 'not known'."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from triangulate.core import records
from triangulate.core.clocks import LONDON
from triangulate.core.forms import (
    TIME_HINT,
    BotTrap,
    GovukDateField,
    GovukForm,
    combine,
    parse_time,
)
from triangulate.core.identifiers import (
    IdentifierError,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
)
from triangulate.core.presenters import uk_date

from .models import RECORDED_SOURCES, Consent, Indicator, Outcome, Source, Urgency, YesNoUnknown

CONCERN_MAX = 5000


def _identifier(value: str, normalise) -> str:
    if not value:
        return ""
    try:
        return normalise(value)
    except IdentifierError as error:
        raise forms.ValidationError(str(error)) from None


def _moment(form, day, raw: str, field: str, label: str):
    """A local date and a typed time as one moment, or None with the error on the field."""
    try:
        return combine(day, parse_time(raw, label))
    except forms.ValidationError as error:
        form.add_error(field, error)
        return None


class ChildFieldsMixin:
    # GovukForm words required messages from the label; question labels need their own.
    REQUIRED = {
        "concern": "Enter what you have seen or heard",
        "urgency": "Select how soon the front door needs to act",
        "family_aware": "Select whether the child's family knows",
        "consent": "Select the consent position, or 'Not known'",
        "reporter_type": "Select whether you are a member of the public or a councillor",
        "source": "Select how the concern reached the front door",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.REQUIRED.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message

    def clean_child_postcode(self):
        return _identifier(self.cleaned_data.get("child_postcode", ""), normalise_postcode)

    def clean_child_nhs_number(self):
        return _identifier(self.cleaned_data.get("child_nhs_number", ""), normalise_nhs_number)

    def clean_child_upn(self):
        return _identifier(self.cleaned_data.get("child_upn", ""), normalise_upn)

    CHILD_FIELDS = (
        "child_given_name",
        "child_family_name",
        "child_known_as",
        "child_address",
        "child_school",
        "child_postcode",
    )

    def check_child_identifiable(self, cleaned):
        if any(f in self.errors for f in self.CHILD_FIELDS):
            return
        if not any(cleaned.get(f) for f in self.CHILD_FIELDS):
            self.add_error(
                "child_given_name",
                "Enter the child's name, a name they are known by, where they live or their "
                "school, so that the child can be found",
            )


class RaiseConcernForm(ChildFieldsMixin, GovukForm):
    child_given_name = forms.CharField(label="Child's first name", max_length=100, required=False)
    child_family_name = forms.CharField(label="Child's last name", max_length=100, required=False)
    child_known_as = forms.CharField(
        label="Other names the child is known by",
        max_length=200,
        required=False,
        help_text="Nicknames or names used online, separated by commas",
    )
    child_date_of_birth = GovukDateField(
        label="Child's date of birth",
        required=False,
        past_only=True,
        help_text="For example, 27 3 2012. Leave blank if not known",
    )
    child_age_description = forms.CharField(
        label="If you do not know their date of birth, how old do they seem?",
        max_length=100,
        required=False,
    )
    child_address = forms.CharField(label="Child's address", max_length=300, required=False)
    child_postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    child_school = forms.CharField(label="School or college", max_length=200, required=False)
    child_nhs_number = forms.CharField(
        label="NHS number",
        max_length=12,
        required=False,
        help_text="Leave blank if not known",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    child_upn = forms.CharField(
        label="Unique pupil number (UPN)",
        max_length=13,
        required=False,
        help_text="Leave blank if not known",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    concern = forms.CharField(
        label="What have you seen or heard?",
        max_length=CONCERN_MAX,
        help_text="Say what happened, when, and who was there. Use the child's own words if you can.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    location = forms.CharField(label="Where did this happen?", max_length=300, required=False)
    indicators = forms.MultipleChoiceField(
        label="Have you noticed any of these?",
        choices=Indicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    urgency = forms.ChoiceField(
        label="How soon does the front door need to act?",
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        help_text="If a child is in immediate danger, call 999 first",
    )
    family_aware = forms.ChoiceField(
        label="Does the child's family know you are raising this concern?",
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
        initial=YesNoUnknown.NOT_KNOWN,
    )
    consent = forms.ChoiceField(
        label="Consent to share",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        initial=Consent.NOT_KNOWN,
        help_text="Consent is not needed to share information when a child may be at risk of harm",
    )

    def clean(self):
        cleaned = super().clean()
        self.check_child_identifiable(cleaned)
        return cleaned


class RecordContactForm(RaiseConcernForm):
    """Front-door staff recording a contact that came by phone, 101 or another body's form."""

    source = forms.ChoiceField(
        label="How did the concern reach us?",
        choices=[(s.value, s.label) for s in RECORDED_SOURCES],
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(label="Who reported it?", max_length=200, required=False)
    reporter_contact = forms.CharField(label="How to contact them", max_length=200, required=False)
    reporter_relationship = forms.CharField(
        label="Their relationship to the child", max_length=200, required=False
    )
    received_on = GovukDateField(
        label="Date it was received", past_only=True, help_text="For example, 27 3 2026"
    )
    received_time = forms.CharField(
        label="Time it was received",
        max_length=5,
        help_text=TIME_HINT,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime(timezone.now(), LONDON)
        self.fields["received_on"].initial = now.date()
        self.fields["received_time"].initial = now.strftime("%H:%M")

    def clean(self):
        cleaned = super().clean()
        day, raw = cleaned.get("received_on"), cleaned.get("received_time")
        if day is None or not raw:
            return cleaned
        moment = _moment(self, day, raw, "received_time", "The time it was received")
        if moment is None:
            return cleaned
        if moment > timezone.now():
            self.add_error("received_time", "The time it was received must be in the past")
        else:
            cleaned["received_at"] = moment
        return cleaned


class PublicConcernForm(BotTrap, ChildFieldsMixin, GovukForm):
    """The form anyone can use. It never says whether the child is already known."""

    reporter_type = forms.ChoiceField(
        label="Who are you?",
        choices=[
            (Source.PUBLIC, "A member of the public"),
            (Source.COUNCILLOR, "A councillor"),
        ],
        widget=forms.RadioSelect,
    )
    child_given_name = forms.CharField(label="Child's first name", max_length=100, required=False)
    child_family_name = forms.CharField(label="Child's last name", max_length=100, required=False)
    child_known_as = forms.CharField(
        label="Any other name they are known by", max_length=200, required=False
    )
    child_age_description = forms.CharField(
        label="How old are they, or how old do they seem?", max_length=100, required=False
    )
    child_address = forms.CharField(
        label="Where do they live, or where are they often seen?", max_length=300, required=False
    )
    child_postcode = forms.CharField(
        label="Postcode, if you know it",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    child_school = forms.CharField(
        label="Their school, if you know it", max_length=200, required=False
    )
    concern = forms.CharField(
        label="What have you seen or heard?",
        max_length=CONCERN_MAX,
        help_text="Tell us what happened, when and where, and who was there.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    location = forms.CharField(label="Where did this happen?", max_length=300, required=False)
    reporter_name = forms.CharField(label="Your name (optional)", max_length=200, required=False)
    reporter_contact = forms.CharField(
        label="A phone number or email address so we can contact you (optional)",
        max_length=200,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        # A report about a place or an adult, naming no child, is welcome: it needs where.
        if any(f in self.errors for f in (*self.CHILD_FIELDS, "location")):
            return cleaned
        if not any(cleaned.get(f) for f in self.CHILD_FIELDS) and not cleaned.get("location"):
            self.add_error(
                "child_given_name",
                "Enter the child's name, a name they are known by, where they live or their "
                "school, so that the child can be found, or where this is happening if you "
                "do not know of a particular child",
            )
        return cleaned


class StatusCheckForm(GovukForm):
    reference = forms.CharField(
        label="Your reference",
        max_length=20,
        help_text="For example, ABCD-EFGH-JKMN",
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
    )


class ContributionForm(GovukForm):
    summary = forms.CharField(
        label="What does your agency know about this child?",
        max_length=CONCERN_MAX,
        help_text="Only what is relevant and proportionate to this concern",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing with the front door",
        widget=forms.RadioSelect,
        choices=records.basis_choices(),
    )
    record = forms.ChoiceField(
        label="Share your agency's record of this child with the front door?",
        widget=forms.RadioSelect,
        required=False,
        help_text="The front door can then link the concern to the record you hold instead "
        "of adding the child to the register again. They can read it, not change it.",
    )

    def __init__(self, *args, records=(), consent: str = Consent.NOT_KNOWN, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent
        if records:
            self.fields["record"].choices = [
                (str(m.person.pk), _record_label(m)) for m in records
            ] + [("", "No, none of these is the child")]
        else:
            del self.fields["record"]

    def clean_lawful_basis(self):
        basis = self.cleaned_data["lawful_basis"]
        if basis == records.LawfulBasis.CONSENT and self.consent != Consent.GIVEN:
            raise forms.ValidationError(consent_refusal(self.consent))
        return basis


def consent_refusal(consent: str) -> str:
    """Why consent cannot be the lawful basis for this contact."""
    if consent == Consent.REFUSED:
        return (
            "You cannot share on the basis of consent: the contact records that consent was "
            "refused. Choose safeguarding of children if sharing is needed to protect the child"
        )
    return (
        "You cannot share on the basis of consent: the contact does not record that consent "
        "was given. Choose another lawful basis"
    )


def _record_label(match) -> str:
    person = match.person
    return f"{person.full_name}, born {uk_date(person.date_of_birth) or 'not known'}"


class RequestContributionsForm(GovukForm):
    agencies = forms.MultipleChoiceField(
        label="Which agencies should say what they know?",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = [(str(a.pk), a.name) for a in agencies]


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(label="Decision", choices=Outcome.choices, widget=forms.RadioSelect)
    need_level = forms.ChoiceField(label="Level of need", widget=forms.RadioSelect)
    reasons = forms.CharField(
        label="Reasons for the decision",
        max_length=CONCERN_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    referrer_feedback = forms.CharField(
        label="Feedback for the professional who raised the concern",
        max_length=2000,
        required=False,
        help_text="They will see this and the decision. Members of the public are told only that their concern is closed.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    strategy_on = GovukDateField(
        label="Date of the strategy meeting",
        required=False,
        future_only=True,
        help_text="For a strategy discussion only. Leave blank for 10:00 on the next working day",
    )
    strategy_time = forms.CharField(
        label="Time of the strategy meeting",
        max_length=5,
        required=False,
        help_text=TIME_HINT,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need_level"].choices = [(str(level.pk), level.label) for level in levels]

    def clean(self):
        cleaned = super().clean()
        cleaned["strategy_at"] = None
        day, raw = cleaned.get("strategy_on"), (cleaned.get("strategy_time") or "").strip()
        if cleaned.get("outcome") != Outcome.STRATEGY or day is None:
            return cleaned
        label = "The time of the strategy meeting"
        moment = _moment(self, day, raw or "10:00", "strategy_time", label)
        if moment is None:
            return cleaned
        if moment < timezone.now():
            self.add_error("strategy_time", "The strategy meeting must be in the future")
        else:
            cleaned["strategy_at"] = moment
        return cleaned


class AmendDecisionForm(GovukForm):
    """Correct a decision: the new decision and level, and why (the original is kept)."""

    outcome = forms.ChoiceField(
        label="Corrected decision", choices=Outcome.choices, widget=forms.RadioSelect
    )
    need_level = forms.ChoiceField(label="Corrected level of need", widget=forms.RadioSelect)
    why = forms.CharField(
        label="Why the decision is being corrected",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    REQUIRED = {"why": "Enter why the decision is being corrected"}

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need_level"].choices = [(str(level.pk), level.label) for level in levels]
        for name, message in self.REQUIRED.items():
            self.fields[name].error_messages["required"] = message


class NeedLevelForm(GovukForm):
    """A level on the continuum of need; its code only when it is new (decisions and figures
    name a level by its code, so it never changes)."""

    code = forms.CharField(
        label="Code", max_length=20, help_text="A short code, for example 3 or targeted"
    )
    label = forms.CharField(label="Name of the level", max_length=120)
    description = forms.CharField(
        label="What the level means", max_length=300, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    order = forms.IntegerField(
        label="Position", min_value=0, max_value=999,
        help_text="Levels are listed from the lowest position to the highest",
    )  # fmt: skip
    outcomes = forms.MultipleChoiceField(
        label="Decisions that fit this level", choices=Outcome.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked if any decision fits",
    )  # fmt: skip
    is_active = forms.BooleanField(label="In use at the front door", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        else:
            del self.fields["is_active"]
            del self.fields["version"]
