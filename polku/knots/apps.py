from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnotsConfig(AppConfig):
    name = "polku.knots"
    label = "knots"
    verbose_name = _("Benefit knots")

    def ready(self) -> None:
        from polku.meetings.signals import agreement_done

        from . import opening

        agreement_done.connect(
            opening.resolve_blockers_of_done_agreement, dispatch_uid="knots.agreement_done"
        )
