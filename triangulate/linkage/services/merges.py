"""Merging and unmerging register entries, with full history.

A merge keeps both rows: the merged entry points at the survivor (Person.merged_into) and
its linked records move across. Each merge is a MergeEvent naming the records that moved,
so an unmerge puts exactly those back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.register.models import Person, PersonAddress

from ..models import REGISTER_SOURCE, MatchPair, MergeAction, MergeEvent, PairStatus, SourceRecord
from . import policy


class MergeRefused(Exception):
    """A merge or unmerge that cannot be done; the message is for the user."""


CONFLICT_REASON_NEEDED = "Enter why these are the same child despite the differences"
MERGE_REFUSED = (
    "You can only merge entries your agency may see and change: ask the agency that holds "
    "the other entry"
)


def register_values(person: Person, address: PersonAddress | None) -> dict:
    """A register entry in the standard person schema (as linkage compares it)."""
    return {
        "first_name": person.given_name,
        "middle_names": person.middle_names,
        "last_name": person.family_name,
        "known_as": person.known_as,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex if person.sex in ("F", "M") else "",
        "address": ", ".join(p for p in (address.line_1, address.line_2, address.town) if p)
        if address
        else "",
        "postcode": address.postcode if address else "",
        "nhs_number": person.nhs_number,
        "upn": person.upn,
    }


@dataclass(frozen=True)
class MergeComparison:
    """Two entries as linkage compares them, and the family guard's warnings about them."""

    surviving: SourceRecord
    merged: SourceRecord
    conflicts: list[str]


def merge_compare(*, surviving: Person, merged: Person) -> MergeComparison:
    """Both entries side by side (unsaved records in the standard schema) and every reason
    the family guard sees for them being different children. Callers have opened both."""
    from ..engine.guard import conflicts
    from ..engine.standardise import standardise_one

    current = {
        a.person_id: a
        for a in PersonAddress.objects.filter(
            person__in=[surviving.pk, merged.pk], to_date__isnull=True
        ).order_by("id")
    }
    values = {p.pk: register_values(p, current.get(p.pk)) for p in (surviving, merged)}

    def standard(person):
        row = dict(values[person.pk], record_id=str(person.pk))
        dob = row["date_of_birth"]
        row["date_of_birth"] = dob.isoformat() if dob else ""
        return standardise_one(row, REGISTER_SOURCE)

    return MergeComparison(
        surviving=SourceRecord(source_name=REGISTER_SOURCE, **values[surviving.pk]),
        merged=SourceRecord(source_name=REGISTER_SOURCE, **values[merged.pk]),
        conflicts=conflicts(standard(surviving), standard(merged)),
    )


@transaction.atomic
def merge_people(
    *,
    actor: User | None,
    surviving_id: int,
    merged_id: int,
    reason: str,
    pair: MatchPair | None = None,
) -> MergeEvent:
    """Merge one entry into another (no permission check: callers check)."""
    if surviving_id == merged_id:
        raise MergeRefused("These are already the same register entry")
    people = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[surviving_id, merged_id])
    }
    surviving, merged = people[surviving_id], people[merged_id]
    if surviving.merged_into_id or merged.merged_into_id:
        raise MergeRefused("One of these entries has already been merged into another")
    moved = list(
        SourceRecord.objects.filter(person=merged)
        .exclude(source_name="register")
        .values_list("pk", flat=True)
    )
    SourceRecord.objects.filter(pk__in=moved).update(person=surviving)
    now = timezone.now()
    # Both rows are locked above, so these versioned updates cannot lose to anyone.
    bump(merged, merged.version, merged_into=surviving, updated_at=now)
    bump(surviving, surviving.version, updated_at=now)
    event = MergeEvent.objects.create(
        action=MergeAction.MERGE,
        surviving=surviving,
        merged=merged,
        moved_records=moved,
        reason=reason,
        pair=pair,
        actor=actor,
    )
    detail = {
        "surviving": surviving.pk,
        "merged": merged.pk,
        "records_moved": len(moved),
        "reason": reason,
    }
    audit(actor, AuditAction.CHANGE, surviving, "merge register entries", detail=detail)
    audit(actor, AuditAction.CHANGE, merged, "merge register entries", detail=detail)
    return event


