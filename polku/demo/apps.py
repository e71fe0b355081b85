from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "polku.demo"
    label = "demo"
