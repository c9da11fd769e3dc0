"""Casework's access rules, registered with core.access when the app is ready."""

from __future__ import annotations

from triangulate.core.access import may_read_personal_data, register_rule
from triangulate.core.roles import Role


def register() -> None:
    def roles(*codes):
        return lambda user, obj=None: user.agency_id is not None and user.has_role(*codes)

    register_rule("casework.open", roles(Role.FRONT_DOOR_SOCIAL_WORKER, Role.TEAM_MANAGER))
    register_rule("casework.allocate", roles(Role.TEAM_MANAGER))
    # Teams and each worker's capacity: the agency's team managers and system administrator.
    register_rule("casework.teams", roles(Role.TEAM_MANAGER, Role.SYSTEM_ADMINISTRATOR))

    # Only a manager in the agency that owns the case may move it to another worker, or
    # sign off (or return for rework) a worker's request to close it.
    def owning_manager(user, obj=None):
        return roles(Role.TEAM_MANAGER)(user) and (
            obj is None or obj.owning_agency_id == user.agency_id
        )

    register_rule("casework.transfer", owning_manager)
    register_rule("casework.sign_off_closure", owning_manager)
    register_rule("casework.manage", roles(Role.TEAM_MANAGER, Role.EXPLOITATION_PRACTITIONER))
    register_rule("casework.work", roles(Role.TEAM_MANAGER, Role.EXPLOITATION_PRACTITIONER))
    # Any agency's practitioner may read the chronology of a child whose record they may
    # see; what it holds is what each app lets them see (their own agency's and shares).
    register_rule(
        "casework.strategy",
        roles(Role.FRONT_DOOR_SOCIAL_WORKER, Role.TEAM_MANAGER, Role.EXPLOITATION_PRACTITIONER),
    )
    # The police at a joint investigation record its outcome alongside social care.
    register_rule(
        "casework.investigate",
        roles(
            Role.FRONT_DOOR_SOCIAL_WORKER,
            Role.TEAM_MANAGER,
            Role.EXPLOITATION_PRACTITIONER,
            Role.POLICE_OFFICER,
        ),
    )

    # A note on a case is the exploitation team's work; any practitioner may add a note to a
    # child's record they may see outside any case (a health nurse's contact, say), and
    # correct, share or label the notes their agency holds.
    def note_work(user, obj=None):
        if obj is not None and obj.case_id is not None:
            return roles(Role.TEAM_MANAGER, Role.EXPLOITATION_PRACTITIONER)(user)
        return may_read_personal_data(user)

    register_rule("casework.note", note_work)
    register_rule("casework.chronology", lambda user, obj=None: may_read_personal_data(user))
    # Anyone who works with children may attach a document to a child's record they may
    # see; it belongs to their agency, and others see it only through a share.
    register_rule("casework.attach", lambda user, obj=None: may_read_personal_data(user))
