from django.apps import AppConfig

from .roles import CASEWORK_ROLES


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
            sorted(CASEWORK_ROLES | {"partnership_manager", "chief_officer", "scrutiny_officer"}),
        ),
    ]
    home_cards = [
        (
            "Check the audit log",
            "Confirm that no entry in the audit log has been edited, removed or reordered.",
            "core:audit_check",
            ["system_administrator"],
        ),
    ]
