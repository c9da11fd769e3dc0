"""Referrals to support: a child, a family member linked to the child, or an adult survivor,
referred to a service in the directory, with consent, status, outcome and the wait."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from triangulate.core.models import PersonalData


class ReferredAs(models.TextChoices):
    CHILD = "child", "The child or young person"
    FAMILY = "family", "A family member or someone else harmed by what happened to the child"
    ADULT_SURVIVOR = "adult_survivor", "An adult survivor of non-recent exploitation or abuse"


class ReferralConsent(models.TextChoices):
    GIVEN = "given", "Given"
    SOUGHT = "sought", "Asked for, answer awaited"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"


# Consent outcomes a referral must give a reason for.
CONSENT_NEEDS_REASON = frozenset({ReferralConsent.REFUSED, ReferralConsent.NOT_SOUGHT})


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", "Referred, awaiting the service"
    OFFERED = "offered", "Offered a place"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WAITING = "waiting", "On the waiting list"
    STARTED = "started", "Support started"
    ENDED = "ended", "Support ended"


# Statuses in which the person is still waiting for support to start.
STILL_WAITING = frozenset(
    {
        ReferralStatus.REFERRED,
        ReferralStatus.OFFERED,
        ReferralStatus.ACCEPTED,
        ReferralStatus.WAITING,
    }
)


class Referral(PersonalData):
    """One referral of one person to one service. Owned by the referring agency; shared with
    the agency that runs the service, where it has one (ADR 0015)."""

    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="support_referrals"
    )
    referred_as = models.CharField(max_length=20, choices=ReferredAs.choices)
    # For a family member: the child whose exploitation harmed them too.
    linked_child = models.ForeignKey(
        "register.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "support.SupportService", on_delete=models.PROTECT, related_name="referrals"
    )
    reason = models.TextField()
    consent = models.CharField(max_length=20, choices=ReferralConsent.choices)
    consent_reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    declined_reason = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    referred_on = models.DateField(default=timezone.localdate)
    started_on = models.DateField(null=True, blank=True)
    # The day it stopped: declined, or support ended.
    closed_on = models.DateField(null=True, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["service", "status"], name="support_referral_waiting")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(referred_as="family") | models.Q(linked_child__isnull=False),
                name="support_referral_family_names_child",
            )
        ]

    def __str__(self) -> str:
        return f"Referral to {self.service}"

    @property
    def still_waiting(self) -> bool:
        return self.status in STILL_WAITING

    def waiting_days(self, today: dt.date | None = None) -> int:
        """Days from referral to support starting; so far, while still waiting; to the day it
        was declined or closed, if support never started."""
        end = self.started_on
        if end is None:
            end = (
                (today or timezone.localdate()) if self.still_waiting else self.closed_on
            ) or self.referred_on
        return max((end - self.referred_on).days, 0)
