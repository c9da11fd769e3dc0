from django.apps import AppConfig

from triangulate.core.roles import CASEWORK_ROLES, Role

MANAGING_ROLES = (
    Role.EXPLOITATION_PRACTITIONER,
    Role.TEAM_MANAGER,
    Role.FRONT_DOOR_SOCIAL_WORKER,
    Role.POLICE_OFFICER,
    Role.POLICE_ANALYST,
)


class MeetingsConfig(AppConfig):
    name = "triangulate.meetings"
    label = "meetings"
    verbose_name = "Meetings: daily hub, MACE and strategy meetings"
    my_work_provider = "triangulate.meetings.extensions.my_work"
    event_handlers = {
        "intelligence.received": "triangulate.meetings.handlers.on_intelligence_received",
    }
    navigation = [("Meetings", "meetings:list", sorted(CASEWORK_ROLES))]
    home_cards = [
        (
            "Meetings",
            "Daily hub, MACE and strategy meetings: agendas from the records, decisions and actions.",
            "meetings:list",
            sorted(CASEWORK_ROLES),
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()
