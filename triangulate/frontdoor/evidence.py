"""What concerns raised at the front door tell a risk assessment (see core.extensions)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import IndicatorEvidence
from triangulate.core.presenters import uk_date

from .models import Contact, Indicator


def indicator_evidence(user, person) -> list[IndicatorEvidence]:
    """Each sign ticked on a contact about the child this user may see, as kind
    ``contact.indicator.<code>``."""
    labels = dict(Indicator.choices)
    contacts = access.visible(user, Contact).filter(person=person).order_by("-received_at", "-id")
    return [
        IndicatorEvidence(
            kind=f"contact.indicator.{code}",
            occurred_on=timezone.localdate(contact.received_at),
            source=f"Contact {contact.reference} received {uk_date(contact.received_at)}: "
            f"{labels.get(code, code).lower()}",
            href=reverse("frontdoor:contact", args=[contact.pk]),
        )
        for contact in contacts
        for code in contact.indicators
    ]
