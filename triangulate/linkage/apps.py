from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "triangulate.linkage"
    label = "linkage"
