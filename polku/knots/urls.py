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
        "clients/<int:client_id>/knot/blockers/<int:blocker_id>/resolve/",
        views.blocker_resolve,
        name="resolve",
    ),
]
