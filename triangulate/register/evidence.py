"""What flags on a child's record tell a risk assessment (see core.extensions)."""

from __future__ import annotations

from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import IndicatorEvidence
from triangulate.core.presenters import uk_date

from .models import PersonFlag


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
