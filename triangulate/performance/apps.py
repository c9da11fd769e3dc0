from django.apps import AppConfig

from triangulate.core.roles import Role

# Everyone with a role sees the figures (see rules.PERFORMANCE_ROLES).
PERFORMANCE_ROLES = sorted(set(Role.values) - {Role.SYSTEM_ADMINISTRATOR})


class PerformanceConfig(AppConfig):
    name = "triangulate.performance"
    label = "performance"
    verbose_name = "Performance: measures defined in writing and computed from the records"
    navigation = [("Performance", "performance:index", PERFORMANCE_ROLES)]
    home_cards = [
        (
            "Performance",
            "The figures the partnership reports, each defined in writing, computed from the "
            "records and open to the records behind it.",
            "performance:index",
            PERFORMANCE_ROLES,
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()
