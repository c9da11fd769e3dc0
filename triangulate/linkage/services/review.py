"""The clerical review queue: uncertain pairs, decisions with notes, re-opening."""

from __future__ import annotations

from django.db import transaction

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import MatchPair, MergeAction, MergeEvent, PairStatus, ReviewDecision, SourceRecord
from .merges import MergeRefused, merge_people, person_unmerge

PURPOSE = "clerical review of a possible match"


def review_queue(
    *, actor: User, status: str = PairStatus.PENDING, limit: int = 100
) -> list[MatchPair]:
    """Pairs with this status, most likely matches first; the listing is audited."""
    access.require(actor, "linkage.review")
    pairs = list(
        MatchPair.objects.filter(status=status)
        .select_related("left", "right", "left__owning_agency", "right__owning_agency")
        .order_by("-match_probability", "id")[:limit]
    )
    audit(
        actor,
        AuditAction.SEARCH,
        None,
        "open the match review queue",
        detail={"status": status, "pairs": [p.pk for p in pairs]},
    )
    return pairs


def pair_open(*, actor: User, pk: int) -> MatchPair:
    """One pair, both records shown side by side: each record's view is audited."""
    access.require(actor, "linkage.review")
    pair = MatchPair.objects.select_related(
        "left",
        "right",
        "left__owning_agency",
        "right__owning_agency",
        "left__person",
        "right__person",
    ).get(pk=pk)
    audit(actor, AuditAction.VIEW, pair.left, PURPOSE, detail={"pair": pair.pk})
    audit(actor, AuditAction.VIEW, pair.right, PURPOSE, detail={"pair": pair.pk})
    return pair


def _live_person_id(person):
    while person is not None and person.merged_into_id:
        person = person.merged_into
    return person.pk if person else None


@transaction.atomic
def pair_decide(*, actor: User, pair: MatchPair, decision: str, note: str = "") -> MatchPair:
    """Record a decision. "Same person" merges the two register entries at once."""
    access.require(actor, "linkage.review")
    if decision not in (PairStatus.ACCEPTED, PairStatus.REJECTED, PairStatus.NOT_SURE):
        raise ValueError(f"Unknown decision {decision!r}")
    pair = (
        MatchPair.objects.select_for_update(of=("self",))
        .select_related("left__person", "right__person")
        .get(pk=pair.pk)
    )
    if pair.status in (PairStatus.ACCEPTED, PairStatus.REJECTED):
        raise MergeRefused("This pair has already been decided; re-open it to change the decision")
    ReviewDecision.objects.create(pair=pair, decision=decision, note=note, decided_by=actor)
    pair.status = decision
    pair.save(update_fields=["status"])
    audit(
        actor,
        AuditAction.CHANGE,
        ("linkage.matchpair", pair.pk),
        PURPOSE,
        detail={"decision": decision, "note": note, "left": pair.left_id, "right": pair.right_id},
    )
    if decision == PairStatus.ACCEPTED:
        left, right = _live_person_id(pair.left.person), _live_person_id(pair.right.person)
        if left and right and left != right:
            surviving, merged = sorted((left, right))
            merge_people(
                actor=actor,
                surviving_id=surviving,
                merged_id=merged,
                reason=note or "Same person (clerical review)",
                pair=pair,
            )
        elif bool(left) != bool(right):
            # One record is on the register, the other not yet: attach it.
            unlinked = pair.right if left else pair.left
            SourceRecord.objects.filter(pk=unlinked.pk).update(person_id=left or right)
            pair.linked_records = [unlinked.pk]
            pair.save(update_fields=["linked_records"])
            audit(actor, AuditAction.CHANGE, unlinked, PURPOSE, detail={"linked_to": left or right})
    return pair


@transaction.atomic
def pair_reopen(*, actor: User, pair: MatchPair, note: str = "") -> MatchPair:
    """Send a decided pair back to the queue; a merge it caused is undone."""
    access.require(actor, "linkage.review")
    pair = MatchPair.objects.select_for_update().get(pk=pair.pk)
    if pair.status == PairStatus.PENDING:
        raise MergeRefused("This pair is already waiting for review")
    merge = MergeEvent.objects.filter(
        pair=pair, action=MergeAction.MERGE, undone_by__isnull=True
    ).first()
    if merge is not None:
        person_unmerge(actor=actor, event=merge, reason=note or "Review decision re-opened")
    if pair.linked_records:
        SourceRecord.objects.filter(pk__in=pair.linked_records).update(person=None)
        pair.linked_records = []
        pair.save(update_fields=["linked_records"])
    ReviewDecision.objects.create(pair=pair, decision="reopened", note=note, decided_by=actor)
    pair.status = PairStatus.PENDING
    pair.save(update_fields=["status"])
    audit(
        actor,
        AuditAction.CHANGE,
        ("linkage.matchpair", pair.pk),
        PURPOSE,
        detail={"decision": "reopened", "note": note},
    )
    return pair
