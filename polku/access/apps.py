from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "polku.access"
    label = "access"
