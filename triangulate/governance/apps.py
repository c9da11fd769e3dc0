from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "triangulate.governance"
    label = "governance"
