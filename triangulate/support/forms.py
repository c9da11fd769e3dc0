"""Forms for the support directory (and the app's other records as they arrive)."""

from __future__ import annotations

from django import forms

from triangulate.core.forms import BotTrap, GovukDateField, GovukForm, offer

from .models import (
    ComplaintCategory,
    ComplaintKind,
    ComplaintOutcome,
    FeedbackFrom,
    Harm,
    Helped,
    Listened,
    ReferralConsent,
    ReferralStatus,
    ServiceKind,
    Theme,
)
from .services.complaints import WHAT_HAPPENED_MAX
from .services.voice import WORDS_MAX


class ServiceForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Name of the service", max_length=200)
    kind = forms.ChoiceField(
        label="Kind of service", choices=ServiceKind.choices, widget=forms.RadioSelect
    )
    provider = forms.CharField(label="Who runs it", max_length=200)
    agency = forms.ChoiceField(
        label="Partner agency that runs it, if it uses Triangulate",
        required=False,
        help_text="Referrals to the service are shared with this agency.",
    )
    summary = forms.CharField(
        label="What the service offers",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    min_age = forms.IntegerField(label="Youngest age it supports", required=False, min_value=0)
    max_age = forms.IntegerField(
        label="Oldest age it supports",
        required=False,
        min_value=0,
        max_value=120,
        help_text="Leave blank if there is no upper age.",
    )
    area = forms.CharField(label="Area it covers", max_length=200, initial="Kingsmere")
    harms = forms.MultipleChoiceField(
        label="Kinds of harm it helps with",
        choices=Harm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    for_family = forms.BooleanField(
        label="Parents, carers and siblings can be referred in their own right", required=False
    )
    capacity = forms.IntegerField(
        label="How many people it can support at once", required=False, min_value=0
    )
    waiting_weeks = forms.IntegerField(
        label="Typical wait from referral to first session, in weeks",
        required=False,
        min_value=0,
        max_value=520,
    )
    funder = forms.CharField(label="Who funds it", max_length=200, required=False)
    contract_ends_on = GovukDateField(label="Contract end date", required=False)
    funding_ends_on = GovukDateField(label="Funding end date", required=False)
    how_to_refer = forms.CharField(
        label="How to refer or get in touch",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    self_referral = forms.BooleanField(label="People can refer themselves", required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    email = forms.EmailField(
        label="Email address",
        max_length=200,
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    website = forms.URLField(
        label="Website",
        max_length=300,
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a website address in the correct format, like https://example.org"
        },
    )
    is_published = forms.BooleanField(
        label="Show it on the public page of support services", required=False
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = offer(self.fields["agency"], agencies, empty="None")

    def values(self) -> dict:
        """The cleaned values as the service takes them (the agency as an object)."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["agency"] = self.agencies.get(data.get("agency") or "")
        return data

    @staticmethod
    def initial_for(service) -> dict:
        initial = {name: getattr(service, name) for name in ServiceForm.base_fields}
        initial["agency"] = str(service.agency_id or "")
        return initial


class ReferralForm(GovukForm):
    service = forms.ChoiceField(label="Service")
    referred_as = forms.ChoiceField(label="Who is being referred", widget=forms.RadioSelect)
    linked_child = forms.ChoiceField(
        label="The child this family member is linked to",
        required=False,
        help_text="Only for a family member or someone else harmed by what happened to a child.",
    )
    reason = forms.CharField(
        label="What help is the referral for",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    consent = forms.ChoiceField(
        label="Consent to the referral",
        choices=ReferralConsent.choices,
        widget=forms.RadioSelect,
    )
    consent_reason = forms.CharField(
        label="If consent was refused or not sought, why the referral is made",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    referred_on = GovukDateField(label="Date of the referral", past_only=True)

    def __init__(self, *args, services=(), referred_as=(), children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Enter what help the referral is for"
        self.fields["service"].error_messages["required"] = "Select the service"
        self.fields["consent"].error_messages["required"] = "Select what happened about consent"
        for name, message in (
            ("service", "Select the service"),
            ("referred_as", "Select who is being referred"),
            ("linked_child", "Select the child this family member is linked to"),
        ):
            self.fields[name].error_messages["invalid_choice"] = message
        self.services = offer(
            self.fields["service"],
            services,
            empty="Choose a service",
            label=lambda s: f"{s.name} ({s.get_kind_display()}, ages {s.age_text().lower()})",
        )
        self.fields["referred_as"].choices = list(referred_as)
        if len(referred_as) == 1:
            self.fields["referred_as"].initial = referred_as[0][0]
        self.children = offer(
            self.fields["linked_child"],
            children,
            empty="Not linked to a child",
            label=lambda c: c.full_name,
        )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["service"] = self.services.get(data.get("service") or "")
        data["linked_child"] = self.children.get(data.get("linked_child") or "")
        return data


class ReferralUpdateForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="What has happened", choices=ReferralStatus.choices, widget=forms.RadioSelect
    )
    on = GovukDateField(label="Date it happened", past_only=True)
    declined_reason = forms.CharField(
        label="If declined, why",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    outcome = forms.CharField(
        label="If support ended, the outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    consent = forms.ChoiceField(
        label="Consent to the referral", choices=ReferralConsent.choices, widget=forms.RadioSelect
    )
    consent_reason = forms.CharField(
        label="If consent was refused or not sought, why the referral is made",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class FeedbackForm(GovukForm):
    from_whom = forms.ChoiceField(
        label="Who is the feedback from?", choices=FeedbackFrom.choices, widget=forms.RadioSelect
    )
    service = forms.ChoiceField(label="Which service is it about, if any?", required=False)
    helped = forms.ChoiceField(
        label="How much has the help made a difference?",
        choices=Helped.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    listened = forms.ChoiceField(
        label="Did you feel listened to and believed?",
        choices=Listened.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    words = forms.CharField(
        label="Tell us in your own words",
        help_text="What helped, what did not, and what should change. Please do not include "
        "anyone's name.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=WORDS_MAX,
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["words"].error_messages["required"] = "Enter your feedback"
        self.fields["from_whom"].error_messages["required"] = "Select who the feedback is from"
        self.fields["words"].error_messages["max_length"] = (
            f"Feedback must be {WORDS_MAX} characters or fewer"
        )
        self.services = offer(self.fields["service"], services, empty="Not about one service")

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["service"] = self.services.get(data.get("service") or "")
        return data


class PublicFeedbackForm(BotTrap, FeedbackForm):
    pass


class TagForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    themes = forms.MultipleChoiceField(
        label="Themes", choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class ResponseForm(GovukForm):
    you_said = forms.CharField(
        label="You said", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    we_did = forms.CharField(
        label="We did", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    action = forms.ChoiceField(label="The plan action that does it", required=False)
    feedback = forms.MultipleChoiceField(
        label="The feedback it answers",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_published = forms.BooleanField(
        label="Show it on the public \u201cyou said, we did\u201d page", required=False
    )

    def __init__(self, *args, actions=(), feedback=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["you_said"].error_messages["required"] = (
            "Enter what children, families or survivors told us"
        )
        self.fields["we_did"].error_messages["required"] = (
            "Enter what the partnership did or is doing about it"
        )
        self.actions = offer(
            self.fields["action"],
            actions,
            empty="Not tied to a plan action",
            label=lambda a: f"{a.objective.priority.plan.title}: {a.number} {a.title}"[:150],
        )
        self.items = offer(
            self.fields["feedback"],
            feedback,
            label=lambda f: f"{f.received_at:%d/%m/%Y}: {f.words[:80]}",
        )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["action"] = self.actions.get(data.get("action") or "")
        data["feedback"] = [self.items[pk] for pk in data.get("feedback") or [] if pk in self.items]
        return data


class RaiseForm(GovukForm):
    kind = forms.ChoiceField(
        label="What are you raising?",
        choices=[
            (ComplaintKind.COMPLAINT, "A complaint about how a concern about a child was handled"),
            (
                ComplaintKind.WHISTLEBLOWING,
                "A whistleblowing concern: something wrong in how colleagues or an agency work",
            ),
        ],
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label="What is it about?", choices=ComplaintCategory.choices, widget=forms.RadioSelect
    )
    agency_concerned = forms.ChoiceField(label="Which organisation is it about?", required=False)
    what_happened = forms.CharField(
        label="What happened?",
        help_text="When and where, and what should have happened instead.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=WHAT_HAPPENED_MAX,
    )
    postcode = forms.CharField(
        label="Postcode where it happened (optional)",
        help_text="We use it only to find the council ward; the postcode itself is not kept.",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    name = forms.CharField(label="Your name (optional)", max_length=200, required=False)
    contact = forms.CharField(
        label="A phone number or email address so we can reply (optional)",
        max_length=300,
        required=False,
    )
    relationship = forms.CharField(
        label="Who you are (optional)",
        help_text="For example: a parent, or a member of staff at a school.",
        max_length=200,
        required=False,
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Select what you are raising"
        self.fields["category"].error_messages["required"] = "Select what it is about"
        self.fields["what_happened"].error_messages["required"] = "Enter what happened"
        self.fields["what_happened"].error_messages["max_length"] = (
            f"What happened must be {WHAT_HAPPENED_MAX} characters or fewer"
        )
        self.agencies = offer(
            self.fields["agency_concerned"], agencies, empty="I do not know, or more than one"
        )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["agency_concerned"] = self.agencies.get(data.get("agency_concerned") or "")
        return data


class PublicRaiseForm(BotTrap, RaiseForm):
    pass


class StaffComplaintForm(RaiseForm):
    received_on = GovukDateField(label="Date it was received", past_only=True)


class ProgressForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label="What happens next",
        choices=[("escalate", "Move it to the next stage"), ("close", "Close it with an outcome")],
        widget=forms.RadioSelect,
    )
    on = GovukDateField(label="Date", past_only=True)
    outcome = forms.ChoiceField(
        label="Outcome, if closing",
        choices=ComplaintOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    learning = forms.CharField(
        label="Learning, if closing",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class UnsealForm(GovukForm):
    reason = forms.CharField(
        label="Why do you need to know who raised it?",
        help_text="This is written to the audit log with your name.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = (
            "Enter why you need to know who raised it"
        )


class ReferenceForm(GovukForm):
    reference = forms.CharField(
        label="Your reference",
        help_text="For example, ABCD-EFGH-JKLM",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )


PERIODS = [("3", "The last 3 months"), ("6", "The last 6 months"), ("12", "The last 12 months")]


class WardPeriodForm(GovukForm):
    months = forms.ChoiceField(label="Period", choices=PERIODS, initial="12", required=False)
