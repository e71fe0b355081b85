from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "polku.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        # Registers the old-data-keys deploy check and the one-coordinator guard.
        from . import key_rotation, triggers  # noqa: F401
