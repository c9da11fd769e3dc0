from django.apps import AppConfig

from triangulate.core.roles import CASEWORK_ROLES, Role

HUB = [Role.FRONT_DOOR_SOCIAL_WORKER, Role.TEAM_MANAGER]


class FrontdoorConfig(AppConfig):
    name = "triangulate.frontdoor"
    label = "frontdoor"
    # The domain events this app publishes, with what each carries (core.extensions).
    events = {
        "contact.received": ("person", "contact", "actor"),
        "contact.decided": ("contact", "decision", "actor"),
    }
    verbose_name = "Front door: contacts, triage and decisions"
    timeline_provider = "triangulate.frontdoor.extensions.timeline"
    indicator_evidence_provider = "triangulate.frontdoor.extensions.indicator_evidence"
    my_work_provider = "triangulate.frontdoor.extensions.my_work"
    navigation = [("Front door", "frontdoor:home", sorted(CASEWORK_ROLES))]
    home_cards = [
        (
            "Raise a concern about a child",
            "Tell the front door what you have seen or heard. You will get a reference.",
            "frontdoor:raise",
            sorted(CASEWORK_ROLES),
        ),
        (
            "Front-door triage",
            "New contacts on the one-working-day clock, what each agency knows, and decisions.",
            "frontdoor:home",
            HUB,
        ),
        (
            "Levels of need",
            "The partnership's continuum of need: the levels the front door decides at and "
            "the decisions that fit each.",
            "frontdoor:need_levels",
            sorted([Role.PARTNERSHIP_MANAGER, Role.SYSTEM_ADMINISTRATOR]),
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()
