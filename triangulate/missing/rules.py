"""The missing app's access rules, registered with core.access when the app is ready."""

from __future__ import annotations

from triangulate.core import access
from triangulate.core.roles import CASEWORK_ROLES, Role


def register() -> None:
    def can_record(user, obj=None):
        return user.has_role(*CASEWORK_ROLES) and (
            obj is None or access.may(user, "record.view", obj)
        )

    access.register_rule("missing.record", can_record)
    # The police force a findings task was passed to completes it (any casework role).
    access.register_rule(
        "missing.police_task",
        lambda user, obj=None: (
            user.has_role(*CASEWORK_ROLES)
            and (obj is None or obj.police_agency_id == user.agency_id)
            and (obj is None or access.may(user, "record.view", obj))
        ),
    )
    access.register_rule(
        "missing.interview",
        lambda user, obj=None: user.has_role(
            Role.EXPLOITATION_PRACTITIONER,
            Role.TEAM_MANAGER,
            Role.FRONT_DOOR_SOCIAL_WORKER,
            Role.VOLUNTARY_SECTOR_WORKER,
        ),
    )
