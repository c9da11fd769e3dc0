from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "triangulate.intelligence"
    label = "intelligence"
