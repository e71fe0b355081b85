"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1)."""

urlpatterns: list = []
