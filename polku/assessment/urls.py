from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("clients/<int:client_id>/assessments/", views.assessment_list, name="list"),
    path("clients/<int:client_id>/assessments/new/", views.assessment_new, name="new"),
    path(
        "clients/<int:client_id>/assessments/<int:assessment_id>/",
        views.assessment_detail,
        name="detail",
    ),
]
