"""The pursue side: intelligence, persons of concern, places, vehicles, phones, disruption.

Every row belongs to one agency (``PersonalData``) and is read through ``core.access``.
Intelligence is owned by a police force: a partner's submission is shared back to the agency
that made it (for reading), and partners otherwise see only sanitised versions that police
wrote and shared with them, each with its proportionality decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from triangulate.core.models import PersonalData
from triangulate.core.records import LawfulBasis
from triangulate.core.sensitivity import Sensitivity


class SourceEvaluation(models.TextChoices):
    """3x5x2: how far the source can be relied on."""

    RELIABLE = "1", "1 – Reliable"
    UNTESTED = "2", "2 – Untested"
    NOT_RELIABLE = "3", "3 – Not reliable"


class Assessment(models.TextChoices):
    """3x5x2: how the source came to know the information."""

    KNOWN_DIRECTLY = "A", "A – Known directly to the source"
    CORROBORATED = "B", "B – Known indirectly to the source but corroborated"
    INDIRECT = "C", "C – Known indirectly to the source"
    NOT_KNOWN = "D", "D – Not known"
    SUSPECTED_FALSE = "E", "E – Suspected to be false"


class HandlingCode(models.TextChoices):
    """3x5x2: whether it may be shared, and on what terms."""

    PERMITTED = "P", "P – Lawful sharing permitted"
    CONDITIONS = "C", "C – Lawful sharing permitted with conditions"


class IntelligenceItem(PersonalData):
    """One piece of intelligence as it was submitted, and its police grading."""

    reference = models.CharField(max_length=20, unique=True)
    submitted_by_agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    what_seen = models.TextField()
    where_seen = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    seen_at = models.DateTimeField()
    who = models.TextField(blank=True)
    vehicles = models.CharField(max_length=300, blank=True)
    phones = models.CharField(max_length=300, blank=True)
    handles = models.CharField(max_length=300, blank=True)
    # The child the submitter says it concerns, where they could pick them from the register.
    person = models.ForeignKey(
        "register.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intelligence_submitted",
    )
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices, blank=True)
    assessment = models.CharField(max_length=1, choices=Assessment.choices, blank=True)
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices, blank=True)
    handling_conditions = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    # Handling code C is a sensitivity label (core.sensitivity): what was submitted and the
    # conditions stay with the owning force's police officers and analysts, and with whoever
    # submitted it; anyone else who may see the item reads that it is withheld.
    LABELS = (Sensitivity.INTELLIGENCE_C,)
    LABEL_WHERE = {Sensitivity.INTELLIGENCE_C: models.Q(handling_code="C")}
    WITHHELD_FIELDS = (
        "what_seen",
        "where_seen",
        "postcode",
        "who",
        "vehicles",
        "phones",
        "handles",
        "handling_conditions",
    )
    AUTHOR_FIELD = "submitted_by_id"

    class Meta:
        indexes = [models.Index(fields=["owning_agency", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(handling_code="C") | ~models.Q(handling_conditions=""),
                name="intelligence_item_c_needs_conditions",
            ),
            models.CheckConstraint(
                condition=models.Q(source_evaluation__in=["", "1", "2", "3"])
                & models.Q(assessment__in=["", "A", "B", "C", "D", "E"])
                & models.Q(handling_code__in=["", "P", "C"]),
                name="intelligence_item_grade_in_3x5x2",
            ),
        ]

    def __str__(self) -> str:
        return f"Intelligence {self.reference}"

    @property
    def sensitivity_label(self) -> str:
        return Sensitivity.INTELLIGENCE_C if self.handling_code == HandlingCode.CONDITIONS else ""

    @property
    def is_graded(self) -> bool:
        return bool(self.source_evaluation and self.assessment and self.handling_code)

    @property
    def grade(self) -> str:
        if not self.is_graded:
            return "Not yet graded"
        return f"{self.source_evaluation}/{self.assessment}/{self.handling_code}"


class SanitisedIntelligence(PersonalData):
    """A version police wrote for one partner agency, with the proportionality decision."""

    item = models.ForeignKey(IntelligenceItem, on_delete=models.PROTECT, related_name="sanitised")
    shared_with = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "register.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intelligence_sanitised",
    )
    text = models.TextField()
    purpose = models.CharField(max_length=300)
    necessity = models.TextField()
    lawful_basis = models.CharField(max_length=200, choices=LawfulBasis.choices)
    # The grading, as it stood when this version was written: it shows on every view.
    grade = models.CharField(max_length=10)
    handling_conditions = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Sanitised intelligence {self.pk}"


class Vehicle(PersonalData):
    registration = models.CharField(max_length=8)
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owning_agency", "registration"], name="intelligence_vehicle_once"
            )
        ]

    def __str__(self) -> str:
        return self.registration


class Phone(PersonalData):
    number = models.CharField(max_length=20)  # E.164
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owning_agency", "number"], name="intelligence_phone_once"
            )
        ]

    def __str__(self) -> str:
        return self.number


class PlaceKind(models.TextChoices):
    HOTEL = "hotel", "Hotel"
    TAKEAWAY = "takeaway", "Takeaway"
    TAXI_FIRM = "taxi_firm", "Taxi firm"
    SHISHA_BAR = "shisha_bar", "Shisha bar"
    PARK = "park", "Park"
    HOUSE = "house", "House or flat"
    SCHOOL = "school", "School"
    SHOP = "shop", "Shop"
    CAR_PARK = "car_park", "Car park"
    OTHER = "other", "Other"


class Place(PersonalData):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PlaceKind.choices)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    licence_holder = models.CharField(max_length=200, blank=True)
    licence_number = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.name

    @property
    def district(self) -> str:
        return self.postcode.split(" ")[0] if self.postcode else ""


class ConcernStatus(models.TextChoices):
    SUSPECT = "suspect", "Suspect"
    ARRESTED = "arrested", "Arrested"
    RUI = "rui", "Released under investigation"
    CHARGED = "charged", "Charged"
    CONVICTED = "convicted", "Convicted"
    NFA = "nfa", "No further action"


class Harm(models.IntegerChoices):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"
    VERY_HIGH = 4, "Very high"


class PersonOfConcern(PersonalData):
    """An adult (or peer) suspected of exploiting children; identity lives in the register."""

    person = models.OneToOneField(
        "register.Person", on_delete=models.PROTECT, related_name="of_concern"
    )
    aliases = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.SUSPECT
    )
    status_since = models.DateField(default=timezone.localdate)
    harm = models.PositiveSmallIntegerField(choices=Harm.choices, default=Harm.MEDIUM)
    summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Person of concern {self.pk}"

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(",") if a.strip()]


class StatusChange(PersonalData):
    concern = models.ForeignKey(
        PersonOfConcern, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=20, choices=ConcernStatus.choices)
    on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)


class Link(PersonalData):
    """One link between two things police know about: exactly two of the ends are set.

    Ends: a child (register person), a person of concern, a place, a vehicle, a phone, a
    piece of intelligence or a peer group or context. ``source`` names the intelligence that supports the link, if any.
    """

    person = models.ForeignKey(
        "register.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    concern = models.ForeignKey(
        PersonOfConcern, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    vehicle = models.ForeignKey(
        Vehicle, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    phone = models.ForeignKey(
        Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    item = models.ForeignKey(
        IntelligenceItem, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    group = models.ForeignKey(
        "Group", null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    ENDS = ("person", "concern", "place", "vehicle", "phone", "item", "group")

    def ends(self) -> list[tuple[str, int]]:
        return [
            (name, getattr(self, f"{name}_id"))
            for name in self.ENDS
            if getattr(self, f"{name}_id") is not None
        ]


class TacticType(models.Model):
    """The configurable catalogue of disruption tactics."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    # A child abduction warning notice names a child who must be eligible for one.
    names_child = models.BooleanField(default=False)
    checks_notice_eligibility = models.BooleanField(default=False)
    is_order = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class TacticOutcome(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    ISSUED = "issued", "Issued or obtained"
    REFUSED = "refused", "Refused or not obtained"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Tactic(PersonalData):
    """One disruption tactic in a person of concern's plan."""

    concern = models.ForeignKey(PersonOfConcern, on_delete=models.CASCADE, related_name="tactics")
    tactic_type = models.ForeignKey(TacticType, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "register.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner = models.CharField(max_length=200)
    started_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(
        max_length=20, choices=TacticOutcome.choices, default=TacticOutcome.PLANNED
    )
    outcome_on = models.DateField(null=True, blank=True)
    breached_on = models.DateField(null=True, blank=True)
    breach_note = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(breached_on__isnull=True)
                | models.Q(breached_on__gte=models.F("started_on")),
                name="intelligence_tactic_breach_after_start",
            )
        ]


