from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "polku.research"
    label = "research"
    verbose_name = _("Research and reporting")

    def ready(self) -> None:
        from polku.clients import sections
        from polku.core import navigation

        from . import exports, selectors

        sections.register(selectors.client_section)
        navigation.register(
            navigation.NavItem(
                "research:dashboard",
                _("Reports"),
                order=80,
                visible=selectors.can_view_dashboard,
            )
        )
        navigation.register(
            navigation.NavItem(
                "research:exports", _("Research exports"), order=85, visible=exports.can_export
            )
        )
