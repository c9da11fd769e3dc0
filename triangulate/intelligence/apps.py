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
    person_panels_provider = "triangulate.intelligence.panels.person_panels"
    agenda_provider = "triangulate.intelligence.agenda.agenda_subjects"
    agenda_lookup_provider = "triangulate.intelligence.agenda.agenda_subject"
    agenda_subject_kinds = {
        "concern": "Person of concern",
        "place": "Place",
        "group": "Peer group or context",
    }
    my_work_provider = "triangulate.intelligence.work.my_work"
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
        from triangulate.core import access

        from .services import is_police, may_refer_to_licensing

        access.register_rule(
            "intelligence.submit", lambda user, obj=None: user.has_role(*CASEWORK_ROLES)
        )
        # Grading, linking and sanitising: police officers and analysts of the owning force.
        access.register_rule(
            "intelligence.grade",
            lambda user, obj=None: (
                is_police(user) and (obj is None or obj.owning_agency_id == user.agency_id)
            ),
        )
        # Persons of concern, places, disruption and the police view of the network.
        access.register_rule("intelligence.pursue", lambda user, obj=None: is_police(user))
        # Places and their referrals to the licensing authority: police, and the council's
        # children's services (each sees only the places held by or shared with its agency).
        access.register_rule(
            "intelligence.licensing", lambda user, obj=None: may_refer_to_licensing(user)
        )
        # Peer groups and contexts: police and the council's children's services, the
        # agencies that own them (each sees those held by or shared with its agency).
        access.register_rule(
            "intelligence.groups", lambda user, obj=None: may_refer_to_licensing(user)
        )
