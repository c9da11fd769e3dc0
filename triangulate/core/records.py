"""The policy kernel: the one way any app opens, shares and version-bumps personal data.

- :func:`open` fetches a record the user may see (404 if it does not exist, 403 audited if
  it is not theirs to see) and writes the view to the audit log, naming the child.
- :func:`open_for_change` does the same for a record the user may change.
- :func:`share` is the only way a :class:`~triangulate.core.models.RecordShare` is made:
  a lawful basis from :class:`LawfulBasis`, a purpose, consent, and an audit entry.
- :func:`bump` is the one optimistic-lock update (:mod:`triangulate.core.concurrency`).
"""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction

from . import access
from .audit import audit
from .concurrency import STALE_MESSAGE, StaleEdit, bump
from .models import Agency, AuditAction, RecordShare

__all__ = [
    "STALE_MESSAGE",
    "Consent",
    "LawfulBasis",
    "StaleEdit",
    "bump",
    "open",
    "open_for_change",
    "share",
]


class LawfulBasis(models.TextChoices):
    """The lawful bases a share may rest on, worded once."""

    SAFEGUARDING = (
        "UK GDPR Art 6(1)(e) and 9(2)(g); DPA 2018 Sch 1 para 18 (safeguarding of children)",
        "Safeguarding of children (UK GDPR Article 6(1)(e) and 9(2)(g); "
        "DPA 2018 Schedule 1 paragraph 18)",
    )
    LAW_ENFORCEMENT = (
        "DPA 2018 Part 3; Sch 8 para 4 (law-enforcement processing by police)",
        "Law enforcement processing (DPA 2018 Part 3, Schedule 8 paragraph 4)",
    )
    CONSENT = (
        "UK GDPR Art 6(1)(a) and 9(2)(a) (consent)",
        "Consent of the person or of someone with parental responsibility "
        "(UK GDPR Article 6(1)(a) and 9(2)(a))",
    )


class Consent(models.TextChoices):
    """What happened about consent before a share."""

    NOT_SOUGHT = "not_sought", "Not sought"
    GIVEN = "given", "Given"
    REFUSED_OVERRIDDEN = "refused_overridden", "Refused, shared without consent"


def open(user, model: type[models.Model], pk, *, purpose: str, within: dict | None = None):
    """Fetch one record ``user`` may see and audit the view (the child named as subject)."""
    record = access.get_visible_or_403(user, model, pk, purpose=purpose, within=within)
    audit(user, AuditAction.VIEW, record, purpose)
    return record


def open_for_change(
    user, model: type[models.Model], pk, *, purpose: str, within: dict | None = None
):
    """Fetch one record ``user`` may change; refusals are 403s audited by the 403 page."""
    return access.get_changeable_or_403(user, model, pk, purpose=purpose, within=within)


@transaction.atomic
def share(
    actor,
    record: models.Model,
    agency: Agency,
    *,
    basis: str,
    purpose: str,
    consent: str = Consent.NOT_SOUGHT,
    permits_change: bool = False,
    expires_at: dt.datetime | None = None,
) -> RecordShare | None:
    """Let ``agency`` see ``record`` (and change it only if ``permits_change``).

    ``basis`` must be one of :class:`LawfulBasis`. Sharing with the record's own agency does
    nothing and returns None; sharing again while a live share exists returns that share
    (widened to permit change if asked). Every new share is audited.
    """
    if basis not in LawfulBasis.values:
        raise ValueError(f"Unknown lawful basis {basis!r}")
    if consent not in Consent.values:
        raise ValueError(f"Unknown consent outcome {consent!r}")
    if getattr(record, "owning_agency_id", None) == agency.pk:
        return None
    live = RecordShare.objects.filter(
        content_type__app_label=record._meta.app_label,
        content_type__model=record._meta.model_name,
        object_id=record.pk,
        shared_with=agency,
        revoked_at__isnull=True,
    ).first()
    if live is not None:
        if permits_change and not live.permits_change:
            live.permits_change = True
            live.save(update_fields=["permits_change"])
        return live
    made = RecordShare.objects.create(
        record=record,
        shared_with=agency,
        shared_by=actor,
        lawful_basis=basis,
        purpose=purpose,
        permits_change=permits_change,
        expires_at=expires_at,
    )
    audit(
        actor,
        AuditAction.SHARE,
        record,
        purpose,
        detail={
            "shared_with": agency.name,
            "lawful_basis": basis,
            "consent": consent,
            "permits_change": permits_change,
        },
    )
    return made
