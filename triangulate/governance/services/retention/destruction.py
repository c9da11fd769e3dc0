"""What is due, and destruction: a dry run of what the schedule would destroy today, and the
destruction itself with a tombstone per record in the audit log (references only, ADR 0023).
Holds are checked in the database inside the transaction that destroys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from triangulate.core.audit import audit, subject_of
from triangulate.core.models import AuditAction, PersonalData, User

from ...models import RetentionRule
from . import clocks
from .clocks import due_filter, model_for, person_path, type_name
from .holds import live_holds

SYSTEM_ACTOR = "retention schedule"


@dataclass
class TypeReport:
    rule: RetentionRule
    name: str
    due: list[int] = field(default_factory=list)
    held: list[tuple[int, str]] = field(default_factory=list)
    destroyed: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _hold_reasons(model, ids: list[int]) -> dict[int, str]:
    """Why each held record is held (the first live hold found for it)."""
    reasons: dict[int, str] = {}
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    for hold in live_holds().filter(content_type=content_type, object_id__in=ids):
        reasons.setdefault(hold.object_id, f"legal hold {hold.pk}: {hold.reason}")
    path = person_path(model)
    if path is not None:
        people = dict(
            model._default_manager.filter(pk__in=ids).values_list(
                "pk", f"{path}pk" if path else "pk"
            )
        )
        for hold in live_holds().filter(person_id__in=set(people.values())):
            for pk, person_id in people.items():
                if person_id == hold.person_id:
                    reasons.setdefault(pk, f"legal hold {hold.pk} on the child: {hold.reason}")
    return reasons


def _type_report(
    rule: RetentionRule, today: dt.date, agency=None
) -> tuple[TypeReport, models.QuerySet]:
    report = TypeReport(rule=rule, name=type_name(rule.record_type))
    model = model_for(rule.record_type)
    condition = due_filter(rule, today)
    if model is None or condition is None:
        return report, None
    past = model._default_manager.filter(condition)
    if agency is not None:
        past = past.filter(owning_agency=agency)
    held_filter = clocks.held_filter(model)
    due = past.exclude(held_filter).order_by("pk")
    held_ids = list(past.filter(held_filter).order_by("pk").values_list("pk", flat=True))
    reasons = _hold_reasons(model, held_ids)
    report.held = [(pk, reasons.get(pk, "legal hold")) for pk in held_ids]
    return report, due


def dry_run(today: dt.date | None = None, agency=None) -> list[TypeReport]:
    """What destruction would do today, touching nothing: per active rule, the records past
    their period, and those held back and why (only ``agency``'s records when given: what its
    lead may destroy)."""
    today = today or timezone.localdate()
    reports = []
    for rule in RetentionRule.objects.filter(active=True):
        report, due = _type_report(rule, today, agency)
        if due is not None:
            report.due = list(due.values_list("pk", flat=True))
        reports.append(report)
    return reports


def _dependants(row) -> tuple[str, list[tuple[type, list]]]:
    """Why ``row`` cannot be destroyed ("" when it can), and the personal records that would
    go with it (a case's events): records that depend on it and are protected, or a record
    going with it that a legal hold covers, stop it."""
    collector = Collector(using=router.db_for_write(type(row)))
    try:
        collector.collect([row])
    except (ProtectedError, RestrictedError) as refused:
        kinds = sorted({str(o._meta.verbose_name) for o in refused.args[1]})
        return "other records depend on it: " + ", ".join(kinds), []
    swept: dict[type, set] = {}
    for model, rows in collector.data.items():
        if issubclass(model, PersonalData):
            swept.setdefault(model, set()).update(r.pk for r in rows if r is not row)
    for qs in collector.fast_deletes:
        if isinstance(qs, models.QuerySet) and issubclass(qs.model, PersonalData):
            swept.setdefault(qs.model, set()).update(qs.values_list("pk", flat=True))
    going = [(model, sorted(pks)) for model, pks in swept.items() if pks]
    for model, pks in going:
        if model._default_manager.filter(pk__in=pks).filter(clocks.held_filter(model)).exists():
            return f"a {model._meta.verbose_name} that would go with it is on legal hold", []
    return "", going


def destroy(actor=None, today: dt.date | None = None, agency=None) -> list[TypeReport]:
    """Destroy every record past its period under an active rule and not held, one
    transaction per record type, with one tombstone per record in the audit log. A record
    others depend on is skipped with the reason, never half-destroyed. Given ``agency`` (a
    lead destroying from the page), only that agency's records, and none whose destruction
    would take another agency's records with it; the operator's command destroys for all."""
    today = today or timezone.localdate()
    reports = []
    for rule in RetentionRule.objects.filter(active=True):
        with transaction.atomic():
            report, due = _type_report(rule, today, agency)
            if due is not None:
                _destroy_due(actor or SYSTEM_ACTOR, rule, due, report, agency)
        reports.append(report)
    return reports


def _destroy_due(
    actor, rule: RetentionRule, due: models.QuerySet, report: TypeReport, agency=None
) -> None:
    model = due.model
    for row in list(due):
        pk = row.pk
        # Asked again just before the record goes: a hold placed since the list was read.
        if model._default_manager.filter(pk=pk).filter(clocks.held_filter(model)).exists():
            report.held.append((pk, "legal hold placed during destruction"))
            continue
        report.due.append(pk)
        reason, going = _dependants(row)
        if (
            not reason
            and agency is not None
            and any(
                model._default_manager.filter(pk__in=pks).exclude(owning_agency=agency).exists()
                for model, pks in going
            )
        ):
            reason = "records another agency holds would go with it"
        if reason:
            report.skipped.append((row.pk, reason))
            continue
        refs = [(row._meta.label_lower, str(row.pk), subject_of(row))]
        for model, pks in going:
            label = model._meta.label_lower
            refs += [(label, str(one), subject_of((label, one))) for one in pks]
        try:
            with transaction.atomic():
                row.delete()
        except (ProtectedError, RestrictedError, IntegrityError):
            report.skipped.append((pk, "other records depend on it"))
            continue
        for label, ref_id, subject in refs:
            _tombstone(actor, rule, (label, ref_id), subject, with_record=refs[0][:2])
        report.destroyed.append(pk)


def _tombstone(actor, rule: RetentionRule, ref, subject, *, with_record) -> None:
    """The audit entry that says a record existed and was destroyed, and under what: its type
    and number, the rule and its version, the legal basis; never what the record said."""
    detail = {
        "tombstone": True, "record_type": ref[0], "rule": rule.pk, "rule_version": rule.version,
        "rule_record_type": rule.record_type, "clock": rule.clock,
        "period": {"years": rule.period_years, "months": rule.period_months},
        "legal_basis": rule.legal_basis,
    }  # fmt: skip
    if tuple(ref) != tuple(with_record):
        detail["went_with"] = list(with_record)
    audit(
        actor, AuditAction.DELETE, ref, "destroyed under the retention schedule",
        detail=detail, subject=subject if subject is not None else ("", ""),
    )  # fmt: skip


def audit_report_seen(actor: User, reports: list[TypeReport]) -> None:
    """One entry for opening the dry run: how many records of each type it listed."""
    audit(
        actor, AuditAction.VIEW, None, "see what the retention schedule would destroy today",
        detail={"due": {r.rule.record_type: len(r.due) for r in reports},
                "held": {r.rule.record_type: len(r.held) for r in reports}},
    )  # fmt: skip
