from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "polku.referrals"
    label = "referrals"
    verbose_name = _("Partner referrals")

    def ready(self) -> None:
        from polku.clients import timeline
        from polku.core import navigation

        from . import overview

        navigation.register(
            navigation.NavItem(
                "referrals:partner_list", _("Referrals"), order=30, visible=overview.nav_partner
            )
        )
        navigation.register(
            navigation.NavItem(
                "referrals:queue", _("Referral queue"), order=31, visible=overview.nav_team
            )
        )
        timeline.register(overview.timeline_events)
        try:
            from polku.worklists import extensions
        except ImportError:  # pragma: no cover - the worklist hook is optional
            return
        extensions.register(overview.worklist_section)
