"""Cases: open from a triage decision, listed, closed and reopened, with each case's events."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.frontdoor.models import Contact, Outcome, TriageDecision

from ..models import Case, CaseEvent, CaseEventKind, CaseStatus, ClosureRisk, ClosureSafer

CASE_OUTCOMES = {Outcome.EXPLOITATION_TEAM, Outcome.STRATEGY, Outcome.MACE}


class CaseAlreadyOpen(Exception):
    def __init__(self, case: Case):
        super().__init__(f"An open case already exists: {case.reference}")
        self.case = case


class CannotOpen(Exception):
    """The contact's decision does not lead to an exploitation case."""


def _reference() -> str:
    return "EXP-" + "".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(8))


def event(
    case: Case, actor: User, kind: str, detail: str = "", reason: str = "", handover: str = ""
) -> CaseEvent:
    return CaseEvent.objects.create(
        owning_agency=case.owning_agency,
        case=case,
        kind=kind,
        detail=detail,
        reason=reason,
        handover=handover,
        actor=actor,
    )


@transaction.atomic
def case_open(*, actor: User, contact: Contact) -> Case:
    """Open an exploitation case for the contact's child, from the front door's decision."""
    access.require(actor, "casework.open")
    decision = TriageDecision.objects.filter(contact=contact).first()
    if decision is None or decision.outcome not in CASE_OUTCOMES or contact.person_id is None:
        raise CannotOpen
    existing = (
        access.visible(actor, Case)
        .filter(person_id=contact.person_id, status=CaseStatus.OPEN)
        .first()
    )
    if existing:
        raise CaseAlreadyOpen(existing)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                owning_agency=actor.agency,
                reference=_reference(),
                person_id=contact.person_id,
                contact=contact,
                opened_by=actor,
            )
    except IntegrityError:
        raise CaseAlreadyOpen(
            Case.objects.filter(person_id=contact.person_id, status=CaseStatus.OPEN).first()
        ) from None
    event(case, actor, CaseEventKind.OPENED, detail=f"From contact {contact.reference}")
    audit(actor, AuditAction.CREATE, case, "open exploitation case", detail={"contact": contact.pk})
    return case


def case_open_for(*, actor: User, pk: int) -> Case:
    case = access.get_visible_or_403(actor, Case, pk, purpose="open case")
    audit(actor, AuditAction.VIEW, case, "view case")
    return case


def cases_list(*, actor: User, status: str = CaseStatus.OPEN) -> list[Case]:
    cases = list(
        access.visible(actor, Case)
        .filter(status=status)
        .select_related("person", "team", "worker")
        .order_by("-opened_at", "id")[:500]
    )
    audit(actor, AuditAction.VIEW, None, "list cases", detail={"cases": [c.pk for c in cases]})
    return cases


@transaction.atomic
def case_close(
    *, actor: User, case: Case, reason: str, expected_version: int, safer: str, risk: str
) -> Case:
    """Close an open case, recording whether the child is safer and the risk at closure."""
    access.require(actor, "casework.manage")
    access.require_changeable(actor, case, purpose="close case")
    if safer not in ClosureSafer.values or risk not in ClosureRisk.values:
        raise ValueError("Say whether the child is safer and the risk of exploitation now")
    bump(
        case,
        expected_version,
        where={"status": CaseStatus.OPEN},
        status=CaseStatus.CLOSED,
        closed_at=timezone.now(),
        closure_safer=safer,
        closure_risk=risk,
    )
    case.refresh_from_db()
    event(case, actor, CaseEventKind.CLOSED, reason=reason.strip())
    audit(
        actor,
        AuditAction.CHANGE,
        case,
        "close case",
        detail={"reason": reason.strip(), "safer": safer, "risk": risk},
    )
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str, expected_version: int) -> Case:
    access.require(actor, "casework.manage")
    access.require_changeable(actor, case, purpose="reopen case")
    if (
        Case.objects.filter(person_id=case.person_id, status=CaseStatus.OPEN)
        .exclude(pk=case.pk)
        .exists()
    ):
        raise CaseAlreadyOpen(case)
    bump(
        case,
        expected_version,
        where={"status": CaseStatus.CLOSED},
        status=CaseStatus.OPEN,
        closed_at=None,
    )
    case.refresh_from_db()
    event(case, actor, CaseEventKind.REOPENED, reason=reason.strip())
    audit(actor, AuditAction.CHANGE, case, "reopen case", detail={"reason": reason.strip()})
    return case


def case_events(*, actor: User, case: Case) -> list[CaseEvent]:
    return list(
        access.visible(actor, CaseEvent)
        .filter(case=case)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )


def contact_for_case(*, actor: User, pk: int) -> Contact:
    return access.get_visible_or_403(actor, Contact, pk, purpose="open case from contact")
