"""The knot API answers bad input with 400 naming the field, never 500 (issue 18, 10)."""

import pytest

from polku.knots.models import Application
from tests.knots.factories import catalogue_service

pytestmark = pytest.mark.django_db


def test_an_application_without_a_status_is_a_400_naming_it(signed_in, client_record):
    catalogue_service("kuntoutusraha", name="Kuntoutusraha")
    response = signed_in.post(
        f"/api/v1/clients/{client_record.pk}/applications/",
        {"service": "kuntoutusraha"},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "status" in response.json()
    assert not Application.objects.exists()
