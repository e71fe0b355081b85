"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1)."""

from django.urls import path

from . import api

urlpatterns = [
    path("clients/<int:client_id>/knot/", api.KnotView.as_view(), name="client-knot"),
    path(
        "clients/<int:client_id>/applications/",
        api.ApplicationListView.as_view(),
        name="client-applications",
    ),
    path(
        "clients/<int:client_id>/applications/<int:application_id>/",
        api.ApplicationView.as_view(),
        name="client-application",
    ),
    path(
        "clients/<int:client_id>/applications/<int:application_id>/blockers/",
        api.BlockerListView.as_view(),
        name="client-application-blockers",
    ),
    path(
        "clients/<int:client_id>/blockers/<int:blocker_id>/resolve/",
        api.BlockerResolveView.as_view(),
        name="client-blocker-resolve",
    ),
]