def person_merge(
    *, actor: User, surviving: Person, merged: Person, reason: str, pair: MatchPair | None = None
) -> MergeEvent:
    """Merge ``merged`` into ``surviving`` for a reviewer who may see and change both.

    A reason is needed when the family guard sees them as possibly different children."""
    access.require(actor, "linkage.merge")
    if not policy.may_change_people(actor, [surviving.pk, merged.pk]):
        raise MergeRefused(MERGE_REFUSED)
    if not reason.strip():
        if merge_compare(surviving=surviving, merged=merged).conflicts:
            raise MergeRefused(CONFLICT_REASON_NEEDED)
        reason = "Same child: both entries checked side by side"
    return merge_people(
        actor=actor, surviving_id=surviving.pk, merged_id=merged.pk, reason=reason, pair=pair
    )


@transaction.atomic
def person_unmerge(*, actor: User, event: MergeEvent, reason: str) -> MergeEvent:
    """Undo a merge: the merged entry is live again and its records go back to it."""
    access.require(actor, "linkage.merge")
    event = MergeEvent.objects.select_for_update().get(pk=event.pk)
    if event.action != MergeAction.MERGE:
        raise MergeRefused("Only a merge can be undone")
    if MergeEvent.objects.filter(undoes=event).exists():
        raise MergeRefused("This merge has already been undone")
    if not reason.strip():
        raise MergeRefused("Enter why this merge is being undone")
    if not policy.may_change_people(actor, [event.surviving_id, event.merged_id]):
        raise MergeRefused(MERGE_REFUSED)
    merged = Person.objects.select_for_update().get(pk=event.merged_id)
    if merged.merged_into_id != event.surviving_id:
        raise MergeRefused("The entries have changed since this merge; undo the later merges first")
    now = timezone.now()
    bump(merged, merged.version, merged_into=None, updated_at=now)
    Person.objects.filter(pk=event.surviving_id).update(updated_at=now)
    SourceRecord.objects.filter(pk__in=event.moved_records, person_id=event.surviving_id).update(
        person=merged
    )
    undo = MergeEvent.objects.create(
        action=MergeAction.UNMERGE,
        surviving_id=event.surviving_id,
        merged=merged,
        moved_records=event.moved_records,
        reason=reason,
        actor=actor,
        undoes=event,
        pair=event.pair,
    )
    if event.pair_id:
        # An unmerge of a reviewed pair sends the pair back to the queue.
        MatchPair.objects.filter(pk=event.pair_id).update(status=PairStatus.PENDING)
    detail = {
        "surviving": event.surviving_id,
        "merged": merged.pk,
        "undoes": event.pk,
        "reason": reason,
    }
    audit(actor, AuditAction.CHANGE, merged, "undo a merge of register entries", detail=detail)
    audit(
        actor,
        AuditAction.CHANGE,
        ("register.person", event.surviving_id),
        "undo a merge of register entries",
        detail=detail,
    )
    return undo


def linked_records(*, actor: User, person: Person) -> tuple[list[SourceRecord], list[str]]:
    """Other agencies' records linked to this register entry that ``actor`` may open, and,
    for a reviewer who may merge, the names of the agencies holding linked records they may
    not open (so they know whom to ask), never the records themselves."""
    linked = SourceRecord.objects.filter(person=person, is_current=True).exclude(
        source_name=REGISTER_SOURCE
    )
    shown = list(
        access.visible(actor, SourceRecord)
        .filter(pk__in=linked.values("pk"))
        .select_related("owning_agency")
        .order_by("source_name", "record_id", "id")
    )
    hidden: list[str] = []
    if access.may(actor, "linkage.merge"):
        hidden = sorted(
            set(
                linked.exclude(pk__in=[r.pk for r in shown]).values_list(
                    "owning_agency__name", flat=True
                )
            )
        )
    return shown, hidden


def merge_history(person: Person) -> list[MergeEvent]:
    """Every merge and unmerge involving this entry, newest first."""
    return list(
        MergeEvent.objects.filter(Q(surviving=person) | Q(merged=person))
        .select_related("surviving", "merged", "actor", "undone_by")
        .order_by("-occurred_at", "-id")
    )


def undoable_merge(person: Person) -> MergeEvent | None:
    return (
        MergeEvent.objects.filter(
            action=MergeAction.MERGE, surviving=person, undone_by__isnull=True
        )
        .order_by("-occurred_at", "-id")
        .first()
    )


def merge_event_open(*, actor: User, pk: int) -> MergeEvent:
    access.require(actor, "linkage.merge")
    event = MergeEvent.objects.select_related("surviving", "merged").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event
