import os
import time

import pytest
from django.test import Client as HttpClient

from polku.accounts.middleware import REFRESHED
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip on SQLite, except under CI=true where the PostgreSQL run
    is part of the same `make test` and the mark is honoured there."""
    from django.db import connection

    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL (runs in the PostgreSQL pass)")
            )


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

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session["otp_device_id"] = device.persistent_id
    # As a real sign-in leaves it: the session just written (SlidingSessionMiddleware), so
    # the first page does not write it again and query counts compare like with like.
    session[REFRESHED] = int(time.time())
    session.save()
    return http


@pytest.fixture
def signed_in(client, coordinator):
    return login(client, coordinator)


CI = os.environ.get("CI") == "true"


@pytest.fixture
def database_task_backend(settings):
    """Run django.tasks on the persistent database backend (django-tasks-db) for one test,
    as production does; test settings otherwise run tasks immediately."""
    from asgiref.local import Local
    from django.tasks import task_backends

    def reset():
        task_backends.__dict__.pop("settings", None)  # the handler caches its settings
        task_backends._settings = None
        task_backends._connections = Local(task_backends.thread_critical)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reset()
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    reset()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Finnish). A request activates its language
    in the thread (the locale middleware, a portal sign-in in the client's language) and no
    one switches it back, so without this a test read the language of whatever request ran
    before it on the same worker: English length messages where Finnish was expected."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the research results, wrong-code counters …)."""
    from django.core.cache import cache

    cache.clear()
