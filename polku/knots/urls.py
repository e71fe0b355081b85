from django.urls import path

from . import views

app_name = "knots"
urlpatterns = [
    path("clients/<int:client_id>/knot/", views.knot_view, name="knot"),
    path(
        "clients/<int:client_id>/knot/applications/", views.application_add, name="add_application"
    ),
    path(
        "clients/<int:client_id>/knot/applications/<int:application_id>/blockers/",
        views.blocker_add,
        name="add_blocker",
    ),
    path(
        "clients/<int:client_id>/knot/applications/<int:application_id>/status/",
        views.application_status,
        name="application_status",
    ),
    path(
        "clients/<int:client_id>/knot/blockers/<int:blocker_id>/resolve/",
        views.blocker_resolve,
        name="resolve",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/knot/start/",
        views.opening_start,
        name="opening_start",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/knot/",
        views.opening_view,
        name="opening",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/knot/step/",
        views.opening_step,
        name="opening_step",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/knot/finish/",
        views.opening_finish,
        name="opening_finish",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/knot/summary/",
        views.opening_summary,
        name="opening_summary",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/knot/summary.pdf",
        views.opening_summary_pdf,
        name="opening_summary_pdf",
    ),
]
