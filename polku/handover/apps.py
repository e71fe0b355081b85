from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoverConfig(AppConfig):
    name = "polku.handover"
    label = "handover"
    verbose_name = _("Warm handover")

    def ready(self) -> None:
        from polku.clients import sections, timeline

        from . import overview

        sections.register(overview.client_section)
        timeline.register(overview.timeline_events)
