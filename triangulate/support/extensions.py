"""What this app adds through core's extension points (core.extensions), under the
fixed names each point asks for:

- What support adds to a person's timeline and to the referrer's "My work".
- The support panel on a person's page: their referrals (and those of family members linked
  to a child) that the viewer may see, and the way to refer.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.access import child_reference
from triangulate.core.clocks import LONDON
from triangulate.core.extensions import Panel, TimelineEntry, WorkItem, WorkSection

from . import presenters
from .services import referrals


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=LONDON)


def timeline(user, person) -> list[TimelineEntry]:
    entries = []
    for referral in referrals.referrals_about(actor=user, person=person):
        href = reverse("support:referral", args=[referral.pk])
        who = "" if referral.person_id == person.pk else f" ({referral.get_referred_as_display()})"
        entries.append(
            TimelineEntry(
                occurred_at=_at(referral.referred_on),
                title=f"Referred to {referral.service.name}{who}",
                description=referral.get_status_display(),
                agency=referral.owning_agency.name,
                kind="support",
                href=href,
            )
        )
        if referral.started_on:
            entries.append(
                TimelineEntry(
                    occurred_at=_at(referral.started_on),
                    title=f"Support started: {referral.service.name}{who}",
                    agency=referral.owning_agency.name,
                    kind="support",
                    href=href,
                )
            )
    return entries


def my_work(user) -> list[WorkSection]:
    today = timezone.localdate()
    waiting = referrals.referrals_waiting_too_long(actor=user)
    if not waiting:
        return []
    items = [
        WorkItem(
            text=f"{child_reference(user, r.person).label}: waiting {r.waiting_days(today)} days "
            f"for {r.service.name}",
            href=reverse("support:referral", args=[r.pk]),
            due_at=r.referred_on + dt.timedelta(days=referrals.wait_limit_days(r.service)),
            overdue=True,
            detail=f"The service's usual wait is {referrals.wait_limit_days(r.service)} days.",
            record=r,
        )
        for r in waiting
    ]
    return [WorkSection("Referrals to support waiting too long", items, order=70)]


def person_panels(request, person) -> list[Panel]:
    user = request.user
    if not access.may(user, "support.refer"):
        return []
    items = referrals.referrals_about(actor=user, person=person)
    context = {
        "person": person,
        "rows": presenters.referral_rows(user, items, timezone.localdate()),
    }
    return [
        Panel(
            "Support",
            render_to_string("support/_panel.html", context, request=request),
            order=60,
        )
    ]
