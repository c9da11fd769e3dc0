"""The retention schedule's rules: one per type of personal record, how long it is kept,
what the time runs from and the legal basis."""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone

from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.core.refusals import Refused

from ...models import RetentionRule
from .clocks import clocks_for, model_for, type_name

RULE = "governance.retention"


class Invalid(Refused):
    """A rule or hold that cannot be saved, with the field at fault."""

    def __init__(self, field_name: str, message: str):
        super().__init__({field_name: message})


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
