from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "polku.portal"
    label = "portal"
    verbose_name = _("Client portal")

    def ready(self) -> None:
        from polku.clients import sections
        from polku.core import navigation
        from polku.meetings import extensions as meeting_pages

        from . import selectors

        sections.register(selectors.client_section)
        meeting_pages.register(selectors.meeting_section)
        navigation.register(
            navigation.NavItem(
                "portal:feedback_summary",
                _("Client feedback"),
                order=70,
                visible=lambda user: getattr(user, "is_professional", False),
            )
        )
