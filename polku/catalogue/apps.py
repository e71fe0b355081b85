from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "polku.catalogue"
    label = "catalogue"
    verbose_name = _("Service map")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, post_save

        from . import checks, signals  # checks: registers the Voikko system check
        from .curators import ensure_curators_group
        from .models import Provider, Service

        assert checks.voikko_installed  # registered on import
        post_migrate.connect(ensure_curators_group, sender=self)
        post_save.connect(signals.service_saved, sender=Service, dispatch_uid="catalogue-index")
        post_save.connect(
            signals.provider_saved, sender=Provider, dispatch_uid="catalogue-index-provider"
        )
