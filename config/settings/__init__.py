"""Settings are chosen by DJANGO_ENV: development (default), test or production."""

import os

_env = os.environ.get("DJANGO_ENV", "development")
if _env == "production":
    from .production import *  # noqa: F403
elif _env == "test":
    from .test import *  # noqa: F403
elif _env == "development":
    from .development import *  # noqa: F403
else:
    raise RuntimeError(f"DJANGO_ENV must be development, test or production, not {_env!r}")
