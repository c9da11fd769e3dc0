"""Who may read and keep the support directory and refer people to support (registered with
core.access from SupportConfig.ready)."""

from __future__ import annotations

from triangulate.core.roles import CASEWORK_ROLES, Role

# Who reads the directory: everyone who works with children, and the partnership's officers.
DIRECTORY_ROLES = sorted(
    {*CASEWORK_ROLES, Role.PARTNERSHIP_MANAGER, Role.CHIEF_OFFICER, Role.SCRUTINY_OFFICER}
)

VOICE_ROLES = sorted({Role.PARTNERSHIP_MANAGER, Role.CHIEF_OFFICER, Role.SCRUTINY_OFFICER})


def _roles(*codes):
    return lambda user, obj=None: user.has_role(*codes)


def register() -> None:
    from triangulate.core import access  # after the app registry is ready

    access.register_rule("support.directory", _roles(*DIRECTORY_ROLES))
    access.register_rule("support.manage_directory", _roles(Role.PARTNERSHIP_MANAGER))
    # Survivors' feedback: read by the partnership's officers, kept by its manager; entered by
    # anyone who works with children and families (it names no one).
    access.register_rule("support.voice", _roles(*VOICE_ROLES))
    access.register_rule("support.manage_voice", _roles(Role.PARTNERSHIP_MANAGER))
    access.register_rule(
        "support.feedback_enter", _roles(*CASEWORK_ROLES, Role.PARTNERSHIP_MANAGER)
    )
    # Complaints and whistleblowing: handled by the partnership manager; the raiser's identity
    # is opened only by the designated officer, the information governance lead (ADR 0015).
    access.register_rule(
        "support.complaints",
        _roles(Role.PARTNERSHIP_MANAGER, Role.INFORMATION_GOVERNANCE_LEAD),
    )
    access.register_rule("support.manage_complaints", _roles(Role.PARTNERSHIP_MANAGER))
    access.register_rule("support.unseal", _roles(Role.INFORMATION_GOVERNANCE_LEAD))
    # Ward figures (counts, small numbers suppressed) for elected members and the partnership.
    access.register_rule(
        "support.wards",
        _roles(
            Role.ELECTED_MEMBER,
            Role.SCRUTINY_OFFICER,
            Role.PARTNERSHIP_MANAGER,
            Role.CHIEF_OFFICER,
        ),
    )
    # Anyone who works with people's records may refer them to support.
    access.register_rule(
        "support.refer", lambda user, obj=None: access.may_read_personal_data(user)
    )
