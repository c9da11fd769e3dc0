"""The chair's changes to an agenda: a child or a MACE subject added by hand, an item taken
off or moved."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from triangulate.core import access, extensions
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User
from triangulate.register.models import Person

from ..models import AgendaItem, AgendaPrompt, Meeting, MeetingKind
from .scheduling import _require_open


class ItemHasRecord(Exception):
    """The item has a decision or actions recorded; it stays in the minutes."""


@transaction.atomic
def item_add(*, actor: User, meeting: Meeting, person: Person, reason: str) -> AgendaItem:
    """Put a child on the agenda, last, with the reason given."""
    access.require(actor, "meetings.manage", meeting)
    _require_open(meeting)
    last = AgendaItem.objects.filter(meeting=meeting).order_by("-position", "-id").first()
    item = AgendaItem.objects.create(
        owning_agency=meeting.owning_agency,
        meeting=meeting,
        person=person,
        position=(last.position + 1) if last else 1,
        reasons=[reason],
    )
    audit(actor, AuditAction.CREATE, item, "add a child to a meeting's agenda")
    return item


ADDED_BY_CHAIR = "Added to the agenda by the chair"


class SubjectRefused(Exception):
    """A subject the chair asked for cannot go on this agenda; ``errors`` maps the form's
    fields to GOV.UK messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@transaction.atomic
def subject_add(
    *, actor: User, meeting: Meeting, kind: str, number: int | None, reason: str
) -> AgendaItem:
    """Put a person of concern, a place or a group on a MACE panel's agenda by hand, last,
    with the reason given, if the chair's agency may see it."""
    access.require(actor, "meetings.manage", meeting)
    _require_open(meeting)
    kinds = extensions.agenda_subject_kinds()
    if meeting.kind != MeetingKind.MACE:
        raise SubjectRefused(
            {"kind": "Only a MACE panel discusses persons of concern, places and groups"}
        )
    if kind not in kinds:
        raise SubjectRefused({"kind": "Select what to put on the agenda"})
    subject = extensions.agenda_subject(actor, kind, number) if number else None
    if subject is None:
        raise SubjectRefused(
            {"number": f"Enter the number of a {kinds[kind].lower()} your agency can see"}
        )
    subject_type = ContentType.objects.get_for_model(subject.record)
    on_agenda = AgendaItem.objects.filter(
        meeting=meeting, subject_type=subject_type, subject_id=subject.record.pk
    )
    if on_agenda.exists():
        raise SubjectRefused({"number": f"{subject.label} is already on the agenda"})
    last = AgendaItem.objects.filter(meeting=meeting).order_by("-position", "-id").first()
    item = AgendaItem.objects.create(
        owning_agency=meeting.owning_agency,
        meeting=meeting,
        subject_type=subject_type,
        subject_id=subject.record.pk,
        subject_label=subject.label[:300],
        subject_href=subject.href[:200],
        position=(last.position + 1) if last else 1,
        # A partner at the table who may not see the subject reads only that the chair put it
        # there, never the chair's words about it.
        reasons=[
            {
                "text": reason.strip(),
                "about": [subject.record._meta.label_lower, subject.record.pk],
                "withheld": ADDED_BY_CHAIR,
            }
        ],
    )
    audit(actor, AuditAction.CREATE, item, "add to a meeting's agenda by hand",
          detail={"subject": [subject.record._meta.label_lower, subject.record.pk]})  # fmt: skip
    return item


@transaction.atomic
def item_remove(*, actor: User, item: AgendaItem) -> None:
    """Take a child off the agenda before it is discussed. An item with a decision or
    actions stays: it is part of the minutes. A prompt the item used goes back to wait for
    the next meeting."""
    access.require(actor, "meetings.manage", item.meeting)
    _require_open(item.meeting)
    if item.decision or item.actions.exists():
        raise ItemHasRecord
    AgendaPrompt.objects.filter(used_in=item.meeting, person=item.person).update(used_in=None)
    audit(
        actor,
        AuditAction.DELETE,
        item,
        "take a child off a meeting's agenda",
        detail={"meeting": item.meeting_id, "reasons": item.reasons},
    )
    item.delete()
    _renumber(item.meeting)


@transaction.atomic
def item_move(*, actor: User, item: AgendaItem, by: int) -> None:
    """Move an item up (``by=-1``) or down (``by=1``) the agenda."""
    access.require(actor, "meetings.manage", item.meeting)
    _require_open(item.meeting)
    order = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting=item.meeting)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    index = order.index(item.pk)
    target = index + by
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
        _renumber(item.meeting, order)
        audit(
            actor,
            AuditAction.CHANGE,
            item,
            "reorder a meeting's agenda",
            detail={"position": target + 1},
        )


def _renumber(meeting: Meeting, order: list[int] | None = None) -> None:
    if order is None:
        order = list(
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
    for position, pk in enumerate(order, start=1):
        AgendaItem.objects.filter(pk=pk).exclude(position=position).update(position=position)
