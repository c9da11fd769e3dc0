from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "triangulate.frontdoor"
    label = "frontdoor"
