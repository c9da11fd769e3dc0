"""Who may do what in the partnership app (registered with core.access at start-up)."""

from __future__ import annotations

from .apps import PARTNERSHIP_ROLES


def _roles(*roles):
    return lambda user, obj=None: user.has_role(*roles)


def _change_action(user, action=None) -> bool:
    """Only the action's lead officer and the partnership's managers change an action."""
    if user.has_role("partnership_manager", "chief_officer"):
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
    "partnership.manage": _roles("partnership_manager"),
    "partnership.change_action": _change_action,
    "partnership.approve": _roles("partnership_manager", "chief_officer"),
    "partnership.sign_off": _roles("chief_officer"),
    "scrutiny.manage": _roles("scrutiny_officer"),
    "scrutiny.ask": _roles("elected_member", "scrutiny_officer"),
    "scrutiny.answer": _answer,
}
