"""The recommendations register: sources, recommendations, links to actions, overlaps, import."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.db import transaction
from rapidfuzz import fuzz

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import (
    Action,
    Recommendation,
    RecommendationCrossReference,
    RecommendationLink,
    Source,
)
from ..models.recommendations import RecommendationStatus, Timescale
from . import PartnershipError, StaleEdit


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
    _check_band(fields.get("timescale", ""), fields.get("due_on"))
    if Recommendation.objects.filter(source=source, number=fields["number"]).exists():
        raise PartnershipError(f"{source.title} already has a recommendation {fields['number']}")
    recommendation = Recommendation.objects.create(source=source, **fields)
    audit(actor, AuditAction.CREATE, recommendation, "add a recommendation")
    return recommendation


@transaction.atomic
def recommendation_update(
    *, actor: User, recommendation: Recommendation, expected_version: int, **fields
) -> None:
    """Change status, evidence or report-back date, refusing a stale edit."""
    access.require(actor, "partnership.manage")
    updated = Recommendation.objects.filter(pk=recommendation.pk, version=expected_version).update(
        version=expected_version + 1, **fields
    )
    if not updated:
        raise StaleEdit
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
class Overlap:
    first: Recommendation
    second: Recommendation
    score: int


def overlaps(*, threshold: int = 70, limit: int = 50) -> list[Overlap]:
    """Pairs of recommendations from different sources whose wording overlaps.

    Uses token-set similarity, which ignores word order and repeated words, so "a shared
    definition of exploitation" and "agree one definition of exploitation across agencies"
    score high. Pairs already cross-referenced or merged are left out.
    """
    recs = list(
        Recommendation.objects.select_related("source").order_by("source_id", "number", "id")
    )
    decided = {
        frozenset(pair)
        for pair in RecommendationCrossReference.objects.values_list("first_id", "second_id")
    }
    found = []
    for i, first in enumerate(recs):
        for second in recs[i + 1 :]:
            if first.source_id == second.source_id or frozenset((first.pk, second.pk)) in decided:
                continue
            score = int(fuzz.token_set_ratio(first.text.lower(), second.text.lower()))
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


IMPORT_COLUMNS = ["number", "recommendation", "addressee", "timescale", "due date"]
TIMESCALE_WORDS = {
    "immediately": Timescale.IMMEDIATELY,
    "3 months": Timescale.THREE_MONTHS,
    "6 months": Timescale.SIX_MONTHS,
    "date": Timescale.DATE,
}


class ImportRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _rows(filename: str, content: bytes) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:
            raise ImportRefused(["The file is not a readable XLSX workbook"]) from error
        return [
            [
                ""
                if c is None
                else (c.strftime("%d/%m/%Y") if isinstance(c, dt.datetime | dt.date) else str(c))
                for c in row
            ]
            for row in sheet.iter_rows(values_only=True)
        ]
    if filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRefused(["The file must be saved as UTF-8 CSV"]) from error
        return list(csv.reader(io.StringIO(text)))
    raise ImportRefused(["The file must be a CSV or XLSX file"])


def _parse_date(value: str) -> dt.date:
    return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()


def parse_import(filename: str, content: bytes, source: Source) -> list[dict]:
    """Check every row; raise ImportRefused naming each bad row so nothing is half-imported."""
    rows = _rows(filename, content)
    if not rows or [h.strip().lower() for h in rows[0][: len(IMPORT_COLUMNS)]] != IMPORT_COLUMNS:
        raise ImportRefused([f"The first row must be the headings: {', '.join(IMPORT_COLUMNS)}"])
    existing = set(source.recommendations.values_list("number", flat=True))
    seen: set[int] = set()
    parsed, problems = [], []
    for line, row in enumerate(rows[1:], start=2):
        row = [c.strip() for c in row] + [""] * len(IMPORT_COLUMNS)
        if not any(row):
            continue
        number, text, addressee, timescale, due = row[:5]
        errors = []
        if not number.isdigit():
            errors.append("number must be a whole number")
        elif int(number) in existing or int(number) in seen:
            errors.append(f"recommendation {number} already exists")
        if not text:
            errors.append("recommendation text is missing")
        if not addressee:
            errors.append("addressee is missing")
        band = TIMESCALE_WORDS.get(timescale.lower())
        if band is None:
            errors.append("timescale must be immediately, 3 months, 6 months or date")
        due_on = None
        if due:
            try:
                due_on = _parse_date(due)
            except ValueError:
                errors.append("due date must be a real date like 31/03/2026")
        elif band == Timescale.DATE:
            errors.append("due date is missing for a dated timescale")
        if errors:
            problems.append(f"Row {line}: {'; '.join(errors)}")
            continue
        seen.add(int(number))
        parsed.append(
            {
                "number": int(number),
                "text": text,
                "addressee": addressee,
                "timescale": band,
                "due_on": due_on,
            }
        )
    if problems:
        raise ImportRefused(problems)
    if not parsed:
        raise ImportRefused(["The file has no recommendations in it"])
    return parsed


@transaction.atomic
def recommendations_import(*, actor: User, source: Source, filename: str, content: bytes) -> int:
    """Import a whole file of recommendations or none of it."""
    access.require(actor, "partnership.manage")
    rows = parse_import(filename, content, source)
    Recommendation.objects.bulk_create([Recommendation(source=source, **row) for row in rows])
    audit(actor, AuditAction.CREATE, source, "import recommendations", detail={"rows": len(rows)})
    return len(rows)


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
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Recommendations"
    sheet.append(
        [
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
        ]
    )
    recs = (
        Recommendation.objects.select_related("source")
        .prefetch_related("actions")
        .order_by("source__published_on", "source_id", "number", "id")
    )
    for rec in recs:
        sheet.append(
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
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
