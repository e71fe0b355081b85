"""Fixtures for the API tests. The shared ones (kela, municipality, coordinator,
client_record, signed_in) come from tests/conftest.py."""

import pytest

from polku.audit.models import AuditEvent

API = "/api/v1"


def events(client_record, **filters):
    """The audit events of one client, oldest first."""
    return AuditEvent.objects.filter(client=client_record, **filters).order_by("id")


@pytest.fixture
def api(signed_in):
    """The coordinator, signed in with the second factor, talking JSON."""
    return signed_in


def post_json(http, url, data):
    return http.post(url, data, content_type="application/json")


def patch_json(http, url, data):
    return http.patch(url, data, content_type="application/json")
