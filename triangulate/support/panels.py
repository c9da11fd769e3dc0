"""The support panel on a person's page: their referrals (and those of family members linked
to a child) that the viewer may see, and the way to refer."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import Panel

from . import presenters
from .services import referrals


def person_panels(request, person) -> list[Panel]:
    user = request.user
    if not access.may(user, "support.refer"):
        return []
    items = referrals.referrals_about(actor=user, person=person)
    context = {
        "person": person,
        "rows": presenters.referral_rows(user, items, timezone.localdate()),
    }
    return [
        Panel(
            "Support",
            render_to_string("support/_panel.html", context, request=request),
            order=60,
        )
    ]
