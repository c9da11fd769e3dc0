from django.apps import AppConfig

from triangulate.core.roles import Role

from .rules import DIRECTORY_ROLES


class SupportConfig(AppConfig):
    name = "triangulate.support"
    label = "support"
    verbose_name = "Support and voice: services, referrals, feedback, complaints"
    timeline_provider = "triangulate.support.extensions.timeline"
    my_work_provider = "triangulate.support.extensions.my_work"
    person_panels_provider = "triangulate.support.extensions.person_panels"
    navigation = [("Support", "support:directory", DIRECTORY_ROLES)]
    home_cards = [
        (
            "Support services",
            "What help exists for children, families and adult survivors, who it is for, "
            "how long the wait is and until when it is funded.",
            "support:directory",
            [Role.PARTNERSHIP_MANAGER],
        ),
        (
            "Complaints and whistleblowing",
            "Complaints and whistleblowing about how concerns were handled, by stage and "
            "deadline; who raised each is sealed to the designated officer.",
            "support:complaints",
            [Role.PARTNERSHIP_MANAGER, Role.INFORMATION_GOVERNANCE_LEAD],
        ),
        (
            "Your ward: complaints, whistleblowing and support",
            "Complaints, whistleblowing concerns and referrals to support by ward, with small "
            "numbers shown as fewer than 5.",
            "support:wards",
            [Role.ELECTED_MEMBER, Role.SCRUTINY_OFFICER],
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()
