"""Helpers to raise contacts the way the front door does."""

from __future__ import annotations

from triangulate.frontdoor import services


def raise_contact(actor, **child):
    details = {"given_name": "Caitlin", "family_name": "Whitfeild", **child}
    return services.contact_raise(
        actor=actor,
        child=services.ChildDetails(**details),
        concern=services.ConcernDetails(
            concern="Seen getting into a car with two adults after school.",
            indicators=("cars",),
            urgency="today",
        ),
    )
