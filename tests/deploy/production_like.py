"""The production settings (DEBUG off, Redis cache and cached_db sessions, secure cookies, the
proxy's headers trusted) for the processes tests/deploy/test_several_machines.py starts, with
one change: static files from the finders as in the demo (no `collectstatic` run of minutes
before each test). Named by DJANGO_SETTINGS_MODULE with DJANGO_ENV unset
(config.settings_module)."""

from config.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
