from django.urls import path

from . import views

app_name = "privacy"

urlpatterns: list = [
    # The right of access (GDPR art. 15): the client's own copy and the officer's requests.
    path("portal/my-information/", views.portal_export, name="portal_export"),
    path("privacy/data-requests/", views.data_request, name="data_request"),
    # Retention reports add their paths here.
]
