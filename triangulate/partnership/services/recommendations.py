"""The recommendations register: sources, recommendations, links to actions, overlaps, import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from triangulate.core import access, exports
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User

from ..models import (
    Action,
    Recommendation,
    RecommendationCrossReference,
    RecommendationLink,
    Source,
)
from ..models.recommendations import (
    RecommendationStatus,
    Timescale,
    number_key,
    number_problem,
)
from . import PartnershipError, overlap_words
from .imports import (  # noqa: F401 - the register's public interface
    IMPORT_COLUMNS,
    ImportRefused,
    parse_import,
    recommendations_import,
)


@transaction.atomic
def source_create(*, actor: User, **fields) -> Source:
    """Add a review, inspection, audit or scrutiny report to the register."""
    access.require(actor, "partnership.manage")
    source = Source.objects.create(**fields)
    audit(actor, AuditAction.CREATE, source, "add a source of recommendations")
    return source


def _check_band(timescale: str, due_on: dt.date | None) -> None:
    if timescale == Timescale.DATE and due_on is None:
        raise PartnershipError("Enter the date the recommendation is due")


@transaction.atomic
def recommendation_create(*, actor: User, source: Source, **fields) -> Recommendation:
    access.require(actor, "partnership.manage")
    problem = number_problem(str(fields.get("number", "")))
    if problem:
        raise PartnershipError(problem[0].upper() + problem[1:])
    _check_band(fields.get("timescale", ""), fields.get("due_on"))
    if Recommendation.objects.filter(source=source, number=fields["number"]).exists():
        raise PartnershipError(f"{source.title} already has a recommendation {fields['number']}")
    recommendation = Recommendation.objects.create(source=source, **fields)
    audit(actor, AuditAction.CREATE, recommendation, "add a recommendation")
    return recommendation


def check_done(*, recommendation: Recommendation, evidence: str) -> None:
    """Refuse to call a recommendation done without evidence and a delivered plan action."""
    if not (evidence or "").strip():
        raise PartnershipError("Enter the evidence that the recommendation is done")
    actions = list(
        Action.objects.filter(recommendationlink__recommendation=recommendation).order_by(
            "number", "id"
        )
    )
    if not actions:
        raise PartnershipError(
            "Link the plan action that delivered this recommendation before marking it done"
        )
    if not any(a.signed_off_at for a in actions):
        numbers = ", ".join(a.number for a in actions)
        raise PartnershipError(
            f"The linked plan actions ({numbers}) are not yet signed off as complete: "
            "a recommendation is done when an action that delivers it is complete"
        )


@transaction.atomic
def recommendation_update(
    *, actor: User, recommendation: Recommendation, expected_version: int, **fields
) -> None:
    """Change status, evidence or report-back date, refusing a stale edit.

    Done means delivered: it needs evidence, and a linked plan action signed off as complete.
    """
    access.require(actor, "partnership.manage")
    if fields.get("status") == RecommendationStatus.DONE:
        check_done(recommendation=recommendation, evidence=fields.get("evidence", ""))
    bump(recommendation, expected_version, **fields)
    audit(
        actor,
        AuditAction.CHANGE,
        recommendation,
        "update a recommendation",
        detail={"fields": sorted(fields)},
    )


@transaction.atomic
def links_set(*, actor: User, recommendation: Recommendation, actions, note: str = "") -> None:
    """Link a recommendation to the plan actions that deliver it (adds and removes links)."""
    access.require(actor, "partnership.manage")
    wanted = {a.pk for a in actions}
    current = set(
        RecommendationLink.objects.filter(recommendation=recommendation).values_list(
            "action_id", flat=True
        )
    )
    RecommendationLink.objects.filter(
        recommendation=recommendation, action_id__in=current - wanted
    ).delete()
    for action_id in sorted(wanted - current):
        RecommendationLink.objects.create(
            recommendation=recommendation, action_id=action_id, note=note, linked_by=actor
        )
    audit(
        actor,
        AuditAction.CHANGE,
        recommendation,
        "link a recommendation to plan actions",
        detail={"added": sorted(wanted - current), "removed": sorted(current - wanted)},
    )


@dataclass(frozen=True)
class SourceProgress:
    source: Source
    total: int
    done: int
    overdue: int


def register_progress(today: dt.date) -> list[SourceProgress]:
    """For each source, newest first: how many of its recommendations are done (or merged)
    and how many are overdue."""
    rows = []
    for source in Source.objects.order_by("-published_on", "id").prefetch_related(
        "recommendations"
    ):
        recs = list(source.recommendations.all())
        for rec in recs:
            rec.source = source
        rows.append(
            SourceProgress(
                source,
                len(recs),
                sum(1 for r in recs if r.is_finished),
                sum(1 for r in recs if r.is_overdue(today)),
            )
        )
    return rows


def overdue(today: dt.date) -> list[Recommendation]:
    """Every recommendation past its due date and not done, oldest due first."""
    recs = (
        Recommendation.objects.exclude(
            status__in=[RecommendationStatus.DONE, RecommendationStatus.MERGED]
        )
        .select_related("source")
        .order_by("source__published_on", "id")
    )
    return sorted((r for r in recs if r.is_overdue(today)), key=lambda r: (r.due_by(), r.pk))


@dataclass(frozen=True)
class Overlap:
    first: Recommendation
    second: Recommendation
    score: int


# Chosen on the tuning half of paraphrased pairs by different authors (bench
# recommendation_overlaps; docs/benchmarks.md). On the held-out half the concepts at 76 find
# 8 of 22 duplicates with 23 pairs flagged; the wording alone at 64 found 6 with 22.
OVERLAP_THRESHOLD = 76


def overlaps(*, threshold: int = OVERLAP_THRESHOLD, limit: int = 50) -> list[Overlap]:
    """Pairs of recommendations from different sources that ask for the same things.

    Each recommendation is reduced to its concepts (`overlap_words`: stems, one word for
    words naming the same thing, boilerplate dropped) and pairs are scored by token-set
    similarity, which ignores word order and repeats, so "develop a multi-agency training
    strategy" and "produce a partnership training plan" score 100. Pairs already
    cross-referenced or merged are left out.
    """
    recs = list(
        Recommendation.objects.select_related("source").order_by("source_id", "number", "id")
    )
    decided = {
        frozenset(pair)
        for pair in RecommendationCrossReference.objects.values_list("first_id", "second_id")
    }
    words = {rec.pk: overlap_words.wording(rec.text) for rec in recs}
    found = []
    for i, first in enumerate(recs):
        for second in recs[i + 1 :]:
            if first.source_id == second.source_id or frozenset((first.pk, second.pk)) in decided:
                continue
            score = overlap_words.score(words[first.pk], words[second.pk])
            if score >= threshold:
                found.append(Overlap(first, second, score))
    found.sort(key=lambda o: (-o.score, o.first.pk, o.second.pk))
    return found[:limit]


@transaction.atomic
def cross_reference(*, actor: User, first: Recommendation, second: Recommendation, kind: str):
    """Record that two recommendations overlap; a merge closes the second into the first."""
    access.require(actor, "partnership.manage")
    ref = RecommendationCrossReference.objects.create(
        first=first, second=second, kind=kind, decided_by=actor
    )
    if kind == RecommendationCrossReference.Kind.MERGED:
        Recommendation.objects.filter(pk=second.pk).update(status=RecommendationStatus.MERGED)
    audit(actor, AuditAction.CREATE, ref, "cross-reference recommendations", detail={"kind": kind})
    return ref


def of_source(source: Source) -> list[Recommendation]:
    """A source's recommendations in their numbers' order, each with its ``plan_actions``."""
    found = sorted(
        source.recommendations.prefetch_related("actions").order_by("id"),
        key=lambda r: (number_key(r.number), r.pk),
    )
    for recommendation in found:
        recommendation.plan_actions = list(recommendation.actions.all())
    return found


def linked_action_ids(recommendation: Recommendation) -> list[int]:
    return list(recommendation.actions.values_list("pk", flat=True))


def plan_actions_for_linking():
    return Action.objects.select_related("objective__priority__plan").order_by(
        "-objective__priority__plan__starts_on",
        "objective__priority__number",
        "objective__number",
        "number",
        "id",
    )


def register_xlsx() -> bytes:
    """The whole register as a workbook: one row per recommendation, with linked actions."""
    recs = (
        Recommendation.objects.select_related("source")
        .prefetch_related("actions")
        .order_by("source__published_on", "source_id", "number", "id")
    )
    return exports.xlsx_bytes(
        sheet_title="Recommendations",
        header=[
            "Source",
            "Type",
            "Published",
            "Number",
            "Recommendation",
            "Addressee",
            "Timescale",
            "Due",
            "Status",
            "Evidence",
            "Report back by",
            "Plan actions",
        ],
        rows=(
            [
                rec.source.title,
                rec.source.get_kind_display(),
                rec.source.published_on,
                rec.number,
                rec.text,
                rec.addressee,
                rec.get_timescale_display(),
                rec.due_on,
                rec.get_status_display(),
                rec.evidence,
                rec.report_back_on,
                ", ".join(a.number for a in rec.actions.all()),
            ]
            for rec in recs
        ),
    )
