"""What this app adds through core's extension points (core.extensions), under the
fixed names each point asks for:

- What the front door adds to a child's timeline and to a user's "My work".
- What concerns raised at the front door tell a risk assessment (see core.extensions).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import IndicatorEvidence, TimelineEntry, WorkItem, WorkSection
from triangulate.core.presenters import uk_date
from triangulate.core.roles import Role

from .models import URGENT_HOURS, Contact, Contribution, Indicator, Status, TriageDecision
from .presenters import contact_clock
from .rules import is_hub_user
from .services.clocks import urgent_first
from .services.decisions import decisions_awaiting_agreement


def timeline(user, person) -> list[TimelineEntry]:
    entries = []
    contacts = (
        access.visible(user, Contact)
        .filter(person=person)
        .select_related("raised_by_agency")
        .order_by("id")
    )
    for contact in contacts:
        entries.append(
            TimelineEntry(
                occurred_at=contact.received_at,
                title=f"Contact received ({contact.get_source_display()})",
                description=contact.concern[:200],
                agency=contact.raised_by_agency.name if contact.raised_by_agency else "",
                kind="contact",
                href=reverse("frontdoor:contact", args=[contact.pk]),
            )
        )
    for decision in (
        access.visible(user, TriageDecision)
        .filter(contact__person=person)
        .select_related("owning_agency", "need_level")
        .order_by("id")
    ):
        entries.append(
            TimelineEntry(
                occurred_at=decision.decided_at,
                title=f"Front-door decision: {decision.get_outcome_display()}",
                description=f"{decision.need_level.label}. {decision.reasons[:200]}",
                agency=decision.owning_agency.name,
                kind="decision",
            )
        )
    for contribution in (
        access.visible(user, Contribution)
        .filter(contact__person=person)
        .select_related("owning_agency")
        .order_by("id")
    ):
        entries.append(
            TimelineEntry(
                occurred_at=contribution.created_at,
                title="Agency contribution to triage",
                description=contribution.summary[:200],
                agency=contribution.owning_agency.name,
                kind="contribution",
            )
        )
    return entries


def _decision_item(contact: Contact) -> WorkItem:
    state = contact_clock(contact)
    urgent = contact.urgency in URGENT_HOURS
    return WorkItem(
        record=contact,
        text=f"Decide on contact {contact.reference} about {contact.child_name}",
        href=reverse("frontdoor:contact", args=[contact.pk]),
        due_at=contact.decision_due_at,
        overdue=state.is_overdue,
        detail=f"Urgent: {contact.get_urgency_display()}" if urgent else "",
    )


def my_work(user) -> list[WorkSection]:
    if not is_hub_user(user):
        return []
    waiting = (
        access.visible(user, Contact)
        .filter(owning_agency=user.agency, status__in=[Status.NEW, Status.IN_TRIAGE])
        .select_related("decision")
    )
    sections = [
        WorkSection(
            title="Front-door decisions due",
            items=[_decision_item(c) for c in urgent_first(waiting)[:25]],
            empty_text="No contacts are waiting for a decision.",
            order=30,
        )
    ]
    if user.has_role(Role.TEAM_MANAGER):
        sections.append(
            WorkSection(
                title="Front-door decisions awaiting your agreement",
                items=[
                    WorkItem(
                        record=d,
                        text=f"Agree or correct no further action on contact "
                        f"{d.contact.reference} about {d.contact.child_name}",
                        href=reverse("frontdoor:contact", args=[d.contact_id]),
                        due_at=d.decided_at,
                        detail="A concern about exploitation",
                    )
                    for d in decisions_awaiting_agreement(actor=user)
                ],
                empty_text="No decisions are waiting for your agreement.",
                order=2,
            )
        )
        # The hub's duty manager sees every urgent concern first, whoever is deciding it.
        urgent = urgent_first(waiting.filter(urgency__in=list(URGENT_HOURS)))[:25]
        sections.append(
            WorkSection(
                title="Urgent concerns at the front door",
                items=[_decision_item(c) for c in urgent],
                empty_text="No urgent concerns are waiting.",
                order=1,
            )
        )
    return sections


def indicator_evidence(user, person) -> list[IndicatorEvidence]:
    """Each sign ticked on a contact about the child this user may see, as kind
    ``contact.indicator.<code>``."""
    labels = dict(Indicator.choices)
    contacts = access.visible(user, Contact).filter(person=person).order_by("-received_at", "-id")
    return [
        IndicatorEvidence(
            kind=f"contact.indicator.{code}",
            occurred_on=timezone.localdate(contact.received_at),
            source=f"Contact {contact.reference} received {uk_date(contact.received_at)}: "
            f"{labels.get(code, code).lower()}",
            href=reverse("frontdoor:contact", args=[contact.pk]),
        )
        for contact in contacts
        for code in contact.indicators
    ]
