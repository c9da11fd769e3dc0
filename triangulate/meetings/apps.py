from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "triangulate.meetings"
    label = "meetings"
