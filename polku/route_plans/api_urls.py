"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1)."""

from django.urls import path

from . import api

urlpatterns = [
    path("clients/<int:client_id>/routes/", api.RoutePlanView.as_view(), name="client-routes"),
    path(
        "clients/<int:client_id>/route-facts/",
        api.RouteFactsView.as_view(),
        name="client-route-facts",
    ),
]
