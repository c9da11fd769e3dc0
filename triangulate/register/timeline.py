"""The register's own contribution to a person's timeline."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import TimelineEntry

from .models import PersonAddress


def entries(user, person) -> list[TimelineEntry]:
    items = [
        TimelineEntry(
            occurred_at=person.created_at,
            title="Added to the register",
            agency=person.owning_agency.name,
            kind="register",
        )
    ]
    for address in access.visible(user, PersonAddress).filter(person=person).order_by("id"):
        if address.from_date:
            items.append(
                TimelineEntry(
                    occurred_at=timezone.make_aware(datetime.combine(address.from_date, time(12))),
                    title="Address recorded",
                    description=str(address),
                    agency=address.owning_agency.name,
                    kind="register",
                )
            )
    return items
