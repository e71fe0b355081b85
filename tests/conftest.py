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


# On PostgreSQL the suite runs as the application's role, as production does (docs/security.md,
# "Roles"): a role that does not own the audit table, with the grants `manage.py database_roles
# --apply` gives it. The tables are created and emptied (flush) by the owner — the session user.
APP_ROLE = "polku_test_app"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connections
    from django.db.backends.signals import connection_created

    if connections["default"].vendor != "postgresql":
        yield
        return
    with django_db_blocker.unblock():
        _grant_app_role(connections["default"])
        for connection in connections.all(initialized_only=True):
            _run_as_app_role(connection=connection)
    connection_created.connect(_run_as_app_role, dispatch_uid="tests.app_role")
    yield
    connection_created.disconnect(dispatch_uid="tests.app_role")
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("RESET ROLE")  # the owner drops the test database


def _grant_app_role(connection) -> None:
    """The role once per cluster (xdist workers may race to create it), then its grants on
    this worker's test database."""
    from django.db import DatabaseError, transaction

    from polku.audit.roles import grant_statements

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE])
        if cursor.fetchone() is None:
            try:
                with transaction.atomic(using=connection.alias):
                    cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
            except DatabaseError:  # another worker created it at the same moment
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE])
                if cursor.fetchone() is None:
                    raise
        for statement in grant_statements(APP_ROLE):
            cursor.execute(statement)


@pytest.fixture
def as_owner():
    """The test plays the database's owner (the role that connected): inspecting partitions,
    migrations, lifting triggers. Elsewhere than PostgreSQL it changes nothing."""
    from django.db import connection

    from polku.core.db_roles import as_session_role

    with as_session_role(connection):
        yield


def _run_as_app_role(sender=None, connection=None, **kwargs) -> None:
    if connection is not None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {APP_ROLE}")


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
