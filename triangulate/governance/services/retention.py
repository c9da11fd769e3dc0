"""The retention schedule: one rule per type of personal record (how long it is kept, what the
time runs from, the legal basis), legal holds that stop destruction, a dry run of what would
be destroyed today, and the destruction itself with a tombstone per record in the audit log.

The schedule is the partnership's: it runs over every agency's records. What it reports and
what the tombstones say are references (record type and number), never a record's contents
(ADR 0023). Holds are checked in the database inside the transaction that destroys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from triangulate.core.audit import audit, subject_of
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, PersonalData, User
from triangulate.core.refusals import Refused
from triangulate.register.models import Person, PersonKind

from ..models import LegalHold, RetentionClock, RetentionRule

RULE = "governance.retention"
SYSTEM_ACTOR = "retention schedule"
ADULTHOOD_CLOCK_AGE = 25

# What "when the record was made" and "when it was closed" mean for each type: the first of
# these fields the record has.
MADE_FIELDS = (
    "created_at", "recorded_at", "received_at", "submitted_at", "opened_at", "uploaded_at",
    "imported_at", "written_at", "started_at", "occurred_at", "requested_at", "decided_at",
    "amended_at", "corrected_at", "changed_at", "set_at", "identified_on", "referred_on",
    "held_at", "held_on", "assessed_on", "added_at", "tasked_at", "delivered_on", "from_date",
    "from_on", "started_on", "computed_at", "on",
)  # fmt: skip
CLOSED_FIELDS = ("closed_at", "closed_on", "ended_at", "ended_on")


class Invalid(Refused):
    """A rule or hold that cannot be saved, with the field at fault."""

    def __init__(self, field_name: str, message: str):
        super().__init__({field_name: message})


def record_types() -> list[tuple[str, str]]:
    """Every type of personal record, as (label, name), by name."""
    found = [
        (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
        for model in apps.get_models()
        if issubclass(model, PersonalData)
    ]
    return sorted(found, key=lambda pair: pair[1])


def model_for(record_type: str) -> type[models.Model] | None:
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        return None
    return model if issubclass(model, PersonalData) else None


def type_name(record_type: str) -> str:
    model = model_for(record_type)
    return str(model._meta.verbose_name).capitalize() if model else record_type


def _first_field(model, names) -> models.Field | None:
    own = {f.name: f for f in model._meta.concrete_fields}
    return next((own[name] for name in names if name in own), None)


def _person_path(model) -> str | None:
    """The lookup from a record to the child it is about ("" for a register entry itself)."""
    if model is Person:
        return ""
    own = {f.name: f for f in model._meta.concrete_fields}
    if "person" in own and own["person"].is_relation and own["person"].related_model is Person:
        return "person__"
    for parent in model._meta.concrete_fields:
        if parent.is_relation and parent.many_to_one and parent.related_model is not Person:
            names = {f.name: f for f in parent.related_model._meta.concrete_fields}
            up = names.get("person")
            if up is not None and up.is_relation and up.related_model is Person:
                return f"{parent.name}__person__"
    return None


def clocks_for(model) -> list[str]:
    """The clocks a type of record supports."""
    found = []
    if _first_field(model, MADE_FIELDS):
        found.append(RetentionClock.CREATED)
    if _first_field(model, CLOSED_FIELDS):
        found.append(RetentionClock.CLOSED)
    if _person_path(model) is not None:
        found.append(RetentionClock.AGE_25)
    return found


def cutoff(today: dt.date, years: int, months: int) -> dt.date:
    """Records whose clock started on or before this date are past their period today."""
    return today - relativedelta(years=years, months=months)


def _on_or_before(field: models.Field, path: str, date: dt.date) -> models.Q:
    lookup = "date__lte" if isinstance(field, models.DateTimeField) else "lte"
    return models.Q(**{f"{path}{field.name}__{lookup}": date})


def due_filter(rule: RetentionRule, today: dt.date) -> models.Q | None:
    """The condition a record of the rule's type meets when it is past its period today
    (None when the type does not support the rule's clock)."""
    model = model_for(rule.record_type)
    if model is None:
        return None
    end = cutoff(today, rule.period_years, rule.period_months)
    if rule.clock == RetentionClock.CREATED:
        made = _first_field(model, MADE_FIELDS)
        return _on_or_before(made, "", end) if made else None
    if rule.clock == RetentionClock.CLOSED:
        closed = _first_field(model, CLOSED_FIELDS)
        return _on_or_before(closed, "", end) if closed else None
    path = _person_path(model)
    if path is None:
        return None
    # Only records about someone registered as a child: an adult's records never fall due
    # under this clock.
    born = Person._meta.get_field("date_of_birth")
    child = models.Q(**{f"{path}kind": PersonKind.CHILD})
    return child & _on_or_before(born, path, end - relativedelta(years=ADULTHOOD_CLOCK_AGE))


def _held_filter(model) -> models.Q:
    """Records of ``model`` a live hold covers: held themselves, or about a held child."""
    live = LegalHold.objects.filter(released_at__isnull=True)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    held = models.Q(pk__in=live.filter(content_type=content_type).values("object_id"))
    path = _person_path(model)
    if path is not None:
        people = live.filter(person__isnull=False).values("person_id")
        held |= models.Q(**{f"{path}pk__in" if path else "pk__in": people})
    return held


# --- The schedule ---------------------------------------------------------------------------


def _check_rule(record_type: str, years: int, months: int, clock: str, legal_basis: str):
    model = model_for(record_type)
    if model is None:
        raise Invalid("record_type", "Choose a type of record from the list")
    if not (years or months):
        raise Invalid("period_years", "Enter how long the records are kept, in years or months")
    if clock not in clocks_for(model):
        raise Invalid("clock", f"{type_name(record_type)} records cannot be counted from this")
    if not legal_basis.strip():
        raise Invalid("legal_basis", "Enter the legal basis for keeping these records")


def rule_fields(rule: RetentionRule) -> dict:
    """What a rule says (as audited, and as its form opens)."""
    return {
        "record_type": rule.record_type,
        "period_years": rule.period_years,
        "period_months": rule.period_months,
        "clock": rule.clock,
        "legal_basis": rule.legal_basis,
        "active": rule.active,
        "version": rule.version,
    }


@transaction.atomic
def rule_create(
    *, actor: User, record_type: str, period_years: int, period_months: int, clock: str,
    legal_basis: str, active: bool = True,
) -> RetentionRule:  # fmt: skip
    _check_rule(record_type, period_years, period_months, clock, legal_basis)
    if RetentionRule.objects.filter(record_type=record_type).exists():
        raise Invalid("record_type", "This type of record already has a rule: change that one")
    rule = RetentionRule.objects.create(
        record_type=record_type, period_years=period_years, period_months=period_months,
        clock=clock, legal_basis=legal_basis.strip(), active=active, changed_by=actor,
    )  # fmt: skip
    audit(actor, AuditAction.CREATE, rule, "set a retention rule", detail=rule_fields(rule))
    return rule


@transaction.atomic
def rule_change(
    *, actor: User, rule: RetentionRule, expected_version: int, period_years: int,
    period_months: int, clock: str, legal_basis: str, active: bool,
) -> RetentionRule:  # fmt: skip
    """Change a rule; a stale edit (someone changed it since the form was opened) is refused."""
    _check_rule(rule.record_type, period_years, period_months, clock, legal_basis)
    before = rule_fields(rule)
    bump(
        rule, expected_version, period_years=period_years, period_months=period_months,
        clock=clock, legal_basis=legal_basis.strip(), active=active, changed_by=actor,
        changed_at=timezone.now(),
    )  # fmt: skip
    audit(
        actor, AuditAction.CHANGE, rule, "change a retention rule",
        detail={"before": before, "after": rule_fields(rule)},
    )  # fmt: skip
    return rule


def rules() -> models.QuerySet[RetentionRule]:
    return RetentionRule.objects.all()


# --- Legal holds ----------------------------------------------------------------------------


def live_holds() -> models.QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True).select_related(
        "content_type", "placed_by"
    )


