"""The intelligence panel on a child's page: what this viewer may see, and nothing more.

Police see the intelligence linked to the child; a partner sees the sanitised versions
shared with their agency about the child and what their own agency submitted.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from triangulate.core import access
from triangulate.core.extensions import Panel
from triangulate.register.models import PersonKind

from . import presenters, services


def person_panels(request, person) -> list[Panel]:
    user = request.user
    if person.kind != PersonKind.CHILD or not access.may(user, "intelligence.submit"):
        return []
    shared = [
        s
        for s in services.sanitised_visible(actor=user, person=person)
        if s.owning_agency_id != user.agency_id
    ]
    items = services.items_about(actor=user, person=person)
    context = {
        "person": person,
        "shared": presenters.sanitised_rows(user, shared, with_child=False),
        "items": presenters.item_rows(user, items),
        "police": access.may(user, "intelligence.pursue"),
    }
    return [
        Panel(
            "Intelligence",
            render_to_string("intelligence/_panel.html", context, request=request),
            order=40,
        )
    ]
