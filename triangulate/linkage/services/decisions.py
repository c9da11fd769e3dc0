"""Deciding pairs in the review queue: one pair, an obvious group at once, re-opening a
decision; what a decision does to the register."""

from __future__ import annotations

from django.db import transaction

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import (
    AgencyView,
    MatchPair,
    MergeAction,
    MergeEvent,
    PairStatus,
    ReviewDecision,
    SourceRecord,
)
from . import policy
from .merges import MergeRefused, merge_people, person_unmerge

PURPOSE = "clerical review of a possible match"


def may_decide(actor: User, pair: MatchPair) -> bool:
    """Both records, and the register entries a decision would merge, are the actor's to
    see and change."""
    ids = {pair.left_id, pair.right_id}
    if policy.changeable_records(actor).filter(pk__in=ids).count() != len(ids):
        return False
    return policy.may_change_people(
        actor, [_live_person_id(pair.left.person), _live_person_id(pair.right.person)]
    )


DECIDE_REFUSED = (
    "You cannot decide this pair: deciding needs the right to see and change both records, "
    "and your agency may not change one of them"
)


def _live_person_id(person):
    while person is not None and person.merged_into_id:
        person = person.merged_into
    return person.pk if person else None


def accept_outcome(pair: MatchPair) -> str:
    """What deciding "the same person" does to the register: "merge" two entries, "attach"
    an unlinked record to the one entry, nothing ("same_entry") when both are already on
    one entry, or keep the records "together" in later runs when neither is on it."""
    left, right = _live_person_id(pair.left.person), _live_person_id(pair.right.person)
    if left and right:
        return "same_entry" if left == right else "merge"
    return "attach" if left or right else "together"


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
    if not may_decide(actor, pair):
        raise access.AccessDenied(
            DECIDE_REFUSED, record=("linkage.matchpair", pair.pk), purpose=PURPOSE
        )
    ReviewDecision.objects.create(pair=pair, decision=decision, note=note, decided_by=actor)
    apply_decision(actor, pair, decision, note, detail={})
    return pair


def apply_decision(actor: User | None, pair: MatchPair, decision: str, note: str, detail: dict):
    """Set the pair's status and do to the register what the decision means; ``actor`` is
    None when the system applies the record owners' joint decision."""
    pair.status = decision
    pair.save(update_fields=["status"])
    audit(
        actor,
        AuditAction.CHANGE,
        ("linkage.matchpair", pair.pk),
        PURPOSE,
        detail={
            "decision": decision,
            "note": note,
            "left": pair.left_id,
            "right": pair.right_id,
            **detail,
        },
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


UNCERTAIN = "uncertain match"
GROUP_CHANGED = (
    "These pairs have changed since the queue was shown (one was decided or re-opened); "
    "look at them again"
)
GROUP_SOURCES = 3


def obvious_groups(pairs: list[MatchPair]) -> list[list[MatchPair]]:
    """Pending pairs the family guard found nothing against, joined through shared records
    into groups of records from three or more sources (agencies' extracts and the register):
    possibly one person seen by each, which a reviewer may decide at once. Strongest group
    first."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    candidates = [p for p in pairs if p.status == PairStatus.PENDING and p.reason == UNCERTAIN]
    for pair in candidates:
        parent[find(pair.left_id)] = find(pair.right_id)
    groups: dict[int, list[MatchPair]] = {}
    for pair in candidates:
        groups.setdefault(find(pair.left_id), []).append(pair)
    found = []
    for group in groups.values():
        records = {r.pk: r for p in group for r in (p.left, p.right)}.values()
        if len({(r.owning_agency_id, r.source_name) for r in records}) >= GROUP_SOURCES:
            found.append(group)
    return sorted(found, key=lambda g: -min(p.match_probability for p in g))


@transaction.atomic
def group_decide(*, actor: User, pair_pks: list[int], note: str = "") -> list[MatchPair]:
    """Decide every pair of an obvious group as one person, or none of them: each pair is
    decided as on its own page, with the same checks, and any refusal undoes them all."""
    access.require(actor, "linkage.review")
    pairs = list(
        MatchPair.objects.filter(pk__in=set(pair_pks))
        .select_related("left", "right")
        .order_by("-match_probability", "id")
    )
    if len(pairs) < 2 or len(pairs) != len(set(pair_pks)):
        raise MergeRefused(GROUP_CHANGED)
    if any(p.status != PairStatus.PENDING or p.reason != UNCERTAIN for p in pairs):
        raise MergeRefused(GROUP_CHANGED)
    note = note or "Same person (one decision for the group)"
    for pair in pairs:
        pair_decide(actor=actor, pair=pair, decision=PairStatus.ACCEPTED, note=note)
    return pairs


@transaction.atomic
def pair_reopen(*, actor: User, pair: MatchPair, note: str = "") -> MatchPair:
    """Send a decided pair back to the queue; a merge it caused is undone."""
    access.require(actor, "linkage.review")
    pair = (
        MatchPair.objects.select_for_update(of=("self",))
        .select_related("left__person", "right__person")
        .get(pk=pair.pk)
    )
    if not may_decide(actor, pair):
        raise access.AccessDenied(
            DECIDE_REFUSED, record=("linkage.matchpair", pair.pk), purpose=PURPOSE
        )
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
    # Views given before were about the decision now undone; the owners give them afresh.
    AgencyView.objects.filter(pair=pair).delete()
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
