"""The clerical review queue: uncertain pairs, decisions with notes, re-opening."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import Http404

from triangulate.core import access
from triangulate.core.audit import audit, audit_shown
from triangulate.core.models import AuditAction, User

from ..models import (
    LinkageRun,
    MatchPair,
    MergeAction,
    MergeEvent,
    PairStatus,
    ReviewDecision,
    SourceRecord,
)
from . import policy
from .merges import MergeRefused, merge_people, person_unmerge
from .runs import run_that_replaced_pair

PURPOSE = "clerical review of a possible match"


@dataclass(frozen=True)
class Queue:
    """The pairs this reviewer may see, and how many more wait for someone who may."""

    pairs: list[MatchPair]
    withheld: int


def review_queue(*, actor: User, status: str = PairStatus.PENDING, limit: int = 100) -> Queue:
    """Pairs with this status whose two records the reviewer may both see, most likely
    matches first; the others are only counted. The listing is audited."""
    access.require(actor, "linkage.review")
    visible = policy.visible_records(actor).values("pk")
    pairs_with_status = MatchPair.objects.filter(status=status)
    shown = pairs_with_status.filter(left__in=visible, right__in=visible)
    pairs = list(
        shown.select_related(
            "left", "right", "left__owning_agency", "right__owning_agency"
        ).order_by("-match_probability", "id")[:limit]
    )
    # One entry for the page, naming every record shown and the child each concerns.
    audit_shown(
        actor,
        [record for pair in pairs for record in (pair.left, pair.right)],
        "open the match review queue",
        status=status,
        pairs=[p.pk for p in pairs],
    )
    return Queue(pairs=pairs, withheld=pairs_with_status.count() - shown.count())


class PairReplaced(Http404):
    """The pair was waiting for review when a later run replaced it; ``run`` is that run."""

    def __init__(self, run: LinkageRun):
        super().__init__(f"Linkage run {run.pk} replaced this pair")
        self.run = run


@dataclass(frozen=True)
class OpenedPair:
    """A pair as its reviewer may see it: a record they may not see is named only by the
    agency that holds it; deciding needs the right to see and change both records."""

    pair: MatchPair
    left_shown: bool
    right_shown: bool
    may_decide: bool

    @property
    def both_shown(self) -> bool:
        return self.left_shown and self.right_shown


def pair_open(*, actor: User, pk: int) -> OpenedPair:
    """One pair, the records the reviewer may see shown side by side: each view is audited.

    A pair neither of whose records the reviewer may see is refused (and the refusal audited).
    """
    access.require(actor, "linkage.review")
    pair = (
        MatchPair.objects.select_related(
            "left",
            "right",
            "left__owning_agency",
            "right__owning_agency",
            "left__person",
            "right__person",
        )
        .filter(pk=pk)
        .first()
    )
    if pair is None:
        replaced_by = run_that_replaced_pair(pk)
        if replaced_by is not None:
            raise PairReplaced(replaced_by)
        raise Http404
    ids = (pair.left_id, pair.right_id)
    shown = set(policy.visible_records(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if not shown:
        # The 403 page writes the one audit entry for the refusal.
        raise access.AccessDenied(
            "You do not have access to these records.",
            record=("linkage.matchpair", pair.pk),
            purpose=PURPOSE,
        )
    for record in (pair.left, pair.right):
        if record.pk in shown:
            audit(actor, AuditAction.VIEW, record, PURPOSE, detail={"pair": pair.pk})
    return OpenedPair(
        pair=pair,
        left_shown=pair.left_id in shown,
        right_shown=pair.right_id in shown,
        may_decide=_may_decide(actor, pair),
    )


def _may_decide(actor: User, pair: MatchPair) -> bool:
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
    if not _may_decide(actor, pair):
        raise access.AccessDenied(
            DECIDE_REFUSED, record=("linkage.matchpair", pair.pk), purpose=PURPOSE
        )
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
    pair = (
        MatchPair.objects.select_for_update(of=("self",))
        .select_related("left__person", "right__person")
        .get(pk=pair.pk)
    )
    if not _may_decide(actor, pair):
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
