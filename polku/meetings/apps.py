from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "polku.meetings"
    label = "meetings"
