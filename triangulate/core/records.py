"""The policy kernel: the one way any app opens, shares and version-bumps personal data.

- :func:`open` fetches a record the user may see (404 if it does not exist, 403 audited if
  it is not theirs to see) and writes the view to the audit log, naming the child.
- :func:`open_for_change` does the same for a record the user may change.
- :func:`share` is the only way a :class:`~triangulate.core.models.RecordShare` is made:
  a lawful basis from :class:`LawfulBasis`, a purpose, consent, and an audit entry
  (:class:`SharePlan` makes many at once with the same checks, for bulk seeding;
  :func:`end_shares` lets shares lapse).
- :func:`bump` is the one optimistic-lock update (:mod:`triangulate.core.concurrency`).
"""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.utils import timezone

from . import access
from .audit import audit
from .concurrency import STALE_MESSAGE, StaleEdit, bump
from .models import Agency, AuditAction, RecordShare
from .refusals import Refused

__all__ = [
    "STALE_MESSAGE",
    "Consent",
    "LawfulBasis",
    "SharePlan",
    "StaleEdit",
    "approve_share",
    "basis_choices",
    "bump",
    "end_shares",
    "live_share",
    "open",
    "open_for_change",
    "register_agreement_finder",
    "check_label",
    "labels_offered",
    "relabel",
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


# Consent outcomes a share must give a reason for: why consent was not sought, why a
# refusal was overridden (a risk of significant harm). Older callers that pass no reason for
# "not sought" are still accepted; an override never is.
CONSENT_NEEDS_REASON = frozenset({Consent.REFUSED_OVERRIDDEN})

# How a share finds the live information-sharing agreement that covers it:
# ``fn(owner: Agency | None, recipient: Agency, basis: str) -> Agreement | None`` and
# ``check(agreement, owner, recipient, basis) -> bool``, registered by the governance app.
_agreements: dict = {}


def register_agreement_finder(find, check) -> None:
    _agreements["find"] = find
    _agreements["check"] = check


def _agreement_for(record, agency, basis, agreement):
    owner = getattr(record, "owning_agency", None)
    if agreement is not None:
        check = _agreements.get("check")
        if check is not None and not check(agreement, owner, agency, basis):
            raise ValueError("The agreement named does not cover this share")
        return agreement
    find = _agreements.get("find")
    return find(owner, agency, basis) if find is not None else None


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


def basis_choices(*, consent: bool = True) -> list[tuple[str, str]]:
    """Choices for a lawful-basis field, worded once; ``consent=False`` leaves out consent
    (a basis only some shares may rest on)."""
    return [
        (basis.value, basis.label)
        for basis in LawfulBasis
        if consent or basis != LawfulBasis.CONSENT
    ]


def live_share(record: models.Model, agency: Agency) -> RecordShare | None:
    """The share that lets ``agency`` see ``record`` now (not revoked), if there is one."""
    return RecordShare.objects.filter(
        content_type__app_label=record._meta.app_label,
        content_type__model=record._meta.model_name,
        object_id=record.pk,
        shared_with=agency,
        revoked_at__isnull=True,
    ).first()


def _checked(basis: str, consent: str, consent_reason: str) -> str:
    if basis not in LawfulBasis.values:
        raise ValueError(f"Unknown lawful basis {basis!r}")
    if consent not in Consent.values:
        raise ValueError(f"Unknown consent outcome {consent!r}")
    consent_reason = consent_reason.strip()
    if consent in CONSENT_NEEDS_REASON and not consent_reason:
        raise ValueError("A refusal of consent may be overridden only with a reason")
    return consent_reason


def _new_share(actor, record, agency, basis, shared_at=None, **fields) -> RecordShare:
    return RecordShare(
        record=record,
        shared_with=agency,
        shared_by=actor,
        lawful_basis=basis,
        shared_at=shared_at or timezone.now(),
        **fields,
    )


class SharePlan:
    """Shares made in bulk where records are made in bulk (the demo borough), with the
    checks :func:`share` makes (lawful basis, consent, the agreement each is made under).

    ``add`` plans one share (nothing for the record's own agency); ``save`` writes them all
    at once. Unlike :func:`share` it neither looks for a live share nor audits: the caller
    plans each (record, agency) once, for records it has just made.
    """

    def __init__(self):
        self.shares: list[RecordShare] = []
        self._agreements: dict = {}

    def add(
        self,
        actor,
        record: models.Model,
        agency: Agency,
        *,
        basis: str,
        purpose: str,
        consent: str = Consent.NOT_SOUGHT,
        consent_reason: str = "",
        permits_change: bool = False,
        shared_at: dt.datetime | None = None,
        expires_at: dt.datetime | None = None,
    ) -> None:
        consent_reason = _checked(basis, consent, consent_reason)
        owner_id = getattr(record, "owning_agency_id", None)
        if owner_id == agency.pk:
            return
        key = (owner_id, agency.pk, basis)
        if key not in self._agreements:
            self._agreements[key] = _agreement_for(record, agency, basis, None)
        self.shares.append(
            _new_share(
                actor,
                record,
                agency,
                basis,
                shared_at,
                purpose=purpose,
                consent=consent,
                consent_reason=consent_reason,
                permits_change=permits_change,
                expires_at=expires_at,
                agreement=self._agreements[key],
            )
        )

    def save(self, *, batch_size: int = 1000) -> list[RecordShare]:
        made = RecordShare.objects.bulk_create(self.shares, batch_size=batch_size)
        self.shares = []
        return made


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
    agreement=None,
    consent_reason: str = "",
    outside_agreement_reason: str = "",
) -> RecordShare | None:
    """Let ``agency`` see ``record`` (and change it only if ``permits_change``).

    ``basis`` must be one of :class:`LawfulBasis`. Sharing with the record's own agency does
    nothing and returns None; sharing again while a live share exists returns that share
    (widened to permit change if asked). Every new share is audited.

    The share names the live information-sharing agreement it is made under: ``agreement``
    if given (it must cover both agencies and the basis), or the one that covers them. A
    share outside any live agreement is still made (sharing to protect a child is never held
    up), with ``outside_agreement_reason``, and waits for a manager's approval (ADR 0013).
    ``consent`` says what happened about consent, ``consent_reason`` why (required when a
    refusal was overridden).
    """
    consent_reason = _checked(basis, consent, consent_reason)
    if getattr(record, "owning_agency_id", None) == agency.pk:
        return None
    live = live_share(record, agency)
    if live is not None:
        if permits_change and not live.permits_change:
            live.permits_change = True
            live.save(update_fields=["permits_change"])
        return live
    made = _new_share(
        actor,
        record,
        agency,
        basis,
        purpose=purpose,
        consent=consent,
        consent_reason=consent_reason,
        permits_change=permits_change,
        expires_at=expires_at,
        agreement=_agreement_for(record, agency, basis, agreement),
        outside_agreement_reason=outside_agreement_reason.strip(),
    )
    made.save()
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
            "agreement": made.agreement_id,
            "outside_agreement": made.agreement_id is None,
        },
    )
    return made


