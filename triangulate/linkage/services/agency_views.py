"""The views of the two agencies holding a pair's records, when neither may decide it alone:
each gives its view, and when the views agree the system decides the pair."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User

from ..models import AgencyView, MatchPair, PairStatus, ReviewDecision
from . import policy
from .decisions import PURPOSE, apply_decision
from .merges import MergeRefused

VIEW_REFUSED = "You cannot give a view on this pair: only the agencies that hold its two records do"


def may_give_view(actor: User, pair: MatchPair) -> bool:
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
    if not may_give_view(actor, pair):
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
        apply_decision(
            None,
            pair,
            view,
            "Same person (joint decision of the agencies holding the records)"
            if view == PairStatus.ACCEPTED
            else "",
            detail={"joint": [first.recorded_by_id, second.recorded_by_id]},
        )
    return pair
