"""Who may raise, triage and contribute at the front door (registered with core.access)."""

from __future__ import annotations

from triangulate.core.roles import CASEWORK_ROLES, AgencyType, Role

HUB_ROLES = (Role.FRONT_DOOR_SOCIAL_WORKER, Role.TEAM_MANAGER)


def may_raise(user) -> bool:
    return getattr(user, "agency_id", None) is not None and user.has_role(*CASEWORK_ROLES)


def is_hub_user(user) -> bool:
    agency = getattr(user, "agency", None)
    return (
        bool(getattr(user, "is_authenticated", False))
        and agency is not None
        and agency.agency_type == AgencyType.CHILDRENS_SOCIAL_CARE
        and user.has_role(*HUB_ROLES)
    )


def may_contribute(user) -> bool:
    return may_raise(user)


def register() -> None:
    from triangulate.core.access import register_rule

    register_rule("frontdoor.raise", lambda user, obj=None: may_raise(user))
    register_rule("frontdoor.triage", lambda user, obj=None: is_hub_user(user))
    register_rule("frontdoor.contribute", lambda user, obj=None: may_contribute(user))
    # The continuum of need is the partnership's: its manager and the system administrator
    # keep the levels.
    register_rule(
        "frontdoor.need_levels",
        lambda user, obj=None: user.has_role(Role.PARTNERSHIP_MANAGER, Role.SYSTEM_ADMINISTRATOR),
    )
