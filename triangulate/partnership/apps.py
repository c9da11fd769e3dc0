from django.apps import AppConfig

from triangulate.core.roles import Role

PARTNERSHIP_ROLES = [
    Role.PARTNERSHIP_MANAGER,
    Role.CHIEF_OFFICER,
    Role.SCRUTINY_OFFICER,
    Role.ELECTED_MEMBER,
    Role.TEAM_MANAGER,
    Role.SYSTEM_ADMINISTRATOR,
]


class PartnershipConfig(AppConfig):
    name = "triangulate.partnership"
    label = "partnership"
    verbose_name = "Partnership: plans, recommendations, scrutiny, training and audits"
    my_work_provider = "triangulate.partnership.extensions.my_work"
    navigation = [
        ("Plans", "partnership:plans", PARTNERSHIP_ROLES),
        ("Scrutiny", "partnership:scrutiny", PARTNERSHIP_ROLES),
    ]
    home_cards = [
        (
            "Delivery plans",
            "Actions, owners, target dates and why each action has its colour.",
            "partnership:plans",
            PARTNERSHIP_ROLES,
        ),
        (
            "Recommendations register",
            "Every review's recommendations, their status and the actions that deliver them.",
            "partnership:recommendations",
            PARTNERSHIP_ROLES,
        ),
        (
            "Scrutiny meetings",
            "Questions, answers, overdue written answers and follow-ups.",
            "partnership:scrutiny",
            PARTNERSHIP_ROLES,
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()
