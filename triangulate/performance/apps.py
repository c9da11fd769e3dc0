from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "triangulate.performance"
    label = "performance"
