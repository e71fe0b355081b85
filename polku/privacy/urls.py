from django.urls import path

app_name = "privacy"

urlpatterns: list = [
    # The right-of-access export (export views) and retention reports add their paths here.
]