class ExploitationType(models.TextChoices):
    SEXUAL = "sexual", "Sexual exploitation"
    CRIMINAL = "criminal", "Criminal exploitation"
    LABOUR = "labour", "Labour exploitation"
    DOMESTIC = "domestic", "Domestic servitude"


class Decision(models.TextChoices):
    AWAITED = "awaited", "Awaited"
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class NrmReferral(PersonalData):
    """A National Referral Mechanism referral for a child, with its two decisions."""

    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    exploitation_type = models.CharField(max_length=20, choices=ExploitationType.choices)
    referred_on = models.DateField()
    first_responder = models.CharField(max_length=200)
    reasonable_grounds = models.CharField(
        max_length=10, choices=Decision.choices, default=Decision.AWAITED
    )
    reasonable_grounds_on = models.DateField(null=True, blank=True)
    conclusive_grounds = models.CharField(
        max_length=10, choices=Decision.choices, default=Decision.AWAITED
    )
    conclusive_grounds_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reasonable_grounds="awaited")
                | models.Q(reasonable_grounds_on__gte=models.F("referred_on")),
                name="intelligence_nrm_rg_dated_after_referral",
            ),
            models.CheckConstraint(
                condition=models.Q(conclusive_grounds="awaited")
                | models.Q(conclusive_grounds_on__gte=models.F("referred_on")),
                name="intelligence_nrm_cg_dated_after_referral",
            ),
        ]


