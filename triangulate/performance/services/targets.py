"""Targets and the RAG rule: a measure's target and tolerance for a run of months, and
the status a figure has against it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import StaleEdit, bump
from triangulate.core.models import AuditAction, User
from triangulate.core.refusals import Refused

from .. import rag
from ..models import MeasureTarget
from ..periods import Period
from .measures.base import Measure


class Invalid(Refused):
    """A target or pack that breaks a rule; ``errors`` maps fields to GOV.UK messages."""


def parse_month(value: str | None) -> Period | None:
    """The month a form's "YYYY-MM" names, or None."""
    try:
        year, number = (int(part) for part in (value or "").split("-"))
        return Period.month(year, number)
    except ValueError:
        return None


def may_set_target(user: User) -> bool:
    return access.may(user, "performance.target")


def current_target(measure: Measure) -> MeasureTarget | None:
    return MeasureTarget.objects.filter(slug=measure.slug).select_related("set_by").first()


def target_for(measure: Measure, period: Period, targets=None) -> MeasureTarget | None:
    """The measure's target if it applies to the period's month (``targets``: {slug: target},
    read once for a page of measures)."""
    if measure.higher_is_better is None:
        return None
    target = targets.get(measure.slug) if targets is not None else current_target(measure)
    return target if target is not None and target.applies_to(period.start) else None


def all_targets() -> dict[str, MeasureTarget]:
    return {t.slug: t for t in MeasureTarget.objects.all()}


def figure_status(measure: Measure, value, target: MeasureTarget | None) -> rag.Status | None:
    """The figure's RAG status by the rule, or None with no target or no figure."""
    if target is None or measure.higher_is_better is None:
        return None
    return rag.status(
        value,
        target=target.target,
        tolerance=target.tolerance,
        higher_is_better=measure.higher_is_better,
        unit=measure.unit,
    )


def target_written(measure: Measure, target: MeasureTarget) -> dict:
    """The target as a released figure keeps it."""
    return {
        "target": target.target,
        "tolerance": target.tolerance,
        "higher_is_better": measure.higher_is_better,
        "unit": measure.unit,
        "first_month": target.first_month.isoformat(),
        "last_month": target.last_month.isoformat(),
    }


def _number(value: str | None) -> float | None:
    try:
        number = float((value or "").strip().rstrip("%").replace(",", ""))
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def _target_errors(measure, target, tolerance, first, last) -> dict[str, str]:
    errors = {}
    most = 100 if measure.is_rate else None
    unit = "a percentage" if measure.is_rate else "a number"
    if measure.higher_is_better is None:
        errors["target"] = (
            "This measure has no better direction, so it has no target: read its trend instead"
        )
    elif target is None:
        errors["target"] = f"Enter the target as {unit}"
    elif target < 0 or (most is not None and target > most):
        errors["target"] = "Enter a target from 0 to 100" if most else "Enter a target of 0 or more"
    if tolerance is None:
        errors["tolerance"] = f"Enter the tolerance as {unit} (0 for none)"
    elif tolerance < 0:
        errors["tolerance"] = "Enter a tolerance of 0 or more"
    elif target is not None and "target" not in errors:
        if measure.higher_is_better and tolerance >= target and target > 0:
            errors["tolerance"] = "The tolerance must be smaller than the target"
        elif most is not None and not measure.higher_is_better and target + tolerance >= most:
            errors["tolerance"] = "The target and the tolerance together must be under 100"
    if first is None:
        errors["first_month"] = "Choose the first month the target applies to"
    if last is None:
        errors["last_month"] = "Choose the last month the target applies to"
    elif first is not None and last.start < first.start:
        errors["last_month"] = "The last month must be the same as or after the first month"
    return errors


@transaction.atomic
def set_target(
    *,
    actor: User,
    measure: Measure,
    version: int,
    target: str,
    tolerance: str,
    first_month: str,
    last_month: str,
) -> MeasureTarget:
    """Set or change the measure's target; a stale form (someone set it meanwhile) is refused.
    ``version`` is 0 when the form was opened with no target set."""
    access.require(actor, "performance.target")
    aim, slack = _number(target), _number(tolerance)
    first, last = parse_month(first_month), parse_month(last_month)
    errors = _target_errors(measure, aim, slack, first, last)
    if errors:
        raise Invalid(errors)
    existing = MeasureTarget.objects.filter(slug=measure.slug).first()
    changes = {
        "target": aim,
        "tolerance": slack,
        "first_month": first.start,
        "last_month": last.start,
        "set_by": actor,
        "set_at": timezone.now(),
    }
    if existing is None:
        if int(version) != 0:
            raise StaleEdit
        existing = MeasureTarget.objects.create(slug=measure.slug, **changes)
        before = None
    else:
        before = target_written(measure, existing)
        bump(existing, version, **changes)
    audit(
        actor,
        AuditAction.CREATE if before is None else AuditAction.CHANGE,
        existing,
        "set a measure's target",
        detail={
            "measure": measure.figure_id,
            "before": before,
            "after": target_written(measure, existing),
        },
    )
    return existing
