from django.urls import path

from . import views

app_name = "handover"
urlpatterns = [
    path("clients/<int:client_id>/handover/new/", views.handover_new, name="new"),
    path(
        "clients/<int:client_id>/handover/<int:handover_id>/",
        views.handover_detail,
        name="detail",
    ),
    path(
        "clients/<int:client_id>/handover/<int:handover_id>/meeting/",
        views.handover_link_meeting,
        name="link_meeting",
    ),
    path(
        "clients/<int:client_id>/handover/<int:handover_id>/settle/",
        views.handover_settle,
        name="settle",
    ),
    path(
        "clients/<int:client_id>/handover/<int:handover_id>/accept/",
        views.handover_accept,
        name="accept",
    ),
    path(
        "clients/<int:client_id>/handover/<int:handover_id>/decline/",
        views.handover_decline,
        name="decline",
    ),
    path(
        "clients/<int:client_id>/handover/<int:handover_id>/withdraw/",
        views.handover_withdraw,
        name="withdraw",
    ),
]
