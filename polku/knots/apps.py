from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnotsConfig(AppConfig):
    name = "polku.knots"
    label = "knots"
    verbose_name = _("Benefit knots")

    def ready(self) -> None:
        from polku.clients import sections, timeline
        from polku.meetings import extensions as meeting_pages
        from polku.meetings.signals import agreement_done

        from . import opening, overview
        from . import timeline as knot_timeline

        sections.register(overview.client_section)
        timeline.register(knot_timeline.timeline_events)
        meeting_pages.register(overview.meeting_section)
        agreement_done.connect(
            opening.resolve_blockers_of_done_agreement, dispatch_uid="knots.agreement_done"
        )
