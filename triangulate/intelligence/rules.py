"""The intelligence app's access rules, registered with core.access when the app is ready."""

from __future__ import annotations

from triangulate.core import access
from triangulate.core.roles import CASEWORK_ROLES


def register() -> None:
    from .services.common import is_police
    from .services.licensing import may_refer_to_licensing

    access.register_rule(
        "intelligence.submit", lambda user, obj=None: user.has_role(*CASEWORK_ROLES)
    )
    # Grading, linking and sanitising: police officers and analysts of the owning force.
    access.register_rule(
        "intelligence.grade",
        lambda user, obj=None: (
            is_police(user) and (obj is None or obj.owning_agency_id == user.agency_id)
        ),
    )
    # Persons of concern, places, disruption and the police view of the network.
    access.register_rule("intelligence.pursue", lambda user, obj=None: is_police(user))
    # Places and their referrals to the licensing authority: police, and the council's
    # children's services (each sees only the places held by or shared with its agency).
    access.register_rule(
        "intelligence.licensing", lambda user, obj=None: may_refer_to_licensing(user)
    )
    # Peer groups and contexts: police and the council's children's services, the agencies
    # that own them (each sees those held by or shared with its agency).
    access.register_rule("intelligence.groups", lambda user, obj=None: may_refer_to_licensing(user))
