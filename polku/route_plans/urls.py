from django.urls import path

from . import views

app_name = "route_plans"
urlpatterns = [
    path("clients/<int:client_id>/routes/", views.route_plan, name="plan"),
    path("clients/<int:client_id>/routes/choose/", views.choose, name="choose"),
    path("clients/<int:client_id>/routes/facts/", views.facts_edit, name="facts"),
    path("routes/screening/", views.screening, name="screening"),
    path("routes/screening/run/", views.screening_run, name="screening_run"),
    path("routes/screening/progress/", views.screening_progress, name="screening_progress"),
]
