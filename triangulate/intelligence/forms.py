"""Forms for the intelligence log, grading, links and sanitised versions."""

from __future__ import annotations

import datetime as dt

from django import forms

from triangulate.core.forms import (
    TIME_HINT,
    DateTimeMixin,
    GovukDateField,
    GovukForm,
    combine,
)
from triangulate.core.records import LawfulBasis
from triangulate.register.models import Sex

from .models import (
    Assessment,
    ConcernStatus,
    Decision,
    ExploitationType,
    GroupKind,
    HandlingCode,
    Harm,
    LicensingOutcome,
    PlaceKind,
    SourceEvaluation,
    TacticOutcome,
)
from .services.links import LINK_KINDS
from .services.profiles import PROFILE_SECTIONS

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def agency_choices(agencies) -> list[tuple[str, str]]:
    return [("", "Select an agency")] + [(str(a.pk), a.name) for a in agencies]


class SubmitForm(DateTimeMixin, GovukForm):
    police = forms.ChoiceField(label="Police force to send it to", choices=())
    what_seen = forms.CharField(
        label="What was seen or heard",
        widget=TEXTAREA,
        help_text="Describe what happened, in your own words. Say how you know it.",
    )
    where_seen = forms.CharField(label="Where", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode of where it happened", max_length=10, required=False)
    seen_on = GovukDateField(label="Date it was seen", past_only=True)
    seen_time = forms.CharField(label="Time", max_length=5, required=False, help_text=TIME_HINT)
    who = forms.CharField(
        label="Who was involved",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Names, nicknames or descriptions of adults and children",
    )
    vehicles = forms.CharField(
        label="Vehicle registrations",
        max_length=300,
        required=False,
        help_text="Separate several with commas, for example AB12 CDE, XY65 ZZT",
    )
    phones = forms.CharField(
        label="Phone numbers",
        max_length=300,
        required=False,
        help_text="Separate several with commas",
    )
    handles = forms.CharField(label="Social media names or handles", max_length=300, required=False)

    def __init__(self, *args, forces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["police"].choices = [(str(f.pk), f.name) for f in forces]
        if len(forces) == 1:
            self.fields["police"].initial = str(forces[0].pk)
            self.fields["police"].widget = forms.HiddenInput()

    def submission(self) -> dict:
        """What :func:`services.item_submit` takes from a valid form, besides the force and
        the child (the page and the API submit the same way)."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "what_seen", "seen_at", "where_seen", "postcode", "who", "vehicles", "phones",
                "handles",
            )
        }  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        cleaned["seen_at"] = self.moment("seen", "it was seen", required=False)
        if cleaned["seen_at"] is None and cleaned.get("seen_on") and "seen_time" not in self.errors:
            # No time given: the start of the day it was seen.
            cleaned["seen_at"] = combine(cleaned["seen_on"], dt.time(0, 0))
        return cleaned


class GradeForm(GovukForm):
    source_evaluation = forms.ChoiceField(
        label="Source evaluation", choices=SourceEvaluation.choices, widget=forms.RadioSelect
    )
    assessment = forms.ChoiceField(
        label="Intelligence assessment", choices=Assessment.choices, widget=forms.RadioSelect
    )
    handling_code = forms.ChoiceField(
        label="Handling code", choices=HandlingCode.choices, widget=forms.RadioSelect
    )
    handling_conditions = forms.CharField(
        label="Conditions for sharing",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required for handling code C",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class LinkForm(GovukForm):
    kind = forms.ChoiceField(
        label="Link to", choices=list(LINK_KINDS.items()), widget=forms.RadioSelect
    )
    value = forms.CharField(
        label="Which one",
        max_length=100,
        help_text=(
            "A vehicle registration or phone number; for a child, person of concern or place, "
            "its number from its page"
        ),
    )


class SanitiseForm(GovukForm):
    shared_with = forms.ChoiceField(label="Partner agency to share it with", choices=())
    person = forms.ChoiceField(label="The child it concerns", choices=(), required=False)
    text = forms.CharField(
        label="Sanitised version",
        widget=TEXTAREA,
        help_text="What the partner needs to know to keep the child safe, and no more",
    )
    purpose = forms.CharField(label="Purpose of sharing", max_length=300)
    necessity = forms.CharField(
        label="Why sharing is necessary and proportionate", widget=forms.Textarea(attrs={"rows": 3})
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis", choices=LawfulBasis.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, agencies=(), children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].choices = agency_choices(agencies)
        self.fields["person"].choices = [("", "None")] + [
            (str(p.pk), p.full_name) for p in children
        ]


class ConcernForm(GovukForm):
    given_name = forms.CharField(label="First name", max_length=100)
    family_name = forms.CharField(label="Last name", max_length=100)
    date_of_birth = GovukDateField(label="Date of birth", past_only=True, required=False)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, initial=Sex.NOT_KNOWN)
    aliases = forms.CharField(
        label="Aliases and nicknames",
        max_length=300,
        required=False,
        help_text="Separate several with commas",
    )
    status = forms.ChoiceField(label="Status", choices=ConcernStatus.choices)
    status_on = GovukDateField(label="Date of this status", past_only=True)
    harm = forms.TypedChoiceField(
        label="Harm they pose", choices=Harm.choices, coerce=int, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label="Why they are of concern", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class StatusForm(GovukForm):
    status = forms.ChoiceField(label="New status", choices=ConcernStatus.choices)
    on = GovukDateField(label="Date of this status", past_only=True)
    note = forms.CharField(label="Note", max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConcernLinkForm(GovukForm):
    kind = forms.ChoiceField(
        label="Link to",
        choices=[(k, v) for k, v in LINK_KINDS.items() if k != "concern"],
        widget=forms.RadioSelect,
    )
    value = forms.CharField(
        label="Which one",
        max_length=100,
        help_text="A vehicle registration or phone number; for a child or place, its number",
    )


class PlaceForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Type of place", choices=PlaceKind.choices)
    address = forms.CharField(label="Address", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    licence_holder = forms.CharField(label="Licence holder", max_length=200, required=False)
    licence_number = forms.CharField(
        label="Licence number",
        max_length=60,
        required=False,
        help_text="Premises licence, taxi driver or private-hire vehicle licence",
    )


class TacticForm(GovukForm):
    tactic_type = forms.ChoiceField(label="Tactic", choices=())
    person = forms.ChoiceField(
        label="The child it protects",
        choices=(),
        required=False,
        help_text="Needed for a child abduction warning notice",
    )
    looked_after = forms.BooleanField(
        label="The child is looked after by a local authority (confirmed with them)",
        required=False,
    )
    owner = forms.CharField(label="Who owns this tactic", max_length=200)
    started_on = GovukDateField(label="Start date")
    review_on = GovukDateField(label="Review date", required=False)
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, types=(), children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tactic_type"].choices = [("", "Select a tactic")] + [
            (str(t.pk), t.name) for t in types
        ]
        self.fields["person"].choices = [("", "None")] + [
            (str(p.pk), p.full_name) for p in children
        ]


class OutcomeForm(GovukForm):
    outcome = forms.ChoiceField(label="Outcome", choices=TacticOutcome.choices)
    outcome_on = GovukDateField(label="Date of the outcome", past_only=True, required=False)
    review_on = GovukDateField(label="Next review", required=False)
    breached_on = GovukDateField(label="Date of a breach", past_only=True, required=False)
    breach_note = forms.CharField(
        label="What happened in the breach", max_length=300, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class NrmForm(GovukForm):
    exploitation_type = forms.ChoiceField(
        label="Kind of exploitation", choices=ExploitationType.choices, widget=forms.RadioSelect
    )
    referred_on = GovukDateField(label="Date of the referral", past_only=True)
    first_responder = forms.CharField(label="First responder organisation", max_length=200)


class NrmDecisionForm(GovukForm):
    stage = forms.ChoiceField(
        label="Decision",
        choices=[
            ("reasonable_grounds", "Reasonable grounds"),
            ("conclusive_grounds", "Conclusive grounds"),
        ],
        widget=forms.RadioSelect,
    )
    decision = forms.ChoiceField(
        label="Outcome",
        choices=[(Decision.POSITIVE, "Positive"), (Decision.NEGATIVE, "Negative")],
        widget=forms.RadioSelect,
    )
    on = GovukDateField(label="Date of the decision", past_only=True)


class PeriodForm(GovukForm):
    since = GovukDateField(label="From", past_only=True, required=False)
    until = GovukDateField(label="To", required=False)


class NetworkFilterForm(PeriodForm):
    """The network for a period (links and intelligence recorded in it) and for intelligence
    of chosen assessments (3x5x2's A to E); nothing chosen shows everything."""

    assessment = forms.MultipleChoiceField(
        label="Intelligence assessed as (none ticked shows all)",
        choices=Assessment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The end of the period must be on or after its start")
        return data


class TaskForm(GovukForm):
    # The service checks every field, so that each problem is shown at once.
    analyst = forms.ChoiceField(label="Analyst", choices=(), required=False)
    asked = forms.CharField(
        label="What the analyst is asked to do",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: research the vehicle and who it is seen with",
        required=False,
    )
    due_on = GovukDateField(label="Date it is due", required=False)

    def __init__(self, *args, analysts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["analyst"].choices = [("", "Select an analyst")] + [
            (str(a.pk), a.display_name) for a in analysts
        ]


class TaskOutcomeForm(GovukForm):
    outcome = forms.CharField(
        label="Outcome", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    completed_on = GovukDateField(label="Date completed", past_only=True, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class LicensingReferralForm(GovukForm):
    referred_on = GovukDateField(label="Date referred", past_only=True)
    licence_number = forms.CharField(
        label="Licence concerned",
        max_length=60,
        required=False,
        help_text="Premises licence, taxi driver or private-hire vehicle licence number",
    )
    what_referred = forms.CharField(
        label="What is referred",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What the licensing authority is asked to consider, and why",
    )
    referred_by = forms.CharField(label="Who referred it", max_length=200, required=False)


class LicensingOutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[c for c in LicensingOutcome.choices if c[0] != LicensingOutcome.AWAITED],
        widget=forms.RadioSelect,
    )
    outcome_on = GovukDateField(label="Date of the outcome", past_only=True)
    outcome_note = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class GroupForm(GovukForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="How agencies know the group or place, for example "
        "'Friends who go missing together' or 'Mereside Park after school'",
    )
    kind = forms.ChoiceField(label="Kind", choices=GroupKind.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label="Summary",
        widget=TEXTAREA,
        required=False,
        help_text="What agencies know about the group and why it matters for the children",
    )


class GroupChangeForm(GroupForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberForm(GovukForm):
    person = forms.CharField(
        label="Record number of the child or young adult",
        max_length=20,
        help_text="Their number in the register",
    )
    role = forms.CharField(
        label="Their part in the group (optional)", max_length=200, required=False
    )
    from_on = GovukDateField(label="Date they joined", past_only=True)
    to_on = GovukDateField(label="Date they left (if known)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberRemoveForm(GovukForm):
    member = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class GroupPlaceForm(GovukForm):
    place = forms.CharField(label="Number of the place", max_length=20)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContextAssessmentForm(GovukForm):
    assessed_on = GovukDateField(label="Date of the assessment", past_only=True)
    unsafe = forms.CharField(
        label="What makes the context unsafe",
        widget=TEXTAREA,
        help_text="What happens there, when, and who puts the children at risk",
    )
    actions = forms.CharField(
        label="What would change it",
        widget=TEXTAREA,
        help_text="The safety actions: guardians, lighting, outreach, disruption",
    )
    owner_agency = forms.ChoiceField(label="Agency that owns the action", choices=())
    owner_name = forms.CharField(label="Person who owns the action", max_length=200)
    review_on = GovukDateField(label="Review date")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].choices = agency_choices(agencies)


class PartnerShareForm(GovukForm):
    agency = forms.ChoiceField(label="Share with", choices=())
    purpose = forms.CharField(
        label="Why they need to see it", max_length=300, help_text="The purpose of sharing"
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices(agencies)


class ProfileForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example 'Child exploitation in Kingsmere, April 2025 to March 2026'. "
        "Partners read the title too: name no one in it",
    )
    # The service checks the period as a whole, so that each problem is shown at once.
    since = GovukDateField(label="Start of the period", required=False)
    until = GovukDateField(label="End of the period", required=False)


class ProfileWriteForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in PROFILE_SECTIONS:
            self.fields[name] = forms.CharField(
                label=f"{label}: for police",
                widget=forms.Textarea(attrs={"rows": 6}),
                required=False,
            )
            self.fields[f"partner_{name}"] = forms.CharField(
                label=f"{label}: for partners",
                widget=TEXTAREA,
                required=False,
                help_text="Leave blank to leave this section out of the partner edition. "
                "Name no child or person of concern, and nothing from intelligence that is "
                "not to be shared",
            )


class ProfileRecomputeForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProfileReleaseForm(PartnerShareForm):
    """Release the partner edition to an agency, and why it needs it."""

    agency = forms.ChoiceField(label="Release the partner edition to", choices=())
