from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "triangulate.demo"
    label = "demo"
