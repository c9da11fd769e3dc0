"""Closing a case: a worker asks, a team manager of the case's agency signs off or returns it
for rework with a reason (back on the worker's My work). A manager may close directly."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import StaleEdit, bump
from triangulate.core.models import AuditAction, User

from ..models import (
    Case,
    CaseEventKind,
    CaseStatus,
    ClosureRequest,
    ClosureRisk,
    ClosureSafer,
    ClosureStatus,
)
from .cases import case_close, event


def signs_off(actor: User, case: Case) -> bool:
    """Whether ``actor`` is a team manager of the agency that owns the case."""
    return access.may(actor, "casework.sign_off_closure", case)


@transaction.atomic
def closure_request(
    *, actor: User, case: Case, reason: str, safer: str, risk: str, expected_version: int
) -> ClosureRequest | None:
    """A worker asks to close the case, saying what it achieved; it waits for a manager's
    sign-off. A manager of the case's agency closes it at once (returns None)."""
    access.require(actor, "casework.manage")
    access.require_changeable(actor, case, purpose="close case")
    if signs_off(actor, case):
        case_close(
            actor=actor, case=case, reason=reason, expected_version=expected_version,
            safer=safer, risk=risk,
        )  # fmt: skip
        return None
    if safer not in ClosureSafer.values or risk not in ClosureRisk.values:
        raise ValueError("Say whether the child is safer and the risk of exploitation now")
    # The case must still be open and as the worker saw it.
    bump(case, expected_version, where={"status": CaseStatus.OPEN})
    try:
        with transaction.atomic():
            request = ClosureRequest.objects.create(
                owning_agency=case.owning_agency, case=case, reason=reason.strip(),
                safer=safer, risk=risk, requested_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise StaleEdit from None  # someone sent the case for sign-off meanwhile
    event(case, actor, CaseEventKind.CLOSURE_REQUESTED, reason=reason.strip())
    audit(
        actor, AuditAction.CREATE, request, "ask to close a case",
        detail={"case": case.pk, "safer": safer, "risk": risk},
    )  # fmt: skip
    return request


def awaiting(*, actor: User, case: Case) -> ClosureRequest | None:
    return (
        access.visible(actor, ClosureRequest)
        .filter(case=case, status=ClosureStatus.AWAITING)
        .select_related("requested_by")
        .first()
    )


def _decide(actor: User, request: ClosureRequest, expected_version: int, **changes) -> None:
    access.require(actor, "casework.sign_off_closure", request.case)
    access.require_changeable(actor, request, purpose="decide a case closure")
    bump(
        request, expected_version, where={"status": ClosureStatus.AWAITING},
        decided_by=actor, decided_at=timezone.now(), **changes,
    )  # fmt: skip


@transaction.atomic
def closure_sign_off(*, actor: User, request: ClosureRequest, expected_version: int) -> Case:
    """The manager agrees: the case closes with what the worker recorded it achieved."""
    _decide(actor, request, expected_version, status=ClosureStatus.SIGNED_OFF)
    case = request.case
    case.refresh_from_db()
    audit(actor, AuditAction.CHANGE, request, "sign off a case closure")
    return case_close(
        actor=actor, case=case, reason=request.reason, expected_version=case.version,
        safer=request.safer, risk=request.risk,
    )  # fmt: skip


@transaction.atomic
def closure_return(
    *, actor: User, request: ClosureRequest, reason: str, expected_version: int
) -> ClosureRequest:
    """The manager returns the request for rework, saying why; the case stays open and the
    worker finds it on My work until they ask again."""
    if not reason.strip():
        raise ValueError("Enter why the closure needs more work")
    _decide(
        actor, request, expected_version, status=ClosureStatus.RETURNED,
        return_reason=reason.strip(),
    )  # fmt: skip
    event(request.case, actor, CaseEventKind.CLOSURE_RETURNED, reason=reason.strip())
    audit(
        actor, AuditAction.CHANGE, request, "return a case closure for rework",
        detail={"reason": reason.strip()},
    )  # fmt: skip
    return request


def returned_to(*, actor: User) -> list[ClosureRequest]:
    """Closures returned to this worker for rework on cases still open, where they have not
    asked again since."""
    returned = list(
        access.visible(actor, ClosureRequest)
        .filter(requested_by=actor, status=ClosureStatus.RETURNED, case__status=CaseStatus.OPEN)
        .select_related("case", "case__person", "decided_by")
        .order_by("decided_at", "id")
    )
    later = set(
        access.visible(actor, ClosureRequest)
        .filter(case_id__in=[r.case_id for r in returned])
        .values_list("case_id", "requested_at")
    )
    return [
        r
        for r in returned
        if not any(case_id == r.case_id and at > r.requested_at for case_id, at in later)
    ]


def awaiting_sign_off(*, actor: User) -> list[ClosureRequest]:
    """Closures of the manager's agency's cases waiting for sign-off."""
    if not access.may(actor, "casework.sign_off_closure"):
        return []
    return list(
        access.visible(actor, ClosureRequest)
        .filter(status=ClosureStatus.AWAITING, owning_agency_id=actor.agency_id)
        .select_related("case", "case__person", "requested_by")
        .order_by("requested_at", "id")
    )


def request_get(*, actor: User, case_pk: int, pk: int) -> ClosureRequest:
    return access.get_visible_or_403(
        actor, ClosureRequest, pk, purpose="decide a case closure", within={"case_id": case_pk}
    )
