from django.apps import AppConfig

from triangulate.core.roles import CASEWORK_ROLES


class RegisterConfig(AppConfig):
    name = "triangulate.register"
    label = "register"
    verbose_name = "Register: children and other persons"
    timeline_provider = "triangulate.register.extensions.timeline"
    indicator_evidence_provider = "triangulate.register.extensions.indicator_evidence"
    person_panels_provider = "triangulate.register.extensions.person_panels"
    navigation = [("Register", "register:search", sorted(CASEWORK_ROLES))]
    home_cards = [
        (
            "Search the register",
            "Find a child by name, known-as name, date of birth, NHS number or unique pupil number.",
            "register:search",
            sorted(CASEWORK_ROLES),
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()
