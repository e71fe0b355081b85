"""Local development (`make dev`): DEBUG on by default. `make demo` uses config.settings.demo,
which builds on these with DEBUG off."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

# The synthetic demo region and its commands (`load_demo`, `build_benchmark_data`).
INSTALLED_APPS = [*INSTALLED_APPS, "polku.demo"]

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="polku-development-only-not-secret")
POLKU_DATA_KEY = env("POLKU_DATA_KEY", default="polku-development-data-key")
POLKU_RESEARCH_EXPORT_KEY = env("POLKU_RESEARCH_EXPORT_KEY", default="polku-development-export-key")
POLKU_AUDIT_KEY = env("POLKU_AUDIT_KEY", default="polku-development-audit-key")  # published
POLKU_DEMO_MODE = env.bool("POLKU_DEMO_MODE", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# `make dev` / `make demo` serve here (`make demo PORT=…` passes its own address).
POLKU_BASE_URL = env("POLKU_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
POLKU_ALLOW_FLUSH = True
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
