from django.apps import AppConfig

from triangulate.core.roles import Role


class GovernanceConfig(AppConfig):
    name = "triangulate.governance"
    label = "governance"
    verbose_name = "Governance: two-factor sign-in and the administration of users"
    navigation = [("Users", "governance:users", [Role.SYSTEM_ADMINISTRATOR])]
