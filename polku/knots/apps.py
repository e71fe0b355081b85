from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnotsConfig(AppConfig):
    name = "polku.knots"
    label = "knots"
    verbose_name = _("Benefit knots")

    def ready(self) -> None:
        from polku.clients import sections

        from . import overview

        sections.register(overview.client_section)
