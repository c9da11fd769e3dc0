"""The services directory: kept by the partnership manager, read by staff, published."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import Agency, AuditAction

from ..models import Harm, SupportService
from . import Invalid

# A contract or funding end date this close is shown as ending soon, so the partnership can
# recommission before children lose their support.
ENDING_SOON_DAYS = 90

FIELDS = (
    "name",
    "kind",
    "provider",
    "agency",
    "summary",
    "min_age",
    "max_age",
    "area",
    "harms",
    "for_family",
    "capacity",
    "waiting_weeks",
    "funder",
    "contract_ends_on",
    "funding_ends_on",
    "how_to_refer",
    "self_referral",
    "phone",
    "email",
    "website",
    "is_published",
)


def _check(values: dict, *, pk: int | None = None) -> None:
    errors = {}
    low, high = values.get("min_age"), values.get("max_age")
    if low is not None and high is not None and high < low:
        errors["max_age"] = "Oldest age must be the same as or more than the youngest age"
    unknown = [h for h in values.get("harms") or [] if h not in Harm.values]
    if unknown:
        errors["harms"] = "Select kinds of harm from the list"
    name = (values.get("name") or "").strip()
    if name and SupportService.objects.filter(name__iexact=name).exclude(pk=pk).exists():
        errors["name"] = "A service with this name is already in the directory"
    if not any(values.get(route) for route in ("phone", "email", "website", "how_to_refer")):
        errors["phone"] = "Enter at least one way to contact the service or refer to it"
    if errors:
        raise Invalid(errors)


@transaction.atomic
def service_create(*, actor, **values) -> SupportService:
    access.require(actor, "support.manage_directory")
    values = {k: v for k, v in values.items() if k in FIELDS}
    _check(values)
    service = SupportService.objects.create(**values, updated_by=actor, updated_at=timezone.now())
    audit(actor, AuditAction.CREATE, service, "add a service to the support directory")
    return service


@transaction.atomic
def service_change(*, actor, service: SupportService, expected_version: int, **values) -> None:
    """Save changes unless someone saved the service since the form was opened (StaleEdit)."""
    access.require(actor, "support.manage_directory", service)
    values = {k: v for k, v in values.items() if k in FIELDS}
    _check(values, pk=service.pk)
    bump(service, expected_version, updated_by=actor, updated_at=timezone.now(), **values)
    audit(
        actor,
        AuditAction.CHANGE,
        service,
        "change a service in the support directory",
        detail={"changed": sorted(values)},
    )


def services_for_staff(actor) -> list[SupportService]:
    access.require(actor, "support.directory")
    return list(SupportService.objects.select_related("agency").order_by("name"))


def service_for_staff(actor, pk: int) -> SupportService:
    access.require(actor, "support.directory", record=("support.supportservice", pk))
    return get_object_or_404(SupportService.objects.select_related("agency", "updated_by"), pk=pk)


def published_services() -> list[SupportService]:
    """What anyone may see: published services, without contract or funding details."""
    return list(SupportService.objects.filter(is_published=True).order_by("kind", "name"))


def ending_soon(service: SupportService, today: dt.date) -> list[tuple[str, dt.date]]:
    """The contract or funding end dates within ``ENDING_SOON_DAYS`` (or already passed)."""
    horizon = today + dt.timedelta(days=ENDING_SOON_DAYS)
    dates = [("Contract", service.contract_ends_on), ("Funding", service.funding_ends_on)]
    return [(label, day) for label, day in dates if day is not None and day <= horizon]


def partner_agencies() -> list[Agency]:
    return list(Agency.objects.order_by("name"))
