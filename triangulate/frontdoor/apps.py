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
    timeline_provider = "triangulate.frontdoor.providers.timeline"
    indicator_evidence_provider = "triangulate.frontdoor.evidence.indicator_evidence"
    my_work_provider = "triangulate.frontdoor.providers.my_work"
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
    ]

    def ready(self):
        from triangulate.core.access import register_rule

        from .rules import is_hub_user, may_contribute, may_raise

        register_rule("frontdoor.raise", lambda user, obj=None: may_raise(user))
        register_rule("frontdoor.triage", lambda user, obj=None: is_hub_user(user))
        register_rule("frontdoor.contribute", lambda user, obj=None: may_contribute(user))
