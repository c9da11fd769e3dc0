"""Governance forms (GOV.UK components through core.forms)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation

from triangulate.core.forms import GovukDateField, GovukForm
from triangulate.core.models import Agency
from triangulate.core.records import LawfulBasis
from triangulate.core.roles import AgencyType, Role
from triangulate.support.models import Ward

from .models import AgreementStatus, DataCategory, RequesterKind, RetentionClock
from .services import BREAK_GLASS_HOURS, retention

CODE_HINT = "The 6-digit code your authenticator app shows now, or one of your recovery codes"


class SecondStepForm(GovukForm):
    required_message = "Enter the {label}"

    code = forms.CharField(
        label="Security code",
        max_length=40,
        help_text=CODE_HINT,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "text"}
        ),
    )


class EnrolForm(GovukForm):
    required_message = "Enter the {label}"

    code = forms.CharField(
        label="Security code",
        max_length=12,
        help_text="The 6-digit code your authenticator app shows for Triangulate",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "numeric"}
        ),
    )


class ResetForm(GovukForm):
    required_message = "Enter the {label}"

    reason = forms.CharField(
        label="Reason",
        max_length=500,
        help_text="For example: lost phone, reported to the service desk on 3 March",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason")
        return reason


class AgreementForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    parties = forms.ModelMultipleChoiceField(
        label="Agencies that are party to it",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select at least two",
    )
    purposes = forms.CharField(
        label="Purposes",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the agencies share, for example: to identify and protect children at "
        "risk of exploitation",
    )
    data_categories = forms.MultipleChoiceField(
        label="Categories of information shared",
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    lawful_bases = forms.MultipleChoiceField(
        label="Lawful bases",
        choices=LawfulBasis.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    signatories = forms.CharField(
        label="Signatories",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Name, role and agency of each person who signed, one a line",
    )
    review_on = GovukDateField(label="Review date", future_only=True)
    status = forms.ChoiceField(
        label="Status", choices=AgreementStatus.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Agency.objects.filter(is_active=True).order_by("name")

    def clean_parties(self):
        parties = self.cleaned_data["parties"]
        if len(parties) < 2:
            raise forms.ValidationError("Select at least two agencies")
        return parties


class AgreementReviewForm(GovukForm):
    review_on = GovukDateField(label="Next review date", future_only=True)
    status = forms.ChoiceField(
        label="Status", choices=AgreementStatus.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="What the review found",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveShareForm(GovukForm):
    reason = forms.CharField(
        label="Why this share was right without an agreement",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: immediate risk of significant harm; the agencies are drawing "
        "up an agreement",
    )


class BreakGlassForm(GovukForm):
    justification = forms.CharField(
        label="Why do you need to see this record now?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what the emergency is and why it cannot wait for the record to be "
        "shared with your agency. Your information governance lead and the record's owner "
        "will read this.",
    )
    hours = forms.TypedChoiceField(
        label="For how long?",
        coerce=int,
        choices=[(h, f"{h} hour{'s' if h != 1 else ''}") for h in BREAK_GLASS_HOURS],
        widget=forms.RadioSelect,
    )

    def clean_justification(self):
        text = self.cleaned_data["justification"].strip()
        if len(text) < 20:
            raise forms.ValidationError("Justification must be at least 20 characters")
        return text


class BreakGlassReviewForm(GovukForm):
    note = forms.CharField(
        label="Review notes", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    concern = forms.TypedChoiceField(
        label="Was this use justified?",
        coerce=lambda value: value == "concern",
        choices=[("justified", "Yes, justified"), ("concern", "No, raise a concern")],
        widget=forms.RadioSelect,
    )
    end_now = forms.BooleanField(label="End the access now if it is still open", required=False)


class DecisionNotToShareForm(GovukForm):
    requesting_agency = forms.ModelChoiceField(
        label="Agency that asked, or would have received it",
        queryset=Agency.objects.none(),
    )
    reasons = forms.CharField(
        label="Reasons",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why sharing is not necessary or proportionate now",
    )
    consent_refused = forms.BooleanField(
        label="The child or their family refused consent", required=False
    )

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Agency.objects.filter(is_active=True).order_by("name")
        if agency is not None:
            others = others.exclude(pk=agency.pk)
        self.fields["requesting_agency"].queryset = others


class AccountForm(GovukForm):
    """An account: who the person is, their agency and roles, and when it expires."""

    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they type to sign in, for example firstname.lastname",
    )
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(label="Email address", max_length=254)
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="No agency"
    )
    job_title = forms.CharField(label="Job title", max_length=120, required=False)
    roles = forms.MultipleChoiceField(
        label="Roles", choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    account_expires_on = GovukDateField(
        label="Date the account expires",
        required=False,
        help_text="Leave empty for a permanent post. For example, 31 3 2027",
    )
    is_active = forms.BooleanField(label="The account is switched on", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")
        self.fields["roles"].error_messages["required"] = "Select at least one role"
        if editing:
            del self.fields["username"]
        else:
            del self.fields["is_active"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
            raise forms.ValidationError(
                "Username must contain only letters, numbers, full stops, hyphens and underscores"
            )
        return username.lower()


class MemberWardForm(GovukForm):
    """The ward an elected member represents, from the borough's wards."""

    ward = forms.ChoiceField(
        label="Ward",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a ward from the list"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = Ward.objects.order_by("name").values_list("name", flat=True)
        self.fields["ward"].choices = [(n, n) for n in names] + [("", "No ward")]


class ReviewAccessForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ChoosePasswordForm(GovukForm):
    """A new password, twice, checked by the password rules (Django's SetPasswordForm's
    checks, with GOV.UK messages)."""

    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters; not a common password, and not like your name",
    )
    new_password2 = forms.CharField(
        label="Confirm new password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "The two passwords must match")
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned


class AgencyForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    short_name = forms.CharField(
        label="Short name", max_length=40, required=False, help_text="For example, Police"
    )
    agency_type = forms.ChoiceField(
        label="Kind of agency", choices=AgencyType.choices, widget=forms.RadioSelect
    )
    is_active = forms.BooleanField(label="The agency is open", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]


class SubjectAccessForm(GovukForm):
    person = forms.IntegerField(
        label="Record number of the person the request is about",
        min_value=1,
        help_text="The number on the person's register entry",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    requester_kind = forms.ChoiceField(
        label="Who asked", choices=RequesterKind.choices, widget=forms.RadioSelect
    )
    requester_name = forms.CharField(
        label="Name of the person who asked, if not the person themselves",
        max_length=200,
        required=False,
    )
    identity_check = forms.CharField(
        label="How their identity (and authority to ask) was checked",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    received_on = GovukDateField(label="Date received", past_only=True)


class SubjectAccessStepForm(GovukForm):
    """One step on a request: keep or lift a redaction, add one, release or refuse."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    step = forms.ChoiceField(
        choices=[(s, s) for s in ("prepare", "keep", "lift", "redact", "release", "refuse")]
    )
    redaction = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label="Text to redact", max_length=500, required=False)
    reason = forms.CharField(
        label="Reason", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    refusal = forms.CharField(
        label="Why the request is refused",
        help_text="For example: identity not confirmed, or manifestly unfounded or excessive",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _record_type_choices() -> list[tuple[str, str]]:
    return [("", "Choose a type of record"), *retention.record_types()]


class RetentionRuleForm(GovukForm):
    """A retention rule: the type of record (only when the rule is new), how long, from when,
    and the legal basis."""

    record_type = forms.ChoiceField(label="Type of record", choices=())
    period_years = forms.IntegerField(
        label="Years", required=False, min_value=0, max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    period_months = forms.IntegerField(
        label="Months", required=False, min_value=0, max_value=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    clock = forms.ChoiceField(
        label="What the time runs from", choices=RetentionClock.choices, widget=forms.RadioSelect
    )
    legal_basis = forms.CharField(
        label="Legal basis",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The law or guidance that sets this period, for example the Limitation Act "
        "1980 or the local authority's records retention guidance",
    )
    active = forms.BooleanField(label="Destroy records under this rule", required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, fixed_type: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = _record_type_choices()
        if fixed_type:
            del self.fields["record_type"]


class LegalHoldForm(GovukForm):
    person_number = forms.IntegerField(
        label="Record number of the child",
        required=False,
        min_value=1,
        help_text="Holds everything about the child. Leave empty to hold one record instead.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    record_type = forms.ChoiceField(label="Type of record", required=False, choices=())
    record_id = forms.IntegerField(
        label="Record number", required=False, min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    reason = forms.CharField(
        label="Why the records must be kept",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: a civil claim, a child safeguarding practice review, an inquiry",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = _record_type_choices()


class LegalHoldReleaseForm(GovukForm):
    reason = forms.CharField(
        label="Why the hold can be released",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DestroyForm(GovukForm):
    confirm = forms.BooleanField(
        label="I have checked this list: destroy these records now. This cannot be undone."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].error_messages["required"] = (
            "Confirm that the records listed should be destroyed"
        )
