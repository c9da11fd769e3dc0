"""Meeting actions: added with an owner and deadline and shared with the owner's agency,
completed, and the lists of a meeting's, overdue and a person's own actions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import AgendaItem, Meeting, MeetingAction, MeetingActionStatus
from .scheduling import _require_open

OWNER_SHARE_PURPOSE = "meeting action for its owner"


@transaction.atomic
def action_add(
    *, actor: User, meeting: Meeting, item: AgendaItem | None, text: str, owner: User,
    due_on: dt.date,
) -> MeetingAction:  # fmt: skip
    """Add an action with an owner and deadline; it is shared with the owner's agency, to
    change (the action is theirs to do), so it lands on their 'my work' list."""
    access.require(actor, "meetings.manage", meeting)
    _require_open(meeting)
    action = MeetingAction.objects.create(
        owning_agency=meeting.owning_agency,
        meeting=meeting,
        item=item,
        person=item.person if item else None,
        text=text,
        owner=owner,
        due_on=due_on,
    )
    audit(actor, AuditAction.CREATE, action, "add a meeting action")
    if owner.agency_id:
        records.share(
            actor,
            action,
            owner.agency,
            basis=records.LawfulBasis.SAFEGUARDING,
            purpose=OWNER_SHARE_PURPOSE,
            permits_change=True,
        )
    return action


def action_open(*, actor: User, pk: int) -> MeetingAction:
    action = access.get_visible_or_403(actor, MeetingAction, pk, purpose="meeting action")
    audit(actor, AuditAction.VIEW, action, "view meeting action")
    return action


def may_complete(*, actor: User, action: MeetingAction) -> bool:
    """The meeting's chair, or the action's owner while their agency may change the action
    (the share that gave it to them permits change; one for reading does not)."""
    if action.status != MeetingActionStatus.OPEN:
        return False
    if access.may(actor, "meetings.manage", action):
        return True
    return (
        action.owner_id == actor.pk
        and access.changeable(actor, MeetingAction).filter(pk=action.pk).exists()
    )


@transaction.atomic
def action_complete(*, actor: User, action: MeetingAction) -> MeetingAction:
    if not may_complete(actor=actor, action=action):
        raise access.AccessDenied("Only the action's owner or the meeting's chair can update it.")
    action.status = MeetingActionStatus.DONE
    action.done_on = timezone.localdate()
    action.save(update_fields=["status", "done_on"])
    audit(actor, AuditAction.CHANGE, action, "complete a meeting action")
    return action


def actions_for_meeting(*, actor: User, meeting: Meeting) -> list[MeetingAction]:
    return list(
        access.visible(actor, MeetingAction)
        .filter(meeting=meeting)
        .select_related("owner__agency", "person")
        .order_by("due_on", "id")
    )


def overdue_actions_before(*, actor: User, meeting: Meeting) -> list[MeetingAction]:
    """Actions from earlier meetings not done by their deadline, to stand out at this one."""
    return list(
        access.visible(actor, MeetingAction)
        .filter(
            status=MeetingActionStatus.OPEN,
            due_on__lt=timezone.localtime(meeting.held_at).date(),
            meeting__held_at__lt=meeting.held_at,
        )
        .select_related("owner__agency", "person", "meeting")
        .order_by("due_on", "id")
    )


def open_actions_for_owner(*, actor: User) -> list[MeetingAction]:
    return list(
        access.visible(actor, MeetingAction)
        .filter(owner=actor, status=MeetingActionStatus.OPEN)
        .select_related("meeting", "person")
        .order_by("due_on", "id")
    )


def owners() -> list[User]:
    from triangulate.core.roles import CASEWORK_ROLES

    return list(
        User.objects.filter(is_active=True, agency__isnull=False, grants__role__in=CASEWORK_ROLES)
        .select_related("agency")
        .distinct()
        .order_by("last_name", "first_name", "id")
    )
