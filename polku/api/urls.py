"""URLs of the REST API, version 1 (mounted at /api/v1/; the namespace is the version).

Client-data URLs take `client_id` (and `consent_id` / `member_id`): tests find them by these
names to check the access rule and the audit trail on every one of them."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from . import views
from .permissions import IsVerifiedProfessional

app_name = "v1"
urlpatterns = [
    path("clients/", views.ClientListView.as_view(), name="client-list"),
    path("clients/<int:client_id>/", views.ClientDetailView.as_view(), name="client-detail"),
    path("clients/<int:client_id>/hetu/", views.RevealHetuView.as_view(), name="client-hetu"),
    path(
        "clients/<int:client_id>/access-requests/",
        views.AccessRequestListView.as_view(),
        name="client-access-requests",
    ),
    path(
        "clients/<int:client_id>/access-requests/<int:request_id>/decide/",
        views.AccessRequestDecideView.as_view(),
        name="client-access-request-decide",
    ),
    path(
        "clients/<int:client_id>/consents/",
        views.ConsentListView.as_view(),
        name="consent-list",
    ),
    path(
        "clients/<int:client_id>/consents/<int:consent_id>/withdraw/",
        views.ConsentWithdrawView.as_view(),
        name="consent-withdraw",
    ),
    path("clients/<int:client_id>/network/", views.NetworkView.as_view(), name="network-list"),
    path(
        "clients/<int:client_id>/network/<int:member_id>/end/",
        views.MemberEndView.as_view(),
        name="network-member-end",
    ),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    # Each capability's own endpoints, in the same namespace (v1).
    path("", include("polku.assessment.api_urls")),
    path("", include("polku.plans.api_urls")),
    path("", include("polku.meetings.api_urls")),
    path("", include("polku.handover.api_urls")),
    path("", include("polku.worklists.api_urls")),
    path("", include("polku.catalogue.api_urls")),
    path("", include("polku.routes.api_urls")),
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
