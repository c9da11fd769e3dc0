"""Meetings' access rules, registered with core.access when the app is ready."""

from __future__ import annotations

from triangulate.core import access

from .apps import MANAGING_ROLES


def register() -> None:
    # Any of these roles may set up a meeting; only the agency that holds a meeting
    # records its decisions, actions, attendance and minutes.
    access.register_rule(
        "meetings.manage",
        lambda user, obj=None: (
            user.has_role(*MANAGING_ROLES)
            and (obj is None or obj.owning_agency_id == user.agency_id)
        ),
    )
