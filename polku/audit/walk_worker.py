"""The start of a process that walks part of the audit chain (polku.audit.verification).

Such a process is started fresh ("spawn"), not forked: a fork copies the parent's locks as
they are, and a lock held at that moment by another thread — Polars' and NumPy's worker
threads, the test runner's — is never released in the child, which then hangs. A fresh
process sets Django up itself, with the parent's settings module and database (in the tests,
the test database the parent is using). Imports nothing of Polku's at module level, so the
pool can load it before Django is set up."""

import os
from typing import Any


def start(settings_module: str, database: dict[str, Any]) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    from django.conf import settings

    settings.DATABASES["default"] = database
    import django

    django.setup()
