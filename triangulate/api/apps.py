from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "triangulate.api"
    label = "api"
    verbose_name = "API: tokens and the REST API for partner systems"
