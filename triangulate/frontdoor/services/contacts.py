"""Who sees which contacts: the hub's queue and its recent decisions, the contacts asked
of a partner agency, a referrer's own contacts, and opening one (audited)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User

from ..models import Contact, Source, Status
from ..rules import is_hub_user
from .clocks import urgent_first


def triage_queue(*, actor: User) -> list[Contact]:
    """Contacts awaiting a decision at the hub, soonest due first (the page that lists them
    audits what it showed)."""
    access.require(actor, "frontdoor.triage")
    return list(
        urgent_first(
            access.visible(actor, Contact)
            .filter(owning_agency=actor.agency, status__in=[Status.NEW, Status.IN_TRIAGE])
            .select_related("raised_by_agency", "person")
        )[:500]
    )


def recently_decided(*, actor: User, limit: int = 20) -> list[Contact]:
    access.require(actor, "frontdoor.triage")
    # Only contacts with a decision (a join the database can walk newest first by the
    # decision's time: on ten years of contacts an outer join sorted them all).
    return list(
        access.visible(actor, Contact)
        .filter(
            owning_agency=actor.agency,
            status__in=[Status.DECIDED, Status.CLOSED],
            decision__decided_at__isnull=False,
        )
        .select_related("decision", "person")
        .order_by("-decision__decided_at", "-id")[:limit]
    )


def contributions_requested(*, actor: User) -> list[Contact]:
    """Contacts the hub has shared with the actor's agency and it has not yet answered."""
    if not access.may(actor, "frontdoor.contribute"):
        return []
    return list(
        access.visible(actor, Contact)
        .exclude(owning_agency=actor.agency)
        .exclude(contributions__owning_agency=actor.agency)
        # Decided but still waiting for the child's record from this agency: still asked.
        .filter(Q(status__in=[Status.NEW, Status.IN_TRIAGE]) | Q(person__isnull=True))
        .order_by("decision_due_at", "id")[:200]
    )


def contacts_raised_by(*, actor: User) -> QuerySet[Contact]:
    """A referrer's own contacts (they see these and the feedback meant for them, nothing more)."""
    return (
        Contact.objects.filter(raised_by=actor, source=Source.PROFESSIONAL)
        .select_related("decision")
        .order_by("-received_at", "-id")
    )


@dataclass(frozen=True)
class ContactView:
    contact: Contact
    as_hub: bool
    as_contributor: bool
    as_referrer: bool
    # An agency that contributed, after the decision ended its share of the contact: it sees
    # its own contribution and the outcome the referrer is told, nothing more.
    as_past_contributor: bool = False


def contact_open(*, actor: User, pk: int) -> ContactView:
    """Open a contact: the hub sees everything, a contributing agency the shared contact,
    the referrer their own contact and its feedback. Audited; refused otherwise."""
    contact = access.visible(actor, Contact).filter(pk=pk).first()
    if contact is None:
        own = Contact.objects.filter(pk=pk, raised_by=actor, source=Source.PROFESSIONAL).first()
        if own is not None:
            audit(actor, AuditAction.VIEW, own, "referrer follows up their contact")
            return ContactView(own, as_hub=False, as_contributor=False, as_referrer=True)
        contributed = Contact.objects.filter(
            pk=pk,
            contributions__owning_agency_id=actor.agency_id,
            status__in=[Status.DECIDED, Status.CLOSED],
        ).first()
        if contributed is None or not access.may(actor, "frontdoor.contribute"):
            access.get_visible_or_403(actor, Contact, pk, purpose="open contact")
        audit(actor, AuditAction.VIEW, contributed, "contributor follows the outcome")
        return ContactView(
            contributed,
            as_hub=False,
            as_contributor=False,
            as_referrer=False,
            as_past_contributor=True,
        )
    as_hub = contact.owning_agency_id == actor.agency_id and is_hub_user(actor)
    if as_hub and contact.status == Status.NEW:
        # Someone at the hub has it open: the public now sees "being looked at".
        Contact.objects.filter(pk=contact.pk, status=Status.NEW).update(status=Status.IN_TRIAGE)
        contact.status = Status.IN_TRIAGE
    audit(actor, AuditAction.VIEW, contact, "triage a contact" if as_hub else "contribute")
    return ContactView(
        contact,
        as_hub=as_hub,
        as_contributor=not as_hub and contact.owning_agency_id != actor.agency_id,
        as_referrer=contact.raised_by_id == actor.pk,
    )


def bump_contact(contact: Contact, expected_version: int, **changes) -> None:
    """Save ``changes`` through the one optimistic lock and reload the contact."""
    bump(contact, expected_version, **changes)
    contact.refresh_from_db()
