"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1)."""

from django.urls import path

from . import api

urlpatterns = [
    path("portal/plan/", api.PlanView.as_view(), name="portal-plan"),
    path("portal/agreements/", api.AgreementsView.as_view(), name="portal-agreements"),
    path("portal/consents/", api.ConsentsView.as_view(), name="portal-consents"),
    path("portal/applications/", api.ApplicationsView.as_view(), name="portal-applications"),
]