def hold_ref(hold: LegalHold) -> str:
    if hold.person_id:
        return f"Child {hold.person_id} and everything about them"
    return (
        f"{type_name(hold.content_type.app_label + '.' + hold.content_type.model)} {hold.object_id}"
    )


@transaction.atomic
def hold_place(
    *, actor: User, reason: str, person_number: int | None = None,
    record_type: str = "", record_id: int | None = None,
) -> LegalHold:  # fmt: skip
    """Hold a child (everything about them) or one record against destruction."""
    if not reason.strip():
        raise Invalid("reason", "Enter why the records must be kept")
    if person_number:
        person = Person._default_manager.filter(pk=person_number).first()
        if person is None:
            raise Invalid("person_number", "There is no register entry with this number")
        hold = LegalHold.objects.create(person=person, reason=reason.strip(), placed_by=actor)
        subject = person
    else:
        model = model_for(record_type)
        if model is None:
            raise Invalid("record_type", "Choose a child, or a type of record from the list")
        if not record_id or not model._default_manager.filter(pk=record_id).exists():
            raise Invalid("record_id", "There is no record of this type with this number")
        hold = LegalHold.objects.create(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id=record_id, reason=reason.strip(), placed_by=actor,
        )  # fmt: skip
        subject = subject_of((model._meta.label_lower, str(record_id)))
    audit(
        actor, AuditAction.CREATE, hold, "place a legal hold",
        detail={"held": hold_ref(hold)}, subject=subject,
    )  # fmt: skip
    return hold


@transaction.atomic
def hold_release(*, actor: User, hold: LegalHold, expected_version: int, reason: str) -> None:
    if not reason.strip():
        raise Invalid("reason", "Enter why the hold can be released")
    bump(
        hold, expected_version, where={"released_at__isnull": True}, released_by=actor,
        released_at=timezone.now(), release_reason=reason.strip(),
    )  # fmt: skip
    subject = hold.person if hold.person_id else None
    audit(
        actor, AuditAction.CHANGE, hold, "release a legal hold",
        detail={"released": hold_ref(hold)}, subject=subject,
    )  # fmt: skip


# --- What is due, and destruction -----------------------------------------------------------


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
    path = _person_path(model)
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
    held_filter = _held_filter(model)
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
        if model._default_manager.filter(pk__in=pks).filter(_held_filter(model)).exists():
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
        if model._default_manager.filter(pk=pk).filter(_held_filter(model)).exists():
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
