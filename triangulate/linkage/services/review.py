"""The clerical review queue: uncertain pairs, decisions with notes, re-opening."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, F, FloatField, Q, Value, When
from django.http import Http404
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit, audit_shown
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User

from ..engine.clustering import ONE_PERSON_SHARE
from ..models import (
    AgencyView,
    LinkageRun,
    MatchPair,
    MergeAction,
    MergeEvent,
    PairStatus,
    ReviewDecision,
    RunStatus,
    SourceRecord,
)
from . import policy
from .merges import MergeRefused, merge_people, person_unmerge
from .runs import run_that_replaced_pair

PURPOSE = "clerical review of a possible match"


@dataclass(frozen=True)
class Queue:
    """The pairs this reviewer may see; the pairs spanning agencies that need their agency's
    view (of which they see only their own record); and how many more wait for others."""

    pairs: list[MatchPair]
    withheld: int
    needs_view: list[MatchPair] = ()
    latest_run: LinkageRun | None = None  # the last finished run, for the review load


def _needs_view(actor: User, pairs, visible):
    """Pairs whose one record is the actor's agency's own and visible to it, the other held
    by another agency and not visible: the record owners decide these jointly."""
    agency = actor.agency_id
    mine_left = (
        Q(left__owning_agency_id=agency, left__in=visible)
        & ~Q(right__in=visible)
        & ~Q(right__owning_agency_id=agency)
    )
    mine_right = (
        Q(right__owning_agency_id=agency, right__in=visible)
        & ~Q(left__in=visible)
        & ~Q(left__owning_agency_id=agency)
    )
    return pairs.filter(mine_left | mine_right)


# The chance a decision joins a person: for a link the family guard held back, how often
# such links were one person in the tuning sets; for an uncertain pair, its probability.
EXPECTED_BENEFIT = Case(
    *(When(reason=reason, then=Value(share)) for reason, share in ONE_PERSON_SHARE.items()),
    default=F("match_probability"),
    output_field=FloatField(),
)


def review_queue(*, actor: User, status: str = PairStatus.PENDING, limit: int = 100) -> Queue:
    """Pairs with this status whose two records the reviewer may both see, those most
    likely to be one person first; then the pairs that need their agency's view, of which only their own
    record is shown; the others are only counted. The listing is audited."""
    access.require(actor, "linkage.review")
    visible = policy.visible_records(actor).values("pk")
    pairs_with_status = MatchPair.objects.filter(status=status)
    shown = pairs_with_status.filter(left__in=visible, right__in=visible)
    related = ("left", "right", "left__owning_agency", "right__owning_agency")
    pairs = list(
        shown.select_related(*related)
        .annotate(benefit=EXPECTED_BENEFIT)
        .order_by("-benefit", "-match_probability", "id")[:limit]
    )
    to_owners = _needs_view(actor, pairs_with_status, visible)
    needs_view = list(
        to_owners.select_related(*related)
        .prefetch_related("agency_views")
        .order_by("-match_probability", "id")[:limit]
    )
    own_sides = [
        pair.left if pair.left.owning_agency_id == actor.agency_id else pair.right
        for pair in needs_view
    ]
    # One entry for the page, naming every record shown and the child each concerns.
    audit_shown(
        actor,
        [record for pair in pairs for record in (pair.left, pair.right)] + own_sides,
        "open the match review queue",
        status=status,
        pairs=[p.pk for p in pairs],
        needs_view=[p.pk for p in needs_view],
    )
    finished = LinkageRun.objects.filter(status=RunStatus.FINISHED).defer("model")
    return Queue(
        pairs=pairs,
        withheld=pairs_with_status.count() - shown.count() - to_owners.count(),
        needs_view=needs_view,
        latest_run=finished.order_by("-id").first(),
    )


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
    # The pair spans agencies, the reviewer's agency holds one record and may not decide
    # alone: it gives its view, and the two owners' views decide the pair together.
    may_give_view: bool = False

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
    may_decide = _may_decide(actor, pair)
    return OpenedPair(
        pair=pair,
        left_shown=pair.left_id in shown,
        right_shown=pair.right_id in shown,
        may_decide=may_decide,
        may_give_view=not may_decide and _may_give_view(actor, pair),
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
    _apply_decision(actor, pair, decision, note, detail={})
    return pair


def _apply_decision(actor: User | None, pair: MatchPair, decision: str, note: str, detail: dict):
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


VIEW_REFUSED = "You cannot give a view on this pair: only the agencies that hold its two records do"


def _may_give_view(actor: User, pair: MatchPair) -> bool:
    """The pair's records are held by two agencies, one of them the actor's, and the actor
    may see and change their agency's record."""
    owners = {pair.left.owning_agency_id, pair.right.owning_agency_id}
    if len(owners) != 2 or actor.agency_id not in owners:
        return False
    own = [r.pk for r in (pair.left, pair.right) if r.owning_agency_id == actor.agency_id]
    return policy.changeable_records(actor).filter(pk__in=own).exists()


