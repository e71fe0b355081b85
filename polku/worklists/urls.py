from django.urls import path

from . import views

app_name = "worklists"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("team/", views.team, name="team"),
]
