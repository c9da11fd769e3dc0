from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "triangulate.casework"
    label = "casework"
