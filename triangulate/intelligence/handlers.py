"""What the intelligence app does when other apps announce something (core.extensions)."""

from __future__ import annotations

from django.utils import timezone

from triangulate.core import access
from triangulate.core.models import Agency, AgencyType

from .services.items import item_submit


def findings_text(interview) -> str:
    """What a return home interview found, in the words the interview recorded."""
    parts = [
        ("Where the child went", interview.where_went),
        ("Who the child was with", interview.with_whom),
        ("What pushed the child away", interview.push_factors),
        ("What drew the child away", interview.pull_factors),
        ("Harm the child spoke of", interview.harm),
    ]
    lines = [f"{label}: {text.strip()}" for label, text in parts if (text or "").strip()]
    return "Findings of a return home interview.\n" + "\n".join(lines)


def on_interview_findings(*, person, interview, actor=None, raise_intelligence=False, **_):
    """Findings a return home interview passes to police become intelligence with each
    force, for its officers to grade: submitted by the interviewer, who keeps sight of it."""
    if not raise_intelligence or actor is None or not access.may(actor, "intelligence.submit"):
        return
    seen_at = interview.held_at or timezone.now()
    for force in _forces():
        item_submit(
            actor=actor,
            police=force,
            what_seen=findings_text(interview),
            seen_at=min(seen_at, timezone.now()),
            person=person,
        )


def on_contact_decided(*, contact, decision, actor=None, **_):
    """A contact the front door passes to the police reaches each force's intelligence log
    as information, submitted by the hub: a report about a place or an adult needs no child
    (a child it names is linked)."""
    from triangulate.frontdoor.models import Outcome

    if decision.outcome != Outcome.POLICE or actor is None:
        return
    if not access.may(actor, "intelligence.submit"):
        return
    for force in _forces():
        item_submit(
            actor=actor,
            police=force,
            what_seen=f"Passed on by the front door ({contact.reference}). {contact.concern}",
            seen_at=min(contact.received_at, timezone.now()),
            where_seen=contact.location[:300],
            person=contact.person,
        )


def _forces():
    return Agency.objects.filter(agency_type=AgencyType.POLICE, is_active=True).order_by("id")
