from django.apps import AppConfig

from triangulate.core.roles import CASEWORK_ROLES, Role

POLICE_ROLES = sorted({Role.POLICE_OFFICER, Role.POLICE_ANALYST})


class IntelligenceConfig(AppConfig):
    name = "triangulate.intelligence"
    label = "intelligence"
    # The domain events this app publishes, with what each carries (core.extensions).
    events = {
        "intelligence.received": ("person", "actor", "item"),
    }
    verbose_name = "Intelligence: the log, persons of concern, places, disruption, the network"
    person_panels_provider = "triangulate.intelligence.extensions.person_panels"
    agenda_provider = "triangulate.intelligence.extensions.agenda_subjects"
    agenda_lookup_provider = "triangulate.intelligence.extensions.agenda_subject"
    agenda_subject_kinds = {
        "concern": "Person of concern",
        "place": "Place",
        "group": "Peer group or context",
    }
    my_work_provider = "triangulate.intelligence.extensions.my_work"
    event_handlers = {
        "missing.interview_findings": "triangulate.intelligence.handlers.on_interview_findings",
        "contact.decided": "triangulate.intelligence.handlers.on_contact_decided",
    }
    navigation = [
        ("Intelligence", "intelligence:log", sorted(CASEWORK_ROLES)),
        ("Problem profiles", "intelligence:profiles", POLICE_ROLES),
    ]
    home_cards = [
        (
            "Intelligence",
            "Submit what you have seen or heard to the police; police grade, link and share it.",
            "intelligence:log",
            sorted(CASEWORK_ROLES),
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()
