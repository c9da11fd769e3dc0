from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "triangulate.partnership"
    label = "partnership"
