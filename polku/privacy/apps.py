from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "polku.privacy"
    label = "privacy"
