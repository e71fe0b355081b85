from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "polku.plans"
    label = "plans"