class PriorityCriteria(models.Model):
    """Written, versioned criteria for prioritising persons of concern (never a black box)."""

    version = models.PositiveIntegerField(unique=True)
    description = models.TextField()
    harm_weight = models.PositiveSmallIntegerField(default=10)
    frequency_weight = models.PositiveSmallIntegerField(default=3)
    frequency_days = models.PositiveSmallIntegerField(default=365)
    recency_weight = models.PositiveSmallIntegerField(default=10)
    recency_days = models.PositiveSmallIntegerField(default=90)
    children_weight = models.PositiveSmallIntegerField(default=5)
    escalation_weight = models.PositiveSmallIntegerField(default=8)
    escalation_days = models.PositiveSmallIntegerField(default=90)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Prioritisation criteria version {self.version}"


class AnalystTask(PersonalData):
    """A piece of intelligence tasked to an analyst of the force that holds it: what is asked,
    by when, and (once done) the outcome. Police only: it is never shared."""

    item = models.ForeignKey(IntelligenceItem, on_delete=models.PROTECT, related_name="tasks")
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked = models.TextField()
    due_on = models.DateField()
    outcome = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    tasked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    tasked_on = models.DateField(default=timezone.localdate)
    tasked_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["analyst", "completed_on", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "analyst"],
                condition=models.Q(completed_on__isnull=True),
                name="intelligence_task_one_open_per_analyst",
            ),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | ~models.Q(outcome=""),
                name="intelligence_task_completed_with_outcome",
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("tasked_on")),
                name="intelligence_task_due_after_tasked",
            ),
        ]

    def __str__(self) -> str:
        return f"Analyst task {self.pk}"


