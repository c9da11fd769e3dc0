"""Contacts about a child, each agency's contribution to triage, and the triage decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from triangulate.core.models import PersonalData


class Source(models.TextChoices):
    PROFESSIONAL = "professional", "A professional, through Triangulate"
    PUBLIC = "public", "A member of the public, online"
    COUNCILLOR = "councillor", "A councillor, online"
    PHONE = "phone", "Telephone to the front door"
    POLICE_101 = "police_101", "Police non-emergency number (101)"
    NATIONAL_LINE = "national_line", "A national helpline"
    OTHER_BODY_FORM = "other_body_form", "Another organisation's online form"
    EMAIL = "email", "Email or letter"


# Sources staff record on someone else's behalf.
RECORDED_SOURCES = [
    Source.PHONE,
    Source.POLICE_101,
    Source.NATIONAL_LINE,
    Source.OTHER_BODY_FORM,
    Source.EMAIL,
]


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", "The child may be in danger now"
    TODAY = "today", "Today"
    ROUTINE = "routine", "Within the normal time"


# Urgent concerns run on their own clock, in elapsed hours counted out of hours too (nights,
# weekends and bank holidays); routine ones are due one working day after receipt.
URGENT_HOURS = {Urgency.IMMEDIATE: 2, Urgency.TODAY: 8}
# Queue order: the most urgent first, then soonest due.
URGENCY_RANK = {Urgency.IMMEDIATE: 0, Urgency.TODAY: 1, Urgency.ROUTINE: 2}


class Indicator(models.TextChoices):
    MISSING = "missing", "Going missing or coming home late"
    OLDER_ADULTS = "older_adults", "Contact with older adults who are not family"
    GIFTS = "gifts", "Unexplained gifts, money, phones or clothes"
    SUBSTANCES = "substances", "Alcohol or drug use"
    SEXUAL_HEALTH = "sexual_health", "Sexual health concerns or pregnancy"
    CARS = "cars", "Being picked up in cars by unknown adults"
    SCHOOL = "school", "Missing school or a sudden change at school"
    INJURIES = "injuries", "Unexplained injuries"
    CARRYING = "carrying", "Carrying drugs, money or weapons for others"
    ONLINE = "online", "Worrying contact online or on social media"
    OUT_OF_AREA = "out_of_area", "Found in another town or area"
    MOOD = "mood", "Change in mood, behaviour or friendships"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Consent(models.TextChoices):
    GIVEN = "given", "Consent given to share"
    REFUSED = "refused", "Consent refused"
    NOT_SOUGHT_RISK = "not_sought_risk", "Not sought: seeking it could put the child at risk"
    NOT_SOUGHT = "not_sought", "Not sought"
    NOT_KNOWN = "not_known", "Not known"


class Status(models.TextChoices):
    NEW = "new", "New"
    IN_TRIAGE = "in_triage", "Being looked at"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    NFA_ADVICE = "nfa_advice", "No further action, or advice given"
    EARLY_HELP = "early_help", "Early help"
    EXPLOITATION_TEAM = "exploitation_team", "Exploitation team"
    STRATEGY = "strategy", "Strategy discussion"
    MACE = "mace", "Referral to the MACE panel"
    POLICE = "police", "Passed to the police"


class NeedLevel(models.Model):
    """A level on the local continuum of need. Configuration: each partnership sets its own."""

    code = models.CharField(max_length=20, unique=True)
    label = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    # The decisions consistent with this level (Outcome values); empty means any decision.
    outcomes = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.label


class Contact(PersonalData):
    """One approach about a child. Owned by the front door (the hub) that triages it."""

    reference = models.CharField(max_length=20, unique=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    # A professional who raised it in Triangulate, or the staff member who recorded it.
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_by_agency = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_contact = models.CharField(max_length=200, blank=True)
    reporter_relationship = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    decision_due_at = models.DateTimeField()
    # The child, as the referrer described them.
    child_given_name = models.CharField(max_length=100, blank=True)
    child_family_name = models.CharField(max_length=100, blank=True)
    child_known_as = models.CharField(max_length=200, blank=True)
    child_date_of_birth = models.DateField(null=True, blank=True)
    child_age_description = models.CharField(max_length=100, blank=True)
    child_address = models.CharField(max_length=300, blank=True)
    child_postcode = models.CharField(max_length=8, blank=True)
    child_school = models.CharField(max_length=200, blank=True)
    child_nhs_number = models.CharField(max_length=10, blank=True)
    child_upn = models.CharField(max_length=13, blank=True)
    # What was seen or heard.
    concern = models.TextField()
    location = models.CharField(max_length=300, blank=True)
    indicators = models.JSONField(default=list, blank=True)
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE)
    family_aware = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.NOT_KNOWN
    )
    consent = models.CharField(max_length=20, choices=Consent.choices, default=Consent.NOT_KNOWN)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    person = models.ForeignKey(
        "register.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["owning_agency", "status", "decision_due_at"])]

    def __str__(self) -> str:
        return f"Contact {self.reference}"

    @property
    def names_no_child(self) -> bool:
        """A report about a place or an adult: nothing in it identifies a child."""
        return not any(
            (
                self.child_given_name,
                self.child_family_name,
                self.child_known_as,
                self.child_address,
                self.child_postcode,
                self.child_school,
                self.child_date_of_birth,
                self.child_nhs_number,
                self.child_upn,
            )
        )

    @property
    def child_name(self) -> str:
        if self.names_no_child:
            return "No child named"
        name = " ".join(p for p in (self.child_given_name, self.child_family_name) if p)
        return name or "Name not known"

    @property
    def is_public(self) -> bool:
        return self.source in (Source.PUBLIC, Source.COUNCILLOR)


class Contribution(PersonalData):
    """What one agency knows about the child in a contact, held under that agency's rules.

    Owned by the contributing agency and shown to the hub through an explicit RecordShare
    carrying its lawful basis.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="contributions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()
    lawful_basis = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)


class TriageDecision(PersonalData):
    """The front door's decision on a contact, with its reasons. One per contact."""

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    need_level = models.ForeignKey(NeedLevel, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField()
    referrer_feedback = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now, db_index=True)
    # No further action on a concern about exploitation needs a manager's agreement.
    agreement_needed = models.BooleanField(default=False)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    # A strategy discussion sets up a strategy meeting with the partners invited.
    strategy_meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # A hub manager's My work lists the few decisions waiting for agreement among years
        # of decisions: a partial index holds only those.
        indexes = [
            models.Index(
                fields=["owning_agency", "decided_at"],
                condition=models.Q(agreement_needed=True, agreed_at__isnull=True),
                name="frontdoor_awaiting_agreement",
            )
        ]

    @property
    def awaiting_agreement(self) -> bool:
        return self.agreement_needed and self.agreed_at is None


class DecisionAmendment(PersonalData):
    """A recorded correction of a decision. The decision holds what stands now; each
    amendment keeps what it replaced, so the original is never lost."""

    decision = models.ForeignKey(
        TriageDecision, on_delete=models.CASCADE, related_name="amendments"
    )
    previous_outcome = models.CharField(max_length=30, choices=Outcome.choices)
    previous_need_level = models.ForeignKey(NeedLevel, on_delete=models.PROTECT, related_name="+")
    previous_reasons = models.TextField()
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    need_level = models.ForeignKey(NeedLevel, on_delete=models.PROTECT, related_name="+")
    why = models.TextField()
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    amended_at = models.DateTimeField(default=timezone.now)
