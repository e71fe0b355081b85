"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1)."""

from django.urls import path

from . import api

urlpatterns = [
    path(
        "clients/<int:client_id>/meetings/", api.MeetingListView.as_view(), name="client-meetings"
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/",
        api.MeetingDetailView.as_view(),
        name="client-meeting",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/agreements/",
        api.AgreementListView.as_view(),
        name="client-meeting-agreements",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/close/",
        api.MeetingCloseView.as_view(),
        name="client-meeting-close",
    ),
]
