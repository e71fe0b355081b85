"""`make demo`: the development set-up made safe to show to users. DEBUG is always off, so
errors show Polku's own pages (never Django's technical page with its URL list), and WhiteNoise
serves the static files from the app and vendor folders (no collectstatic step). Demo users may
skip the second factor, as in development. Developers who want DEBUG use DJANGO_ENV=development
(`make dev`)."""

from .development import *  # noqa: F403

DEBUG = False
WHITENOISE_USE_FINDERS = True  # index the static files once at start-up
WHITENOISE_AUTOREFRESH = False  # a development aid, not for a server people use
STATIC_ROOT = None  # type: ignore[assignment]  # no collectstatic step: WhiteNoise uses the finders
