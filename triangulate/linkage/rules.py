"""Who may do linkage work at all (registered with core.access from LinkageConfig.ready).

Roles decide who imports, runs, reviews and merges; which records a reviewer then sees and
changes is the register's share rules, record by record (:mod:`.services.policy`).
"""

from __future__ import annotations

from triangulate.core import access
from triangulate.core.roles import CASEWORK_ROLES, Role

IMPORT_ROLES = frozenset(CASEWORK_ROLES)
# Analysts and team managers link people; each sees only what their agency may see.
REVIEW_ROLES = frozenset({Role.POLICE_ANALYST, Role.TEAM_MANAGER})


def _has(roles):
    return lambda user, obj=None: user.agency_id is not None and user.has_role(*roles)


def register() -> None:
    access.register_rule("linkage.import", _has(IMPORT_ROLES))
    access.register_rule("linkage.run", _has(REVIEW_ROLES))
    access.register_rule("linkage.review", _has(REVIEW_ROLES))
    access.register_rule("linkage.merge", _has(REVIEW_ROLES))
