from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "polku.assessment"
    label = "assessment"
    verbose_name = _("Holistic assessment")

    def ready(self) -> None:
        from polku.clients import sections, timeline

        from .section import client_section, timeline_events

        sections.register(client_section)
        timeline.register(timeline_events)
