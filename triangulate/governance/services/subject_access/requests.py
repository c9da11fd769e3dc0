"""Subject access requests as the lead keeps them: recording one (due a calendar month after
receipt), the open ones, one request, and the register entry a new request names."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.http import Http404

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User
from triangulate.register.models import Person

from ...models import OPEN_SUBJECT_ACCESS, SubjectAccessRequest

RULE = "governance.subject_access"


class NotAllowed(Exception):
    """The request is not in a state that allows this (released, refused, or not prepared)."""


def due_on(received: dt.date) -> dt.date:
    """One calendar month from receipt (UK GDPR Art. 12(3)): the same day next month, or the
    last day of next month when it has no such day (31 January gives 28 or 29 February)."""
    year, month = (
        (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    )
    return dt.date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


def kept_by(user: User):
    """The requests kept by the user's agency (an information governance lead's)."""
    return SubjectAccessRequest.objects.filter(agency_id=user.agency_id).select_related("person")


def open_requests(user: User):
    return kept_by(user).filter(status__in=OPEN_SUBJECT_ACCESS).order_by("due_on", "id")


def one(user: User, pk: int) -> SubjectAccessRequest:
    """Request ``pk`` if the user's role and agency keep it; a 403 (audited) otherwise."""
    access.require(user, RULE, record=("governance.subjectaccessrequest", pk))
    request = kept_by(user).filter(pk=pk).first()
    if request is None:
        if not SubjectAccessRequest.objects.filter(pk=pk).exists():
            raise Http404
        raise access.AccessDenied(
            "This request is kept by another agency.",
            record=("governance.subjectaccessrequest", pk),
            purpose="open a subject access request",
        )
    return request


@transaction.atomic
def receive(
    *,
    actor: User,
    person: Person,
    requester_kind: str,
    requester_name: str,
    identity_check: str,
    received_on: dt.date,
) -> SubjectAccessRequest:
    access.require(actor, RULE)
    request = SubjectAccessRequest.objects.create(
        person=person,
        agency_id=actor.agency_id,
        requester_kind=requester_kind,
        requester_name=requester_name.strip(),
        identity_check=identity_check.strip(),
        received_on=received_on,
        due_on=due_on(received_on),
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, request, "record a subject access request",
          detail={"requester": requester_kind, "due_on": request.due_on.isoformat()},
          subject=person)  # fmt: skip
    return request


def person_for_request(number: int) -> Person | None:
    """The register entry a new request names (checked by the lead before recording it)."""
    return Person._default_manager.filter(pk=number, merged_into__isnull=True).first()


def audit_opened(actor: User, request: SubjectAccessRequest) -> None:
    audit(actor, AuditAction.VIEW, request, "open a subject access request",
          detail={"status": request.status}, subject=request.person)  # fmt: skip
