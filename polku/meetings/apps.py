from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "polku.meetings"
    label = "meetings"
    verbose_name = _("Network meetings")

    def ready(self) -> None:
        from polku.clients import sections, timeline

        from . import overview

        sections.register(overview.client_section)
        timeline.register(overview.timeline_events)
