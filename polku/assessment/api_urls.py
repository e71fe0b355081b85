"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1)."""

from django.urls import path

from . import api

urlpatterns = [
    path(
        "clients/<int:client_id>/assessments/",
        api.AssessmentListView.as_view(),
        name="client-assessments",
    )
]
