"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1).

Client-data URLs take `client_id` (and `consent_id` / `member_id` / `request_id`): tests find
them by these names to check the access rule and the audit trail on every one of them."""

from django.urls import path

from . import api

urlpatterns = [
    path("clients/", api.ClientListView.as_view(), name="client-list"),
    path("clients/<int:client_id>/", api.ClientDetailView.as_view(), name="client-detail"),
    path("clients/<int:client_id>/hetu/", api.RevealHetuView.as_view(), name="client-hetu"),
    path(
        "clients/<int:client_id>/access-requests/",
        api.AccessRequestListView.as_view(),
        name="client-access-requests",
    ),
    path(
        "clients/<int:client_id>/access-requests/<int:request_id>/decide/",
        api.AccessRequestDecideView.as_view(),
        name="client-access-request-decide",
    ),
    path(
        "clients/<int:client_id>/consents/",
        api.ConsentListView.as_view(),
        name="consent-list",
    ),
    path(
        "clients/<int:client_id>/consents/<int:consent_id>/withdraw/",
        api.ConsentWithdrawView.as_view(),
        name="consent-withdraw",
    ),
    path("clients/<int:client_id>/network/", api.NetworkView.as_view(), name="network-list"),
    path(
        "clients/<int:client_id>/network/<int:member_id>/end/",
        api.MemberEndView.as_view(),
        name="network-member-end",
    ),
]
