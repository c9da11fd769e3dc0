"""The continuum of need: the levels a decision is made at, and keeping them."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.core.refusals import Refused

from ..models import NeedLevel, Outcome


def need_levels() -> list[NeedLevel]:
    return list(NeedLevel.objects.filter(is_active=True).order_by("order", "id"))


class NeedLevelInvalid(Refused):
    """A level of need that breaks a rule; ``errors`` maps fields to GOV.UK messages."""


def need_levels_kept(*, actor: User) -> list[NeedLevel]:
    """Every level, in use or not, for the people who keep them."""
    access.require(actor, "frontdoor.need_levels")
    return list(NeedLevel.objects.order_by("order", "id"))


def need_level_open(*, actor: User, pk: int) -> NeedLevel:
    access.require(actor, "frontdoor.need_levels", record=("frontdoor.needlevel", pk))
    level = NeedLevel.objects.filter(pk=pk).first()
    if level is None:
        raise Http404
    return level


def _need_level_checked(*, label: str, order: int, outcomes: list[str]) -> dict:
    errors = {}
    if not (label or "").strip():
        errors["label"] = "Enter the name of the level"
    if order is None or not 0 <= order <= 999:
        errors["order"] = "Enter a position from 0 to 999"
    if any(outcome not in Outcome.values for outcome in outcomes):
        errors["outcomes"] = "Select decisions from the list"
    return errors


def _need_level_state(level: NeedLevel) -> dict:
    return {
        "label": level.label,
        "description": level.description,
        "order": level.order,
        "is_active": level.is_active,
        "outcomes": list(level.outcomes),
    }


@transaction.atomic
def need_level_create(
    *, actor: User, code: str, label: str, description: str = "", order: int = 0,
    outcomes: list[str] = (),
) -> NeedLevel:  # fmt: skip
    """Add a level to the continuum of need (its code is how decisions and figures name it,
    so it never changes)."""
    access.require(actor, "frontdoor.need_levels")
    code = (code or "").strip()
    errors = _need_level_checked(label=label, order=order, outcomes=list(outcomes))
    if not code or not code.replace("-", "").replace("_", "").isalnum() or not code.isascii():
        errors["code"] = "Enter a code of letters, digits, hyphens or underscores"
    elif NeedLevel.objects.filter(code__iexact=code).exists():
        errors["code"] = "A level with this code already exists"
    if errors:
        raise NeedLevelInvalid(errors)
    level = NeedLevel.objects.create(
        code=code, label=label.strip(), description=(description or "").strip(), order=order,
        outcomes=list(outcomes),
    )  # fmt: skip
    audit(actor, AuditAction.CREATE, level, "add a level of need",
          detail={"after": _need_level_state(level)})  # fmt: skip
    return level


@transaction.atomic
def need_level_update(
    *, actor: User, level: NeedLevel, expected_version: int, label: str, description: str,
    order: int, is_active: bool, outcomes: list[str],
) -> NeedLevel:  # fmt: skip
    """Change a level; one taken out of use stays on the decisions made at it. A page opened
    before someone else's change is refused."""
    access.require(actor, "frontdoor.need_levels")
    errors = _need_level_checked(label=label, order=order, outcomes=list(outcomes))
    others_in_use = NeedLevel.objects.filter(is_active=True).exclude(pk=level.pk).exists()
    if not is_active and not others_in_use:
        errors["is_active"] = "Keep at least one level in use, or the front door cannot decide"
    if errors:
        raise NeedLevelInvalid(errors)
    before = _need_level_state(level)
    bump(level, expected_version, label=label.strip(), description=(description or "").strip(),
         order=order, is_active=is_active, outcomes=list(outcomes))  # fmt: skip
    level.refresh_from_db()
    audit(actor, AuditAction.CHANGE, level, "change a level of need",
          detail={"before": before, "after": _need_level_state(level)})  # fmt: skip
    return level
