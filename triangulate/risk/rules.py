"""Risk's access rules, registered with core.access when the app is ready."""

from __future__ import annotations

from triangulate.core import access
from triangulate.core.roles import CASEWORK_ROLES, Role

from .services.assessments import ASSESSING_ROLES
from .services.tools import TOOL_EDITING_ROLES


def register() -> None:
    access.register_rule(
        "risk.view",
        lambda user, obj=None: (
            access.may_read_personal_data(user) or user.has_role(*TOOL_EDITING_ROLES)
        ),
    )
    access.register_rule("risk.assess", lambda user, obj=None: user.has_role(*ASSESSING_ROLES))
    access.register_rule(
        "risk.sign_off",
        lambda user, obj=None: (
            user.has_role(Role.TEAM_MANAGER)
            and (obj is None or obj.owning_agency_id == user.agency_id)
        ),
    )
    access.register_rule(
        "risk.contribute",
        lambda user, obj=None: (
            user.has_role(*CASEWORK_ROLES) and (obj is None or access.may(user, "record.view", obj))
        ),
    )
    access.register_rule(
        "risk.edit_tools", lambda user, obj=None: user.has_role(*TOOL_EDITING_ROLES)
    )