def require_view_right(*, actor: User, pair: MatchPair) -> None:
    """Refuse (403, audited by the refusal page) a view from an agency holding neither
    record of a pair spanning two agencies."""
    if not _may_give_view(actor, pair):
        raise access.AccessDenied(
            VIEW_REFUSED, record=("linkage.matchpair", pair.pk), purpose=PURPOSE
        )


@dataclass(frozen=True)
class Views:
    """The owning agencies' views on a pair as one agency may know them: its own view in
    full; of the other agency's, only what it is (never its note)."""

    own: AgencyView | None
    other_agency: str
    other_view: str  # "" when the other agency has not given one

    @property
    def disagree(self) -> bool:
        return bool(self.own and self.other_view and self.other_view != self.own.view)


def pair_views(*, actor: User, pair: MatchPair) -> Views:
    """What the actor's agency may know of the owners' views on this pair."""
    views = {v.agency_id: v for v in pair.agency_views.select_related("recorded_by")}
    other = pair.right if pair.left.owning_agency_id == actor.agency_id else pair.left
    theirs = views.get(other.owning_agency_id)
    return Views(
        own=views.get(actor.agency_id),
        other_agency=other.owning_agency.name,
        other_view=theirs.view if theirs else "",
    )


@transaction.atomic
def pair_give_view(
    *, actor: User, pair: MatchPair, view: str, note: str, expected_version: int
) -> MatchPair:
    """Record the actor's agency's view on a pair spanning two agencies. When both owning
    agencies' views agree on "same person" or "different people", the system decides the
    pair exactly as a reviewer who could see both would, naming both reviewers; otherwise it
    stays waiting. A view on a page opened before another view was recorded is refused."""
    access.require(actor, "linkage.review")
    if view not in (PairStatus.ACCEPTED, PairStatus.REJECTED, PairStatus.NOT_SURE):
        raise ValueError(f"Unknown view {view!r}")
    pair = (
        MatchPair.objects.select_for_update(of=("self",))
        .select_related(
            "left__person", "right__person", "left__owning_agency", "right__owning_agency"
        )
        .get(pk=pair.pk)
    )
    require_view_right(actor=actor, pair=pair)
    if pair.status in (PairStatus.ACCEPTED, PairStatus.REJECTED):
        raise MergeRefused("This pair has already been decided")
    bump(pair, expected_version, where={"status__in": [PairStatus.PENDING, PairStatus.NOT_SURE]})
    AgencyView.objects.update_or_create(
        pair=pair,
        agency_id=actor.agency_id,
        defaults={"view": view, "note": note, "recorded_by": actor, "recorded_at": timezone.now()},
    )
    audit(
        actor,
        AuditAction.CHANGE,
        ("linkage.matchpair", pair.pk),
        PURPOSE,
        detail={"agency_view": view, "note": note, "agency": actor.agency_id},
    )
    views = list(
        pair.agency_views.select_related("recorded_by", "agency").order_by("recorded_at", "pk")
    )
    agreed = {v.view for v in views}
    if len(views) == 2 and len(agreed) == 1 and view in (PairStatus.ACCEPTED, PairStatus.REJECTED):
        first, second = views
        notes = " / ".join(f"{v.agency.name}: {v.note}" for v in views if v.note)
        ReviewDecision.objects.create(
            pair=pair,
            decision=view,
            note=f"Joint decision of the agencies holding the records. {notes}".strip(),
            decided_by=second.recorded_by,
            agreed_with=first.recorded_by,
        )
        _apply_decision(
            None,
            pair,
            view,
            "Same person (joint decision of the agencies holding the records)"
            if view == PairStatus.ACCEPTED
            else "",
            detail={"joint": [first.recorded_by_id, second.recorded_by_id]},
        )
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
