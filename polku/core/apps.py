from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "polku.core"
    label = "core"

    def ready(self) -> None:
        from . import widgets

        widgets.install()
