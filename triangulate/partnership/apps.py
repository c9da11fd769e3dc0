from django.apps import AppConfig

PARTNERSHIP_ROLES = [
    "partnership_manager",
    "chief_officer",
    "scrutiny_officer",
    "elected_member",
    "team_manager",
    "system_administrator",
]


class PartnershipConfig(AppConfig):
    name = "triangulate.partnership"
    label = "partnership"
    verbose_name = "Partnership: plans, recommendations, scrutiny, training and audits"
    my_work_provider = "triangulate.partnership.work.my_work"
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
        from triangulate.core.access import register_rule

        from .rules import RULES

        for action, rule in RULES.items():
            register_rule(action, rule)
