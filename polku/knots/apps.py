from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnotsConfig(AppConfig):
    name = "polku.knots"
    label = "knots"
    verbose_name = _("Benefit knots")
