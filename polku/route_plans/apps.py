from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutePlansConfig(AppConfig):
    """Route plans and population screening.

    The package was called `polku.routes` until issue #19 (it read like URL routing). The app
    label stays "routes" on purpose: the tables (`routes_clientfacts`, `routes_routechoice`,
    `routes_screeningrun`, `routes_screeningflag`, the history table), the constraint names, the
    content types and permissions, the migration history in `django_migrations` and the
    dependencies of other apps' migrations all carry the label, so keeping it keeps every
    existing database (demo SQLite and PostgreSQL) valid with no migration. Model references
    such as "routes.ClientFacts" therefore stay as they are. The URL namespace is
    "route_plans"; the URLs themselves (/clients/<id>/routes/, /routes/screening/) are
    unchanged."""

    name = "polku.route_plans"
    label = "routes"
    verbose_name = _("Route plan")
