"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1)."""

from django.urls import path

from . import api

urlpatterns = [
    path("organisations/", api.OrganisationListView.as_view(), name="organisation-list"),
]
