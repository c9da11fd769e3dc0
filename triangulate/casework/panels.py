"""The casework panel on a child's page: their case, when they were last seen (alone), and the
way to their chronology."""

from __future__ import annotations

from django.db.models import Max, Q
from django.template.loader import render_to_string

from triangulate.core import access
from triangulate.core.extensions import Panel

from .models import Case, CaseNote, CaseStatus


def person_panels(request, person) -> list[Panel]:
    user = request.user
    if getattr(person, "kind", "child") != "child" or not access.may(user, "casework.chronology"):
        return []
    case = (
        access.visible(user, Case)
        .filter(person=person, status=CaseStatus.OPEN)
        .select_related("worker")
        .order_by("-opened_at", "id")
        .first()
    )
    seen = (
        access.visible(user, CaseNote)
        .filter(person=person)
        .aggregate(
            last_seen=Max("occurred_at", filter=Q(child_seen=True)),
            last_seen_alone=Max("occurred_at", filter=Q(child_seen_alone=True)),
        )
    )
    context = {"person": person, "case": case, **seen}
    return [
        Panel(
            "Casework and chronology",
            render_to_string("casework/_panel.html", context, request=request),
            order=30,
        )
    ]
