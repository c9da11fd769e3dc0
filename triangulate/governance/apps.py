from django.apps import AppConfig

from triangulate.core.roles import Role

AGREEMENT_ROLES = [Role.INFORMATION_GOVERNANCE_LEAD, Role.PARTNERSHIP_MANAGER]
APPROVER_ROLES = [Role.TEAM_MANAGER, Role.INFORMATION_GOVERNANCE_LEAD]
LEAD_ROLES = [Role.INFORMATION_GOVERNANCE_LEAD]
MEMBER_WARD_ROLES = [Role.PARTNERSHIP_MANAGER, Role.SYSTEM_ADMINISTRATOR]
RETENTION_ROLES = [Role.INFORMATION_GOVERNANCE_LEAD, Role.SYSTEM_ADMINISTRATOR]


class GovernanceConfig(AppConfig):
    name = "triangulate.governance"
    label = "governance"
    verbose_name = (
        "Governance: two-factor sign-in, sharing agreements, shares outside them, subject "
        "access requests, the retention schedule, and the administration of users"
    )
    my_work_provider = "triangulate.governance.extensions.my_work"
    navigation = [
        ("Agreements", "governance:agreements", AGREEMENT_ROLES),
        ("Emergency access", "governance:break_glass_queue", LEAD_ROLES),
        ("Subject access", "governance:subject_access_list", LEAD_ROLES),
        ("Retention", "governance:retention", RETENTION_ROLES),
        ("Users", "governance:users", [Role.SYSTEM_ADMINISTRATOR]),
    ]
    home_cards = [
        (
            "Information-sharing agreements",
            "Record agreements between agencies, review them when they fall due, and see the "
            "shares made under each.",
            "governance:agreements",
            AGREEMENT_ROLES,
        ),
        (
            "Shares waiting for approval",
            "Records your agency shared outside any live agreement, each needing a manager's "
            "reason.",
            "governance:approvals",
            APPROVER_ROLES,
        ),
        (
            "Decisions not to share",
            "Decisions your agency made not to share a record, with the reasons, counted by "
            "agency.",
            "governance:decisions",
            APPROVER_ROLES,
        ),
        (
            "Emergency access to review",
            "Every break-glass use of your agency's records, with its justification.",
            "governance:break_glass_queue",
            LEAD_ROLES,
        ),
        (
            "Subject access requests",
            "Requests to see what the partnership holds about a person: gather, redact other "
            "people's details, review and release, within one calendar month.",
            "governance:subject_access_list",
            LEAD_ROLES,
        ),
        (
            "Retention and legal holds",
            "How long each type of record is kept and why, holds that stop destruction, and "
            "what would be destroyed today.",
            "governance:retention",
            RETENTION_ROLES,
        ),
        (
            "Elected members' wards",
            "The ward each councillor represents, on which their ward figures open.",
            "governance:member_wards",
            [Role.PARTNERSHIP_MANAGER],
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()
