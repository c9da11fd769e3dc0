"""Who may do what in linkage (registered with core.access from LinkageConfig.ready)."""

from __future__ import annotations

from triangulate.core import access
from triangulate.core.roles import CASEWORK_ROLES, Role

IMPORT_ROLES = frozenset(CASEWORK_ROLES)
# Linking people across agencies reads every agency's records: analysts and team managers.
REVIEW_ROLES = frozenset({Role.POLICE_ANALYST, Role.TEAM_MANAGER})


def _has(roles):
    return lambda user, obj=None: user.agency_id is not None and user.has_role(*roles)


def register_rules() -> None:
    access.register_rule("linkage.import", _has(IMPORT_ROLES))
    access.register_rule("linkage.run", _has(REVIEW_ROLES))
    access.register_rule("linkage.review", _has(REVIEW_ROLES))
    access.register_rule("linkage.merge", _has(REVIEW_ROLES))
