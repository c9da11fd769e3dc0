"""The clerical review queue: uncertain pairs, those most likely one person first, and one
pair opened for its reviewer."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, FloatField, Q, Value, When
from django.http import Http404

from triangulate.core import access
from triangulate.core.audit import audit, audit_shown
from triangulate.core.models import AuditAction, User

from ..engine.clustering import ONE_PERSON_SHARE
from ..models import LinkageRun, MatchPair, PairStatus, RunStatus
from . import agency_views, decisions, policy
from .decisions import PURPOSE
from .run_results import run_that_replaced_pair


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
    may_decide = decisions.may_decide(actor, pair)
    return OpenedPair(
        pair=pair,
        left_shown=pair.left_id in shown,
        right_shown=pair.right_id in shown,
        may_decide=may_decide,
        may_give_view=not may_decide and agency_views.may_give_view(actor, pair),
    )
