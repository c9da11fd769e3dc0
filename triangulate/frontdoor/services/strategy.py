"""A strategy discussion decided at the front door: the meeting it sets up, with the
police, health and education invited and the item about the child shared with each."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from triangulate.core.clocks import LONDON, local, next_working_day
from triangulate.core.models import Agency, RecordShare, User
from triangulate.core.roles import AgencyType
from triangulate.meetings import services as meetings
from triangulate.meetings.models import Meeting, MeetingKind

from ..models import Contact, TriageDecision

STRATEGY_PARTNERS = (AgencyType.POLICE, AgencyType.HEALTH, AgencyType.EDUCATION)


def strategy_partners(*, contact: Contact) -> list[Agency]:
    """Who is invited to a strategy meeting: the police, health and education (the
    referrer's own agency where it is one of these, otherwise the first of each kind)."""
    invited = []
    for kind in STRATEGY_PARTNERS:
        referrer = contact.raised_by_agency
        if referrer is not None and referrer.agency_type == kind and referrer.is_active:
            invited.append(referrer)
            continue
        agency = Agency.objects.filter(agency_type=kind, is_active=True).order_by("id").first()
        if agency is not None:
            invited.append(agency)
    return invited


def set_up_strategy_meeting(
    *, actor: User, decision: TriageDecision, held_at: dt.datetime | None
) -> None:
    contact = decision.contact
    if contact.person_id is None:
        return  # set up when the child is linked (a correction to strategy re-runs this)
    if held_at is None:
        day = next_working_day(local(timezone.now()).date())
        held_at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=LONDON)
    meeting = meetings.meeting_create(
        actor=actor,
        kind=MeetingKind.STRATEGY,
        title=f"Strategy meeting from contact {contact.reference}",
        held_at=held_at,
        person=contact.person,
    )
    partners = strategy_partners(contact=contact)
    meetings.meeting_invite(actor=actor, meeting=meeting, agencies=partners)
    # The partners are invited to discuss this child: the item about the child is shared
    # with each, a recorded decision (the child's own record stays closed unless shared).
    for item in meetings.agenda(actor=actor, meeting=meeting):
        for agency in partners:
            meetings.item_share(
                actor=actor,
                item=item,
                agency=agency,
                purpose=f"strategy discussion decided on contact {contact.reference}",
            )
    decision.strategy_meeting = meeting
    decision.save(update_fields=["strategy_meeting"])


def strategy_invited(*, decision: TriageDecision) -> list[str]:
    """The agencies invited to the strategy meeting a decision set up (shared the meeting)."""
    if decision.strategy_meeting_id is None:
        return []
    return list(
        RecordShare.objects.filter(
            content_type=ContentType.objects.get_for_model(Meeting),
            object_id=decision.strategy_meeting_id,
            revoked_at__isnull=True,
        )
        .order_by("shared_with__name", "id")
        .values_list("shared_with__name", flat=True)
    )
