import pytest
from django.test import Client as HttpClient
from django.utils import translation

from polku.portal import services


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def portal_login(client_record, coordinator, http=None):
    """A browser session signed in to the portal as `client_record`, through the real page."""
    http = http or HttpClient()
    code = services.create_code(client=client_record, by=coordinator)
    response = http.post("/portal/sign-in/", {"code": code})
    assert response.status_code == 302, response.content.decode()[:500]
    return http


@pytest.fixture
def portal(client_record, coordinator):
    return portal_login(client_record, coordinator)
