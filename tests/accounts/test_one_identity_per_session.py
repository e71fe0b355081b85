"""A browser holds one identity at a time: a professional's sign-in ends the client's portal
session on that browser, the portal refuses a signed-in professional, and the professionals'
pages refuse a portal client (issue #18, finding 3)."""

import pytest
from django.test import Client as HttpClient

from polku.portal import session as portal_session
from tests.conftest import login
from tests.portal.conftest import portal_login

pytestmark = pytest.mark.django_db
PASSWORD = "salasana-testi-123"


def test_a_professional_signing_in_ends_the_clients_portal_session(client_record, coordinator):
    http = portal_login(client_record, coordinator)
    assert client_record.first_names in http.get("/portal/").content.decode()
    response = http.post(
        "/accounts/login/", {"username": coordinator.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert portal_session.KEY not in http.session
    response = http.get("/portal/")
    assert response.status_code == 302  # to the second factor or the portal's sign-in
    assert client_record.first_names not in http.get("/portal/", follow=True).content.decode()
    assert http.get("/api/v1/portal/plan/").status_code in (401, 403)
    login(http, coordinator)  # the second factor done too: still no portal page
    response = http.get("/portal/")
    assert response["Location"].startswith("/portal/sign-in/")


def test_the_portal_refuses_a_session_that_holds_a_professional(client_record, coordinator):
    """Even a session that somehow holds both identities shows the professional no client
    page of the portal, and the portal keys are dropped."""
    http = login(HttpClient(), coordinator)
    session = http.session
    session[portal_session.KEY] = client_record.pk
    session[portal_session.STARTED] = session[portal_session.SEEN] = 2**31 - 1
    session.save()
    response = http.get("/portal/")
    assert response.status_code == 302
    assert client_record.first_names not in response.content.decode()
    assert http.get("/api/v1/portal/plan/").status_code in (401, 403)
    assert portal_session.KEY not in http.session


def test_the_professionals_pages_refuse_a_portal_client(client_record, coordinator):
    http = portal_login(client_record, coordinator)
    response = http.get(f"/clients/{client_record.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert http.get("/api/v1/clients/").status_code in (401, 403)
    assert http.get(f"/api/v1/clients/{client_record.pk}/").status_code in (401, 403)
