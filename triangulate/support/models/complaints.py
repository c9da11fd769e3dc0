"""Complaints and whistleblowing about how concerns were handled, by ward.

A complaint's record names no one: who raised it is kept apart, in :class:`SealedIdentity`,
which only the designated officer opens, with a reason, audited each time (ADR 0015).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Ward(models.Model):
    """An electoral ward and the postcode districts (outward codes) it covers."""

    name = models.CharField(max_length=100, unique=True)
    districts = models.JSONField(default=list, help_text='Outward codes, e.g. ["KM1", "KM2"]')

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WardMember(models.Model):
    """The ward an elected member represents: their ward figures open on it. Set by the
    partnership manager from the accounts pages (``governance.accounts.member_ward_set``)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ward_seat"
    )
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="members")

    def __str__(self) -> str:
        return f"{self.member} for {self.ward}"


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    WHISTLEBLOWING = "whistleblowing", "Whistleblowing concern"


class ComplaintCategory(models.TextChoices):
    NOT_ACTED_ON = "not_acted_on", "A concern was not acted on"
    DELAY = "delay", "Delay in responding"
    NOT_LISTENED = "not_listened", "The child or family was not listened to or believed"
    LANGUAGE = "language", "Language or attitude towards a child"
    INFORMATION = "information", "Information not shared, or shared wrongly"
    COLLEAGUE = "colleague", "The practice or conduct of a colleague"
    OTHER = "other", "Something else"


class ComplaintStage(models.TextChoices):
    LOCAL = "local", "Stage 1: local resolution"
    INVESTIGATION = "investigation", "Stage 2: investigation"
    PANEL = "panel", "Stage 3: review panel"
    CLOSED = "closed", "Closed"


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Complaint(models.Model):
    reference = models.CharField(max_length=14, unique=True)
    kind = models.CharField(max_length=20, choices=ComplaintKind.choices)
    category = models.CharField(max_length=20, choices=ComplaintCategory.choices)
    agency_concerned = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what_happened = models.TextField()
    # Where it happened, as a ward: the postcode it came from is not kept.
    ward = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    received_on = models.DateField(default=timezone.localdate)
    stage = models.CharField(
        max_length=20, choices=ComplaintStage.choices, default=ComplaintStage.LOCAL
    )
    stage_started_on = models.DateField(default=timezone.localdate)
    stage_due_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=ComplaintOutcome.choices, blank=True)
    learning = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class SealedIdentity(models.Model):
    """Who raised a complaint or concern: readable only by the designated officer, through
    ``services.complaints.identity_open``, with a reason, audited on every read. Never in
    lists, exports, PDFs or figures."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="identity")
    name = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=300, blank=True)
    relationship = models.CharField(
        max_length=200, blank=True, help_text="For example: parent, member of staff at ..."
    )

    def __str__(self) -> str:
        return "Sealed identity"
