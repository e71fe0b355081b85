"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1)."""

from django.urls import path

from . import api

urlpatterns = [
    path("research/indicators/", api.IndicatorsView.as_view(), name="research-indicators"),
]
