"""Agencies, users and roles, explicit shares, and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .roles import AgencyType, Role


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    agency_type = models.CharField(max_length=40, choices=AgencyType.choices)
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.name


class RoleGrant(models.Model):
    """One role held by one user. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(max_length=40, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="core_rolegrant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class User(AbstractUser):
    """A person who signs in. Belongs to exactly one agency (none only for break-glass admins)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, related_name="users")
    job_title = models.CharField(max_length=120, blank=True)
    failed_sign_ins = models.PositiveSmallIntegerField(default=0)
    first_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Accounts made by the demo generator. They can sign in only where DEMO_MODE is on.
    is_demo_account = models.BooleanField(default=False)
    # An account for a fixed period (an agency worker, a student): no sign-in after this day.
    account_expires_on = models.DateField(null=True, blank=True)
    # When an administrator last confirmed this person still needs their access and roles.
    access_reviewed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = UserManager()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.grants.values_list("role", flat=True))
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    def role_labels(self) -> list[str]:
        return [Role(code).label for code in sorted(self.role_codes)]

    def expired_on(self, day) -> bool:
        """Whether the account has expired by ``day`` (it may be used on its last day)."""
        return self.account_expires_on is not None and self.account_expires_on < day


class PersonalData(models.Model):
    """Base for every model that holds personal data.

    Its rows belong to one agency and are read only through ``core.access``; a lint in
    ``make test`` fails if a view reads such a model directly.
    """

    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class RecordShare(models.Model):
    """An explicit decision to let another agency see one record, with its lawful basis.

    It is for reading only unless ``permits_change`` says the other agency may also change it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    shared_with = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="shares_received"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lawful_basis = models.CharField(max_length=200)
    purpose = models.CharField(max_length=300)
    shared_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A share opens the record for reading only, unless it says the other agency may change it.
    permits_change = models.BooleanField(default=False)
    # The live information-sharing agreement the share was made under (none: outside any
    # agreement, which needs a reason and a manager's approval).
    agreement = models.ForeignKey(
        "governance.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shares",
    )
    # What happened about consent (core.records.Consent) and why: why it was not sought, or
    # why a refusal was overridden (risk of significant harm).
    consent = models.CharField(max_length=20, default="not_sought")
    consent_reason = models.TextField(blank=True)
    # A share outside any live agreement: the reason, and the manager who approved it.
    outside_agreement_reason = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "shared_with", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "shared_with"],
                condition=models.Q(revoked_at__isnull=True),
                name="core_recordshare_one_live_share",
            )
        ]

    @property
    def awaiting_approval(self) -> bool:
        return self.agreement_id is None and self.approved_at is None


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    SEARCH = "search", "Searched"
    SHARE = "share", "Shared"
    DENIED = "denied", "Refused"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SIGN_OUT = "sign_out", "Signed out"
    LOCKED = "locked", "Account locked"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # pragma: no cover - guarded behaviour
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One entry in the hash-chained, append-only audit log. Written only by core.audit."""

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    agency_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # The data subject (the child) the entry concerns; empty on entries written before the
    # log named subjects and on entries about no one (sign-ins, tool changes).
    subject_type = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    subject_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["object_type", "object_id", "occurred_at"]),
            models.Index(fields=["subject_type", "subject_id", "occurred_at"]),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class AuditHead(models.Model):
    """A single row naming the newest entry: it serialises writers and exposes truncation."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="core_audithead_singleton")
        ]


class AuditCheckpoint(models.Model):
    """A check of the audit log that found it intact up to ``sequence`` (whose entry carried
    ``entry_hash``). The next check starts from the newest one; a full check starts again
    from the first entry."""

    sequence = models.PositiveBigIntegerField()
    entry_hash = models.CharField(max_length=64)
    full = models.BooleanField(help_text="Checked from the first entry, not from a checkpoint")
    entries_checked = models.PositiveBigIntegerField()
    seconds = models.FloatField()
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at", "-id"]
        get_latest_by = ["checked_at", "id"]


class RateCount(models.Model):
    """How many requests one client (or API token) has made in one window of one rate limit
    (``core.ratelimit``). The key names the limit, a hash of the client and the window, so a
    new window is a new row; rows whose window has ended are removed as new windows begin."""

    key = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)
