from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("", views.my_clients, name="my_clients"),
    path("clients/new/", views.client_new, name="new"),
    path("clients/<int:client_id>/", views.client_detail, name="detail"),
    path("clients/<int:client_id>/edit/", views.client_edit, name="edit"),
    path("clients/<int:client_id>/hetu/", views.reveal_hetu, name="reveal_hetu"),
    path("clients/<int:client_id>/consents/new/", views.consent_new, name="consent_new"),
    path(
        "clients/<int:client_id>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "clients/<int:client_id>/access-requests/<int:request_id>/",
        views.access_request_decide,
        name="access_request",
    ),
    path("clients/<int:client_id>/network/add/", views.member_add, name="member_add"),
    path(
        "clients/<int:client_id>/network/<int:member_id>/end/",
        views.member_end,
        name="member_end",
    ),
]
