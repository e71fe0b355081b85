from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "polku.privacy"
    label = "privacy"

    def ready(self) -> None:
        from . import retention_checks  # noqa: F401  (POLKU_RETENTION validated at start-up)
