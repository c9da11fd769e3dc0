"""What this app adds through core's extension points (core.extensions), under the
fixed names each point asks for:

- The register's panels on a person's page: flags, CIN census factors and relationships.
- The register's own contribution to a person's timeline.
- What flags on a child's record tell a risk assessment (see core.extensions).
"""

from __future__ import annotations

from datetime import datetime, time

from django.template.loader import render_to_string
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import IndicatorEvidence, Panel, TimelineEntry
from triangulate.core.presenters import uk_date

from . import services
from .models import PersonAddress, PersonFlag


def person_panels(request, person) -> list[Panel]:
    user = request.user
    context = {
        "person": person,
        "flags": services.person_flags(actor=user, person=person),
        "factors": services.person_cin_factors(actor=user, person=person),
        "relationships": services.person_relationships(actor=user, person=person),
        "may_flag": access.may(user, "register.flag"),
    }
    return [
        Panel("Flags", render_to_string("register/_flags.html", context, request), order=10),
        Panel(
            "Children in need census factors",
            render_to_string("register/_cin.html", context, request),
            order=20,
        ),
        Panel(
            "Relationships", render_to_string("register/_relationships.html", context, request), 30
        ),
    ]


def timeline(user, person) -> list[TimelineEntry]:
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


def indicator_evidence(user, person) -> list[IndicatorEvidence]:
    """Each live flag this user may see, as kind ``register.flag.<flag>``."""
    flags = (
        access.visible(user, PersonFlag)
        .filter(person=person, removed_at__isnull=True)
        .select_related("owning_agency")
        .order_by("-set_at", "-id")
    )
    return [
        IndicatorEvidence(
            kind=f"register.flag.{flag.flag}",
            occurred_on=timezone.localdate(flag.set_at),
            source=f"Flag “{flag.get_flag_display()}” set on {uk_date(flag.set_at)} "
            f"by {flag.owning_agency.name}",
        )
        for flag in flags
    ]
