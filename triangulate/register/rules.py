"""Who may search the register and add to it (registered with core.access from
RegisterConfig.ready)."""

from __future__ import annotations

from triangulate.core import access
from triangulate.core.roles import Role

# Whoever may add a person to the register may also flag one and record census factors.
CREATING_ROLES = (
    Role.FRONT_DOOR_SOCIAL_WORKER,
    Role.EXPLOITATION_PRACTITIONER,
    Role.TEAM_MANAGER,
    Role.POLICE_OFFICER,
    Role.HEALTH_SAFEGUARDING,
    Role.SCHOOL_SAFEGUARDING_LEAD,
)


def _may_create(user, obj=None) -> bool:
    return user.has_role(*CREATING_ROLES)


def register() -> None:
    access.register_rule(
        "register.search", lambda user, obj=None: access.may_read_personal_data(user)
    )
    access.register_rule("register.create_person", _may_create)
    access.register_rule("register.flag", _may_create)
