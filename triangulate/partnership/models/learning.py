"""Training and awareness, multi-agency case-file audits and Section 11 self-audits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Audience(models.TextChoices):
    WARD_MEMBERS = "ward_members", "Ward members"
    PARISH_COUNCILLORS = "parish_councillors", "Parish councillors"
    SCHOOL_STAFF = "school_staff", "School staff"
    GP_PRACTICES = "gp_practices", "GP practices"
    HOTEL_TAXI_STAFF = "hotel_taxi_staff", "Hotel and taxi staff"
    PUPILS = "pupils", "Pupils"
    PRACTITIONERS = "practitioners", "Safeguarding practitioners"


class TrainingCourse(models.Model):
    class Kind(models.TextChoices):
        SESSION = "session", "Face-to-face session"
        ELEARNING = "elearning", "E-learning"

    title = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    audience = models.CharField(max_length=40, choices=Audience.choices)

    def __str__(self) -> str:
        return self.title


class TrainingRequirement(models.Model):
    """A course that everyone holding a role must complete (renewed every ``valid_months``)."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=40)
    valid_months = models.PositiveSmallIntegerField(default=36)


class Learner(models.Model):
    """Someone trained, or to be trained, who has no account: a GP receptionist, a parish
    councillor, a hotel night manager, a taxi driver. Kept on the roster their organisation
    sends, so reach counts them and the partnership sees who is still to train."""

    reference = models.CharField(
        max_length=60, help_text="The organisation's own reference for the person"
    )
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    audience = models.CharField(max_length=40, choices=Audience.choices)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="partnership_learner_one_per_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class TrainingCompletion(models.Model):
    """A course completed by a member of staff with an account, or by a learner without one."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="completions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    learner = models.ForeignKey(
        Learner, null=True, blank=True, on_delete=models.PROTECT, related_name="completions"
    )
    agency = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField()
    imported_at = models.DateTimeField(default=timezone.now)


class AwarenessEvent(models.Model):
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    audience = models.CharField(max_length=40, choices=Audience.choices)
    attendance = models.PositiveIntegerField()
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")


class CaseFileAudit(models.Model):
    """A multi-agency audit of a sample of case files, each named by an opaque reference."""

    title = models.CharField(max_length=200)
    audited_on = models.DateField()
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class AuditQuestion(models.Model):
    audit = models.ForeignKey(CaseFileAudit, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)


class AuditCase(models.Model):
    audit = models.ForeignKey(CaseFileAudit, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(max_length=40, help_text="An opaque case reference, never a name")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    # {question id: "yes" | "no" | "n/a"}
    answers = models.JSONField(default=dict)


class AuditFinding(models.Model):
    audit = models.ForeignKey(CaseFileAudit, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField()
    plan_action = models.ForeignKey(
        "partnership.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class Section11Return(models.Model):
    class Rating(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    standard = models.CharField(max_length=200)
    rating = models.CharField(max_length=20, choices=Rating.choices)
    evidence = models.TextField(blank=True)
