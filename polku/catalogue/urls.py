from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("map/", views.life_situations, name="map"),
    path("map/services/", views.service_search, name="search"),
    path("map/ended/", views.ended_services, name="ended"),
    path("map/services/<slug:slug>/", views.service_detail, name="service"),
]
