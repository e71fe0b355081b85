"""Production: every secret and host comes from the environment; nothing insecure by default."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, POLKU_REDIS_URL, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
POLKU_DATA_KEY = env("POLKU_DATA_KEY")
if not POLKU_DATA_KEY:
    raise ImproperlyConfigured("Set POLKU_DATA_KEY (see `manage.py check --deploy`, polku.E001).")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names Polku is served under.")
POLKU_DEMO_MODE = False
# Several application servers and workers share the cache and the sessions through Redis
# (base.py); a cache in one process's memory would give each server its own research results.
if not POLKU_REDIS_URL:
    raise ImproperlyConfigured(
        "Set POLKU_REDIS_URL to the Redis every Polku process shares, e.g. redis://127.0.0.1:6379/0."
    )


def _base_url(value: str) -> str:
    """The address people reach Polku at: an https URL with a host (and the path prefix Polku
    is served under, if any), no query or fragment. Links in e-mails are built on it, so a
    missing or wrong one stops the start."""
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            "Set POLKU_BASE_URL to the https address people reach Polku at, e.g. "
            f"https://polku.example.fi (links in e-mails are built on it); got {value!r}."
        )
    return value.rstrip("/")


POLKU_BASE_URL = _base_url(env("POLKU_BASE_URL", default=""))

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production runs behind one reverse proxy (see docs/deploy.md); set the real number.
POLKU_TRUSTED_PROXIES = env.int("POLKU_TRUSTED_PROXIES", default=1)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MAILERS = {
    "default": {
        "BACKEND": env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
        },
    }
}
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "INFO"}}
