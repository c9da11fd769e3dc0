"""Information governance: sharing agreements, decisions not to share, break-glass access,
subject access requests and the accounts linked to an identity provider. Only a subject access request holds a person's details (the export
gathered for them, opened only by the information governance lead keeping it); the other
rows name records by reference."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django_otp.models import Device

from triangulate.core.models import Agency


class DataCategory(models.TextChoices):
    IDENTITY = "identity", "Identity and contact details"
    SAFEGUARDING = "safeguarding", "Safeguarding concerns, assessments and plans"
    MISSING = "missing", "Missing episodes and return interviews"
    HEALTH = "health", "Health, including sexual health"
    EDUCATION = "education", "Education and attendance"
    POLICE = "police", "Police intelligence and offending"
    HOUSING = "housing", "Housing and addresses"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Live"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Ended"


# An agreement is due for review this many days before its review date.
REVIEW_NOTICE_DAYS = 30


class Agreement(models.Model):
    """An information-sharing agreement between agencies: who shares what, why, and on
    which lawful bases. A share names the live agreement it was made under."""

    title = models.CharField(max_length=200)
    parties = models.ManyToManyField(Agency, related_name="sharing_agreements")
    purposes = models.TextField()
    data_categories = models.JSONField(default=list)
    lawful_bases = models.JSONField(default=list)
    signatories = models.TextField()
    review_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["review_on", "title"]

    def __str__(self) -> str:
        return self.title

    def due_for_review(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == AgreementStatus.LIVE and self.review_on <= today + dt.timedelta(
            days=REVIEW_NOTICE_DAYS
        )


class DecisionNotToShare(models.Model):
    """A decision not to share a record with another agency, with the reasons: a record in
    its own right, seen by the deciding agency's managers and counted."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    deciding_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requesting_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField()
    consent_refused = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)


class BreakGlassGrant(models.Model):
    """Emergency, time-limited read access for one person to one record outside their
    scope, with a written justification. Every grant waits in a review queue for the record
    owner's information governance lead."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    justification = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    review_concern = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["user", "content_type", "expires_at"])]


class RequesterKind(models.TextChoices):
    PERSON = "person", "The person themselves"
    PARENT = "parent", "A parent or carer on the child's behalf"
    REPRESENTATIVE = "representative", "A representative (a solicitor or advocate)"


class SubjectAccessStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    PREPARING = "preparing", "Being prepared"
    IN_REVIEW = "in_review", "In review"
    RELEASED = "released", "Released"
    REFUSED = "refused", "Refused"


OPEN_SUBJECT_ACCESS = (
    SubjectAccessStatus.RECEIVED,
    SubjectAccessStatus.PREPARING,
    SubjectAccessStatus.IN_REVIEW,
)


class SubjectAccessRequest(models.Model):
    """A request by or for a person in the register to see what Triangulate holds about
    them (UK GDPR Art. 15), kept by an information governance lead.

    The gathered export (``sections``) and its redactions live on the request and are read
    only through it: by the lead of the agency keeping it, never through ``core.access``.
    Once released, nothing about the request changes again (``version`` refuses stale
    edits; a released request refuses every edit)."""

    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requester_kind = models.CharField(max_length=20, choices=RequesterKind.choices)
    requester_name = models.CharField(max_length=200, blank=True)
    identity_check = models.TextField()
    received_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=SubjectAccessStatus.choices, default=SubjectAccessStatus.RECEIVED
    )
    refusal_reason = models.TextField(blank=True)
    sections = models.JSONField(default=list, blank=True)
    redactions = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    prepared_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    released_pdf = models.BinaryField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["agency", "status", "due_on"])]


class RetentionClock(models.TextChoices):
    """What a retention period is counted from (a small, documented set; see ADR 0023)."""

    CREATED = "created", "When the record was made"
    CLOSED = "closed", "When the record was closed or ended"
    AGE_25 = "age_25", "The child's 25th birthday"


class RetentionRule(models.Model):
    """How long one type of record is kept, what the time runs from, and on what legal basis:
    one rule per record type, kept by the information governance lead. Records past their
    period under an active rule are destroyed, unless a legal hold covers them. ``version``
    counts every change (a tombstone names the version it was destroyed under) and refuses
    stale edits."""

    record_type = models.CharField(max_length=100, unique=True)
    period_years = models.PositiveSmallIntegerField(default=0)
    period_months = models.PositiveSmallIntegerField(default=0)
    clock = models.CharField(max_length=20, choices=RetentionClock.choices)
    legal_basis = models.TextField()
    active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["record_type"]


class LegalHold(models.Model):
    """A hold that stops destruction: on a child (everything about them) or on one record,
    with the reason, who placed it and when, and its release."""

    person = models.ForeignKey(
        "register.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "released_at"])]


class IdentityProviderAccount(Device):
    """A Triangulate account linked to one person at the authority's identity provider (the
    issuer's ``sub``), made at their first OpenID Connect sign-in by email address.

    It is also the django-otp device that marks a session as having passed the second step
    when the provider asserted its own second factor at that sign-in (ADR 0026); no code
    can ever be checked against it.
    """

    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_subject"),
            models.UniqueConstraint(fields=["user", "issuer"], name="one_subject_per_account"),
        ]
