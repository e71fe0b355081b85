from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "polku.worklists"
    label = "worklists"
