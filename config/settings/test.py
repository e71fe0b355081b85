"""Settings for the test suite (pytest-django names this module in pyproject.toml; DJANGO_ENV
is set to match, so commands a test starts in a subprocess run with the test settings too)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, env

INSTALLED_APPS = [*INSTALLED_APPS, "polku.demo"]  # the demo's commands are tested

os.environ.setdefault("DJANGO_ENV", "test")

DEBUG = False
SECRET_KEY = "polku-test-secret-key-not-for-production"  # noqa: S105
POLKU_DATA_KEY = "polku-test-data-key"
POLKU_RESEARCH_EXPORT_KEY = "polku-test-export-key"
POLKU_AUDIT_KEY = "polku-test-audit-key"  # published, tests only
# Checkpoints of this process's test databases only, never a developer's var/audit-anchors/.
POLKU_AUDIT_ANCHOR_DIR = Path(tempfile.gettempdir()) / f"polku-test-audit-anchors-{os.getpid()}"
POLKU_DEMO_MODE = env.bool("POLKU_DEMO_MODE", default=False)
ALLOWED_HOSTS = ["*"]
POLKU_BASE_URL = "http://testserver"  # Django's test client host
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
POLKU_FETCH_MODE = "FETCH_RAISE"
# A second alias for the research router's tests: the replica mirrors the test database (a
# second connection to it). Research reads stay on "default" unless a test sets
# POLKU_RESEARCH_DATABASE = "replica" (tests/deploy/test_replica_router.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
POLKU_RESEARCH_DATABASE = "default"
# Each test process its own cache, whatever POLKU_REDIS_URL says (tests clear the cache); the
# tests that need Redis name their own (tests/deploy/conftest.py, database 8).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
POLKU_ALLOW_FLUSH = True
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