@transaction.atomic
def end_shares(actor, record: models.Model, shares, *, at: dt.datetime, purpose: str) -> None:
    """End ``shares`` of ``record`` at ``at`` (they lapse; nothing is deleted), audited once
    naming the agencies."""
    shares = list(shares)
    if not shares:
        return
    RecordShare.objects.filter(pk__in=[one.pk for one in shares]).update(expires_at=at)
    audit(
        actor,
        AuditAction.SHARE,
        record,
        purpose,
        detail={"ended": sorted(one.shared_with.name for one in shares)},
    )


@transaction.atomic
def approve_share(actor, share_row: RecordShare, *, reason: str) -> RecordShare:
    """A manager approves a share made outside any live agreement, recording the reason."""
    reason = reason.strip()
    if not reason:
        raise ValueError("An approval needs a reason")
    updated = RecordShare.objects.filter(
        pk=share_row.pk, agreement__isnull=True, approved_at__isnull=True
    ).update(
        approved_by=actor,
        approved_at=timezone.now(),
        outside_agreement_reason=reason,
    )
    if not updated:
        raise StaleEdit
    share_row.refresh_from_db()
    audit(
        actor,
        AuditAction.CHANGE,
        share_row.record,
        "approve a share outside any agreement",
        detail={"share": share_row.pk, "shared_with": share_row.shared_with.name},
    )
    return share_row


NOT_ENTITLED_TO_LABEL = (
    "Choose a label whose information you may read yourself: only the people it names may set "
    "or clear it"
)


def check_label(actor, model: type[models.Model], label: str, owning_agency_id) -> None:
    """Refuse a label ``model`` cannot carry (its ``LABELS``) or one ``actor`` could not read
    on a record ``owning_agency_id`` owns; called by every service that sets a label."""
    if label and label not in getattr(model, "LABELS", ()):
        raise Refused({"sensitivity": "Select a label this record can carry"})
    if not access.entitled(actor, label, owning_agency_id):
        raise Refused({"sensitivity": NOT_ENTITLED_TO_LABEL})


def labels_offered(actor, model: type[models.Model], owning_agency_id) -> list[str]:
    """The labels ``actor`` may set on a ``model`` record ``owning_agency_id`` owns."""
    return [
        label
        for label in getattr(model, "LABELS", ())
        if access.entitled(actor, label, owning_agency_id)
    ]


@transaction.atomic
def relabel(actor, record: models.Model, *, expected_version: int, sensitivity: str, purpose: str):
    """Set or clear the sensitivity label of a record ``actor`` may change (core.sensitivity),
    audited with what it was before and after. Refused unless the actor may read what both the
    old and the new label withhold (no one hides a value from themselves or uncovers one they
    could not read), and when someone changed the record meanwhile (:class:`StaleEdit`)."""
    access.require_changeable(actor, record, purpose=purpose)
    before = record.sensitivity
    check_label(actor, type(record), before, record.owning_agency_id)
    check_label(actor, type(record), sensitivity, record.owning_agency_id)
    bump(record, expected_version, sensitivity=sensitivity)
    audit(
        actor,
        AuditAction.CHANGE,
        record,
        purpose,
        detail={"sensitivity": {"before": before, "after": sensitivity}},
    )
    return record
