"""Missing episodes (SSDA903 missing/away), return home interviews and Philomena profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from triangulate.core.models import PersonalData


class MissingPolicy(models.Model):
    """The partnership's rules for missing children, versioned like any other configuration."""

    version = models.PositiveIntegerField(unique=True)
    repeat_count = models.PositiveSmallIntegerField(default=3)
    repeat_window_days = models.PositiveSmallIntegerField(default=90)
    interview_hours = models.PositiveSmallIntegerField(default=72)
    created_at = models.DateTimeField(default=timezone.now)


class Category(models.TextChoices):
    MISSING = "M", "Missing (whereabouts not known)"
    AWAY = "A", "Away without authorisation (whereabouts known)"


class PoliceRisk(models.TextChoices):
    NO_APPARENT = "no_apparent", "No apparent risk"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    NOT_REPORTED = "not_reported", "Not reported to police"


class MissingEpisode(PersonalData):
    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="missing_episodes"
    )
    category = models.CharField(max_length=1, choices=Category.choices)
    started_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reported_by = models.CharField(max_length=200)
    police_reference = models.CharField(max_length=40, blank=True)
    police_risk = models.CharField(
        max_length=20, choices=PoliceRisk.choices, default=PoliceRisk.NOT_REPORTED
    )
    placed_out_of_area = models.BooleanField(default=False)
    placing_authority = models.CharField(max_length=200, blank=True)
    where_found = models.CharField(max_length=300, blank=True)
    found_with = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["person", "started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="missing_episode_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(placed_out_of_area=False) | ~models.Q(placing_authority=""),
                name="missing_out_of_area_names_authority",
            ),
        ]

    def __str__(self) -> str:
        return f"Missing episode {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class PoliceRiskChange(PersonalData):
    episode = models.ForeignKey(
        MissingEpisode, on_delete=models.CASCADE, related_name="risk_changes"
    )
    level = models.CharField(max_length=20, choices=PoliceRisk.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)


class InterviewOutcome(models.TextChoices):
    AWAITING = "awaiting", "Not yet offered"
    OFFERED = "offered", "Offered, awaiting the child's answer"
    HELD = "held", "Accepted and held"
    DECLINED = "declined", "Declined by the child"
    NOT_HELD = "not_held", "Not held"


class ReturnInterview(PersonalData):
    episode = models.OneToOneField(
        MissingEpisode, on_delete=models.PROTECT, related_name="return_interview"
    )
    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="return_interviews"
    )
    due_at = models.DateTimeField(db_index=True)
    outcome = models.CharField(
        max_length=20, choices=InterviewOutcome.choices, default=InterviewOutcome.AWAITING
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    not_held_reason = models.CharField(max_length=300, blank=True)
    interviewer = models.CharField(max_length=200, blank=True)
    interviewer_agency = models.CharField(max_length=200, blank=True)
    independent = models.BooleanField(
        null=True, help_text="Independent of the placement and the council"
    )
    push_factors = models.TextField(blank=True)
    pull_factors = models.TextField(blank=True)
    where_went = models.TextField(blank=True)
    with_whom = models.TextField(blank=True)
    harm = models.TextField(blank=True)
    shared_with = models.CharField(max_length=300, blank=True)
    raised_intelligence = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)


class PhilomenaProfile(PersonalData):
    """One version of a child's Philomena profile; the newest version is the current one."""

    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="philomena_profiles"
    )
    version = models.PositiveIntegerField()
    description = models.TextField(help_text="Height, build, hair, distinguishing features")
    photo = models.BinaryField(null=True, blank=True)
    photo_content_type = models.CharField(max_length=40, blank=True)
    associates = models.TextField(blank=True)
    places = models.TextField(blank=True)
    phones_and_social_media = models.TextField(blank=True)
    health_needs = models.TextField(blank=True)
    carer_contact = models.TextField(
        blank=True, help_text="Parent or carer to contact: name, relationship, phone"
    )
    school = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="missing_profile_version")
        ]


class PoliceFindingsTask(PersonalData):
    """A return home interview's findings passed to the police to record as intelligence.

    Ticking "pass the findings to police as intelligence" sends them to each force's
    intelligence log (the intelligence app listens for ``missing.interview_findings``) and
    makes this task: held by the interview's agency, shared with the police force for
    reading, listed in the force's My work, and done when an officer says the findings are
    also recorded on police systems. It carries what the police need (who the
    child is, the episode and the findings), so they need not see the interview itself.
    """

    interview = models.ForeignKey(
        ReturnInterview, on_delete=models.PROTECT, related_name="police_tasks"
    )
    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="police_findings_tasks"
    )
    police_agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="police_findings_tasks"
    )
    child_name = models.CharField(max_length=300)
    child_date_of_birth = models.DateField(null=True, blank=True)
    findings = models.JSONField(
        default=list, help_text="[label, text] pairs: the episode and the interview's findings"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    intelligence_reference = models.CharField(max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "police_agency"], name="missing_one_police_task_per_force"
            )
        ]

    def __str__(self) -> str:
        return f"Findings for police {self.pk}"
