from django.apps import AppConfig

from triangulate.core.roles import CASEWORK_ROLES, Role


class RiskConfig(AppConfig):
    name = "triangulate.risk"
    label = "risk"
    verbose_name = "Risk: tools, assessments, reviews and safety plans"
    person_panels_provider = "triangulate.risk.extensions.person_panels"
    my_work_provider = "triangulate.risk.extensions.my_work"
    timeline_provider = "triangulate.risk.extensions.timeline"
    oversight_provider = "triangulate.risk.extensions.oversight"
    event_handlers = {
        "contact.received": "triangulate.risk.handlers.on_contact_received",
        "intelligence.received": "triangulate.risk.handlers.on_intelligence_received",
        "missing.episode_started": "triangulate.risk.handlers.on_missing_episode_started",
        "missing.episode_ended": "triangulate.risk.handlers.on_missing_episode_ended",
        "missing.interview_findings": "triangulate.risk.handlers.on_interview_findings",
    }
    navigation = [
        ("Risk", "risk:index", sorted(CASEWORK_ROLES)),
        ("Risk tools", "risk:tools", [Role.PARTNERSHIP_MANAGER, Role.SYSTEM_ADMINISTRATOR]),
    ]
    home_cards = [
        (
            "Risk tools",
            "See and publish versions of the partnership's exploitation risk tool.",
            "risk:tools",
            [Role.PARTNERSHIP_MANAGER, Role.SYSTEM_ADMINISTRATOR],
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()
