from django.apps import AppConfig

from triangulate.core.roles import CASEWORK_ROLES, Role


class RiskConfig(AppConfig):
    name = "triangulate.risk"
    label = "risk"
    verbose_name = "Risk: tools, assessments, reviews and safety plans"
    person_panels_provider = "triangulate.risk.panels.person_panels"
    my_work_provider = "triangulate.risk.work.my_work"
    timeline_provider = "triangulate.risk.work.timeline"
    oversight_provider = "triangulate.risk.work.oversight"
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
        from triangulate.core import access

        from .services import ASSESSING_ROLES, TOOL_EDITING_ROLES

        access.register_rule(
            "risk.view",
            lambda user, obj=None: (
                access.may_read_personal_data(user) or user.has_role(*TOOL_EDITING_ROLES)
            ),
        )
        access.register_rule("risk.assess", lambda user, obj=None: user.has_role(*ASSESSING_ROLES))
        access.register_rule(
            "risk.sign_off",
            lambda user, obj=None: (
                user.has_role(Role.TEAM_MANAGER)
                and (obj is None or obj.owning_agency_id == user.agency_id)
            ),
        )
        access.register_rule(
            "risk.contribute",
            lambda user, obj=None: (
                user.has_role(*CASEWORK_ROLES)
                and (obj is None or access.may(user, "record.view", obj))
            ),
        )
        access.register_rule(
            "risk.edit_tools", lambda user, obj=None: user.has_role(*TOOL_EDITING_ROLES)
        )
