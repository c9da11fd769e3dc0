from django.apps import AppConfig

from triangulate.core.roles import CASEWORK_ROLES, Role

# Who reads the directory: everyone who works with children, and the partnership's officers.
DIRECTORY_ROLES = sorted(
    {*CASEWORK_ROLES, Role.PARTNERSHIP_MANAGER, Role.CHIEF_OFFICER, Role.SCRUTINY_OFFICER}
)


class SupportConfig(AppConfig):
    name = "triangulate.support"
    label = "support"
    verbose_name = "Support and voice: services, referrals, feedback, complaints"
    navigation = [("Support", "support:directory", DIRECTORY_ROLES)]
    home_cards = [
        (
            "Support services",
            "What help exists for children, families and adult survivors, who it is for, "
            "how long the wait is and until when it is funded.",
            "support:directory",
            [Role.PARTNERSHIP_MANAGER],
        ),
    ]

    def ready(self):
        from triangulate.core import access

        def roles(*codes):
            return lambda user, obj=None: user.has_role(*codes)

        access.register_rule("support.directory", roles(*DIRECTORY_ROLES))
        access.register_rule("support.manage_directory", roles(Role.PARTNERSHIP_MANAGER))
