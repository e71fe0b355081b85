from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "polku.portal"
    label = "portal"
    verbose_name = _("Client portal")

    def ready(self) -> None:
        from polku.clients import sections

        from . import selectors

        sections.register(selectors.client_section)
