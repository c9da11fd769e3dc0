"""The register's panels on a person's page: flags, CIN census factors and relationships."""

from __future__ import annotations

from django.template.loader import render_to_string

from triangulate.core import access
from triangulate.core.extensions import Panel

from . import services


def panels(request, person) -> list[Panel]:
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
