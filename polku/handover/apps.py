from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "polku.handover"
    label = "handover"
