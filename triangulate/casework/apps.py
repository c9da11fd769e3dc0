from django.apps import AppConfig

from triangulate.core.roles import Role

CASE_ROLES = sorted(
    [Role.EXPLOITATION_PRACTITIONER, Role.TEAM_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER]
)


class CaseworkConfig(AppConfig):
    name = "triangulate.casework"
    label = "casework"
    # The domain events this app publishes, with what each carries (core.extensions).
    events = {
        "casework.strategy_discussion_held": ("discussion", "actor"),
        "casework.joint_investigation_started": ("investigation", "actor"),
    }
    verbose_name = "Casework: exploitation cases, allocation, capacity and tasks"
    timeline_provider = "triangulate.casework.extensions.timeline"
    chronology_provider = "triangulate.casework.extensions.chronology"
    my_work_provider = "triangulate.casework.extensions.my_work"
    person_panels_provider = "triangulate.casework.extensions.person_panels"
    record_links_provider = "triangulate.casework.extensions.record_links"
    navigation = [("Cases", "casework:list", CASE_ROLES)]
    home_cards = [
        (
            "Cases and caseloads",
            "Open exploitation cases, who holds them, and each worker's caseload against capacity.",
            "casework:list",
            [Role.TEAM_MANAGER],
        ),
        (
            "Teams and capacity",
            "Your agency's teams, who works in each and the caseload each worker carries.",
            "casework:teams",
            [Role.TEAM_MANAGER, Role.SYSTEM_ADMINISTRATOR],
        ),
        (
            "Team oversight",
            "Children not seen alone lately, notes typed late and cases no one holds.",
            "casework:oversight",
            [Role.TEAM_MANAGER],
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()
