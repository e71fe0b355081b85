import os

import pytest
from django.test import Client as HttpClient

from tests.factories import OrganisationFactory, ProfessionalFactory, make_client


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip on SQLite, except under CI=true where the PostgreSQL run
    is part of the same `make test` and the mark is honoured there."""
    from django.db import connection

    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (runs in the PostgreSQL pass)"))


@pytest.fixture
def kela():
    return OrganisationFactory(name="Kela, Etelä-Pohjanmaa", kind="kela")


@pytest.fixture
def municipality():
    return OrganisationFactory(name="Seinäjoen työllisyyspalvelut", kind="employment")


@pytest.fixture
def coordinator(kela):
    return ProfessionalFactory(username="koordinaattori", organisation=kela)


@pytest.fixture
def client_record(coordinator):
    return make_client(coordinator=coordinator)


def login(http: HttpClient, user) -> HttpClient:
    """Sign in with the second factor done (the OTP flow itself is tested separately)."""
    http.force_login(user)
    session = http.session
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session["otp_device_id"] = device.persistent_id
    session.save()
    return http


@pytest.fixture
def signed_in(client, coordinator):
    return login(client, coordinator)


CI = os.environ.get("CI") == "true"
