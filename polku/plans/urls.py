from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("clients/<int:client_id>/plan/", views.plan_page, name="plan"),
    path("clients/<int:client_id>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("clients/<int:client_id>/path/", views.path_page, name="path"),
    path("clients/<int:client_id>/plan/goals/new/", views.goal_new, name="goal_new"),
    path(
        "clients/<int:client_id>/plan/goals/<int:goal_id>/edit/",
        views.goal_edit,
        name="goal_edit",
    ),
    path(
        "clients/<int:client_id>/plan/goals/<int:goal_id>/steps/new/",
        views.step_new,
        name="step_new",
    ),
    path(
        "clients/<int:client_id>/plan/steps/<int:step_id>/edit/",
        views.step_edit,
        name="step_edit",
    ),
    path(
        "clients/<int:client_id>/plan/steps/<int:step_id>/assign/",
        views.step_assign,
        name="step_assign",
    ),
    path(
        "clients/<int:client_id>/plan/steps/<int:step_id>/status/",
        views.step_status,
        name="step_status",
    ),
]
