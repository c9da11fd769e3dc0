from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "triangulate.missing"
    label = "missing"
