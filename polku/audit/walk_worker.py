"""The start of a process that walks part of the audit chain (polku.audit.verification).

Such a process is started fresh ("spawn"), not forked: a fork copies the parent's locks as
they are, and a lock held at that moment by another thread — Polars' and NumPy's worker
threads, the test runner's — is never released in the child, which then hangs. A fresh
process sets Django up itself, with the parent's settings module and database (in the tests,
the test database the parent is using). Imports nothing of Polku's at module level, so the
pool can load it before Django is set up."""

import os
from typing import Any

_ready = False


def walk(settings_module: str, database: dict[str, Any], *part: Any) -> Any:
    """Walk one id range (polku.audit.verification._walk_part) in this fresh process, setting
    Django up first. A failure here reaches the parent through the pool's result, instead of
    killing the process (a failing pool initializer is restarted without end)."""
    global _ready
    if not _ready:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
        from django.conf import settings

        settings.DATABASES["default"] = database
        import django

        django.setup()
        _ready = True
    from .verification import _walk_part

    return _walk_part(*part)
