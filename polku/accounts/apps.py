from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "polku.accounts"
    label = "accounts"
    verbose_name = _("Organisations and professionals")

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401
