from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "polku.core"
    label = "core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import widgets

        widgets.install()
        # Every app's contributions to pages it does not own (polku.core.hooks).
        autodiscover_modules("hooks")
