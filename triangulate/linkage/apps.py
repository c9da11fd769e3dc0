from django.apps import AppConfig

from triangulate.core.roles import CASEWORK_ROLES


class LinkageConfig(AppConfig):
    name = "triangulate.linkage"
    label = "linkage"
    verbose_name = "Linkage: agency extracts, matching, review and merges"
    navigation = [("Joining the dots", "linkage:index", sorted(CASEWORK_ROLES))]
    home_cards = [
        (
            "Joining the dots",
            "Import agency extracts, link them to the register and review possible matches.",
            "linkage:index",
            sorted(CASEWORK_ROLES),
        ),
    ]
    timeline_provider = "triangulate.linkage.extensions.timeline"
    person_panels_provider = "triangulate.linkage.extensions.person_panels"

    def ready(self):
        from . import rules

        rules.register()