class LicensingOutcome(models.TextChoices):
    AWAITED = "awaited", "Awaited"
    REVIEW_HEARING = "review_hearing", "Review hearing held"
    CONDITIONS = "conditions", "Conditions added to the licence"
    SUSPENDED = "suspended", "Licence suspended"
    REVOKED = "revoked", "Licence revoked"
    NO_ACTION = "no_action", "No action"


class LicensingReferral(PersonalData):
    """A referral of a licensed place (a hotel, takeaway, taxi firm) to the licensing
    authority, and its outcome. Owned by the agency that made it; shared with the agency that
    holds the place."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="referrals")
    referred_on = models.DateField()
    licence_number = models.CharField(max_length=60, blank=True)
    what_referred = models.TextField()
    referred_by = models.CharField(max_length=200)
    outcome = models.CharField(
        max_length=20, choices=LicensingOutcome.choices, default=LicensingOutcome.AWAITED
    )
    outcome_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="awaited")
                | models.Q(outcome_on__gte=models.F("referred_on")),
                name="intelligence_licensing_outcome_dated_after_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"Licensing referral {self.pk}"


class GroupKind(models.TextChoices):
    PEER = "peer", "Peer group"
    CONTEXT = "context", "Context (a place or setting where young people spend time)"


class Group(PersonalData):
    """A peer group or a context (a park after school, a school's lunchtime crowd): the
    children and young adults in it, the places they use and what would make it safer.

    Owned by police or the council; shared through ``core.records.share``. Its members,
    places and contextual assessments are held by its agency and shared with every agency
    the group is shared with (so a partner reads them through ``core.access`` like any
    record); they are changed only by its agency, each change bumping the group's version."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "peer group or context"

    def __str__(self) -> str:
        return self.name


class GroupMember(PersonalData):
    """A child or young adult in a group, from a date (and to a date, when known).
    Removing a member keeps the row, with who removed it and when."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=200, blank=True)
    from_on = models.DateField()
    to_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "removed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(removed_at__isnull=True),
                name="intelligence_group_member_once",
            ),
            models.CheckConstraint(
                condition=models.Q(to_on__isnull=True) | models.Q(to_on__gte=models.F("from_on")),
                name="intelligence_group_member_to_after_from",
            ),
        ]


class GroupPlace(PersonalData):
    """A place a group uses."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="places")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="groups")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "place"], name="intelligence_group_place_once")
        ]


class ContextAssessment(PersonalData):
    """A contextual assessment of a group as it stood on a date: what makes the context
    unsafe, what would change it, who owns the action and when it is reviewed. A new
    assessment is a new row; the latest (by date) is the one shown."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    unsafe = models.TextField()
    actions = models.TextField()
    owner_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(max_length=200)
    review_on = models.DateField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_on__gt=models.F("assessed_on")),
                name="intelligence_context_review_after_assessment",
            )
        ]


class ProblemProfile(PersonalData):
    """An analyst's problem profile of child exploitation for a period: narrative sections
    the analyst writes (each once for police and, where it may be shared, once for partners)
    and figures computed from the records (``profile.py``), kept with the version of their
    written definition and when they were computed, so the same period gives the same
    figures and a reader knows how they were counted.

    Owned by a police force. Sharing it with an agency (``core.records.share``) releases the
    partner edition to that agency, never the police edition."""

    title = models.CharField(max_length=200)
    period_from = models.DateField()
    period_to = models.DateField()
    summary = models.TextField(blank=True)
    children = models.TextField(blank=True)
    offenders = models.TextField(blank=True)
    places = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    partner_summary = models.TextField(blank=True)
    partner_children = models.TextField(blank=True)
    partner_offenders = models.TextField(blank=True)
    partner_places = models.TextField(blank=True)
    partner_recommendations = models.TextField(blank=True)
    figures = models.JSONField(default=dict)
    definition_version = models.PositiveSmallIntegerField()
    computed_at = models.DateTimeField()
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")),
                name="intelligence_profile_period_forwards",
            )
        ]

    def __str__(self) -> str:
        return self.title
