from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate

from .roles import CASEWORK_ROLES, Role


class CoreConfig(AppConfig):
    name = "triangulate.core"
    label = "core"
    verbose_name = "Core: agencies, users, access, audit, clocks"
    # Navigation entries this app contributes: (label, url name, roles allowed or None for all).
    navigation = [
        ("Home", "core:home", None),
        # Partnership roles lead plan actions and chase written answers, so they have work too.
        (
            "My work",
            "core:my_work",
            sorted(
                CASEWORK_ROLES
                | {Role.PARTNERSHIP_MANAGER, Role.CHIEF_OFFICER, Role.SCRUTINY_OFFICER}
            ),
        ),
    ]
    home_cards = [
        (
            "Check the audit log",
            "Confirm that no entry in the audit log has been edited, removed or reordered.",
            "core:audit_check",
            [Role.SYSTEM_ADMINISTRATOR],
        ),
    ]

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self)
        # Connects the receiver that puts records right when a worker stops mid-task.
        from django.core import checks

        from . import background  # noqa: F401
        from .extensions import check_event_handlers

        checks.register(check_event_handlers)


def create_cache_table(sender, using="default", **kwargs):
    """The database cache's table (rate limits, sign-in counts), made by every migrate."""
    call_command("createcachetable", database=using, verbosity=0)
