from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "triangulate.risk"
    label = "risk"
