from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("polku.clients.urls")),
    path("", include("polku.assessment.urls")),
    path("", include("polku.plans.urls")),
    path("", include("polku.meetings.urls")),
    path("", include("polku.handover.urls")),
    path("", include("polku.worklists.urls")),
    path("", include("polku.catalogue.urls")),
    path("", include("polku.route_plans.urls")),
    path("", include("polku.knots.urls")),
    path("", include("polku.referrals.urls")),
    path("", include("polku.portal.urls")),
    path("", include("polku.research.urls")),
    path("", include("polku.privacy.urls")),
    path("accounts/", include("polku.accounts.urls")),
    path("api/v1/", include("polku.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

# Polku's own error pages in the reader's language (polku/core/errors.py).
handler400 = "polku.core.errors.bad_request"
handler403 = "polku.core.errors.permission_denied"
handler404 = "polku.core.errors.page_not_found"
handler500 = "polku.core.errors.server_error"
