"""Concerns from the public and councillors, without signing in, and the status check that
tells them only 'received', 'being looked at' or 'closed'."""

from __future__ import annotations

from django.db import transaction

from triangulate.core.audit import audit
from triangulate.core.models import AuditAction

from ..models import Contact, Source, Status
from .intake import ChildDetails, ConcernDetails, new_contact, normalise_reference


@transaction.atomic
def contact_report_public(
    *, source: str, child: ChildDetails, concern: ConcernDetails, reporter: dict
) -> Contact:
    """A member of the public or a councillor reports a concern without signing in."""
    if source not in (Source.PUBLIC, Source.COUNCILLOR):
        raise ValueError("Public reports come from the public or a councillor")
    contact = new_contact(
        source=source,
        child=child,
        concern=concern,
        received_at=None,
        raised_by=None,
        reporter=reporter,
    )
    audit(
        None, AuditAction.CREATE, contact, "public report of a concern", detail={"source": source}
    )
    return contact


PUBLIC_STATUS = {
    Status.NEW: "Received",
    Status.IN_TRIAGE: "Being looked at",
    Status.DECIDED: "Closed",
    Status.CLOSED: "Closed",
}


def public_status(*, reference: str) -> str | None:
    """Only 'received', 'being looked at' or 'closed' — never the action or the child."""
    normalised = normalise_reference(reference)
    if not normalised:
        return None
    found = (
        Contact.objects.filter(reference=normalised, source__in=[Source.PUBLIC, Source.COUNCILLOR])
        .values_list("pk", "status")
        .first()
    )
    if found is None:
        return None
    pk, status = found
    # Audited by the contact's id, so the check shows in the contact's own access log.
    audit(None, AuditAction.VIEW, ("frontdoor.contact", pk), "public status check")
    return PUBLIC_STATUS[Status(status)]
