"""URLs of the REST API, version 1 (mounted at /api/v1/; the namespace is the version): every
app's api_urls.py, and the OpenAPI document.

Client-data URLs take `client_id` (and the object's id, e.g. `consent_id`): tests find them
by these names to check the access rule and the audit trail on every one of them."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from .permissions import IsVerifiedProfessional

app_name = "v1"
urlpatterns = [
    # Each capability's own endpoints (its api_urls.py), in the same namespace (v1).
    path("", include("polku.clients.api_urls")),
    path("", include("polku.accounts.api_urls")),
    path("", include("polku.assessment.api_urls")),
    path("", include("polku.plans.api_urls")),
    path("", include("polku.meetings.api_urls")),
    path("", include("polku.handover.api_urls")),
    path("", include("polku.worklists.api_urls")),
    path("", include("polku.catalogue.api_urls")),
    path("", include("polku.route_plans.api_urls")),
    path("", include("polku.knots.api_urls")),
    path("", include("polku.referrals.api_urls")),
    path("", include("polku.portal.api_urls")),
    path("", include("polku.research.api_urls")),
    path(
        "openapi.json",
        # Behind sign-in like every other endpoint (drf-spectacular serves it to anyone by
        # default): a professional with the second factor done; anyone else gets 403.
        SpectacularJSONAPIView.as_view(permission_classes=[IsVerifiedProfessional]),
        name="openapi",
    ),
]
