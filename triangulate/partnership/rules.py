"""Who may do what in the partnership app (registered with core.access at start-up)."""

from __future__ import annotations

from triangulate.core.roles import Role

from .apps import PARTNERSHIP_ROLES


def _roles(*roles):
    return lambda user, obj=None: user.has_role(*roles)


def _change_action(user, action=None) -> bool:
    """Only the action's lead officer and the partnership's managers change an action."""
    if user.has_role(Role.PARTNERSHIP_MANAGER, Role.CHIEF_OFFICER):
        return True
    return action is not None and action.lead_officer_id == user.pk


def _view(user, obj=None) -> bool:
    """Partnership roles read everything; anyone who leads an action may read the plans too."""
    if user.has_role(*PARTNERSHIP_ROLES):
        return True
    from .models import Action

    return Action.objects.filter(lead_officer=user).exists()


def _answer(user, question=None) -> bool:
    """The witness agency's nominated officer (or, with none, its chief officers) answers."""
    if question is None:
        return False
    from .services.scrutiny import may_answer

    return may_answer(user, question)


RULES = {
    "partnership.view": _view,
    "partnership.manage": _roles(Role.PARTNERSHIP_MANAGER),
    "partnership.change_action": _change_action,
    "partnership.approve": _roles(Role.PARTNERSHIP_MANAGER, Role.CHIEF_OFFICER),
    "partnership.sign_off": _roles(Role.CHIEF_OFFICER),
    "scrutiny.manage": _roles(Role.SCRUTINY_OFFICER),
    "scrutiny.ask": _roles(Role.ELECTED_MEMBER, Role.SCRUTINY_OFFICER),
    "scrutiny.answer": _answer,
}


def register() -> None:
    from triangulate.core.access import register_rule

    for action, rule in RULES.items():
        register_rule(action, rule)
