from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "polku.catalogue"
    label = "catalogue"
    verbose_name = _("Service map")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from polku.core import navigation

        from .curators import ensure_curators_group

        post_migrate.connect(ensure_curators_group, sender=self)

        navigation.register(navigation.NavItem("catalogue:map", _("Service map"), order=20))
