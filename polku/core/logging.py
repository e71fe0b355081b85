"""Logging filters. A 403 (PermissionDenied) is an expected answer, not a fault: Django logs it
on `django.request` with the exception's traceback; here it becomes one warning line with the
path and the user's id. Errors (5xx) keep their tracebacks."""

from __future__ import annotations

import logging


class OneLineForbidden(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403 or not record.exc_info:
            return True  # a CSRF refusal is already one line, with its reason
        request = getattr(record, "request", None)
        path = getattr(request, "path", "?")
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else "anonymous"
        record.msg = "Forbidden: %s (user %s)"
        record.args = (path.encode("unicode_escape").decode("ascii"), user_id)
        record.exc_info = None
        record.exc_text = None
        record.levelno = logging.WARNING
        record.levelname = "WARNING"
        return True
