from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutesConfig(AppConfig):
    name = "polku.routes"
    label = "routes"
    verbose_name = _("Route plan")

    def ready(self) -> None:
        from polku.clients import sections
        from polku.core import navigation

        from . import overview

        sections.register(overview.client_section)
        navigation.register(
            navigation.NavItem(
                "routes:screening",
                _("Likely eligible"),
                order=60,
                visible=lambda user: getattr(user, "is_professional", False),
            )
        )
