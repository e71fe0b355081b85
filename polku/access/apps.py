from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "polku.access"
    label = "access"

    def ready(self) -> None:
        from polku.clients import sections

        from . import policy

        sections.register(policy.overview_section)
