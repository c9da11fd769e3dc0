"""Who sees the figures and who releases board packs (registered with core.access from
PerformanceConfig.ready)."""

from __future__ import annotations

from triangulate.core import access
from triangulate.core.roles import Role

# Everyone with a role sees the figures; who sees the rows behind them is decided per row.
PERFORMANCE_ROLES = sorted(set(Role.values) - {Role.SYSTEM_ADMINISTRATOR})
RELEASE_ROLES = (Role.PARTNERSHIP_MANAGER, Role.CHIEF_OFFICER)
INSPECTION_ROLES = (Role.TEAM_MANAGER,)


def register() -> None:
    access.register_rule(
        "performance.view", lambda user, obj=None: user.has_role(*PERFORMANCE_ROLES)
    )
    # Preparing and releasing board packs, and publishing the public report.
    access.register_rule(
        "performance.release", lambda user, obj=None: user.has_role(*RELEASE_ROLES)
    )
    # Lists for inspectors name children: team managers who may read personal data, for the
    # records their agency holds or has been shared.
    access.register_rule(
        "performance.inspection",
        lambda user, obj=None: (
            user.has_role(*INSPECTION_ROLES) and access.may_read_personal_data(user)
        ),
    )
    # Setting a measure's target and tolerance.
    access.register_rule(
        "performance.target", lambda user, obj=None: user.has_role(Role.PARTNERSHIP_MANAGER)
    )
