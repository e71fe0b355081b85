from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("research/", views.dashboard, name="dashboard"),
    path("research/tables/<slug:indicator_id>.csv", views.table_csv, name="table_csv"),
    path("research/report.pdf", views.report, name="report"),
    path("research/exports/", views.export_list, name="exports"),
    path(
        "research/exports/<int:export_id>/<str:name>",
        views.export_file,
        name="export_file",
    ),
    path("clients/<int:client_id>/outcomes/", views.outcomes, name="outcomes"),
]
