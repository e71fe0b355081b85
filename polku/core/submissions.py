"""One-use form tokens: a double submit (a double click, a reload, two tabs, two requests at
the same moment) creates one record, not two (issue 18, finding 11).

Every creating form renders `{% form_token %}` (polku.core.templatetags.polku), a hidden random
token. Its view runs the creation through `submit_once`: the token is inserted into
`SubmittedForm` (unique) in the same transaction as the creation. A second submit of the same
token finds the row — or, when both arrive at once, waits on the first one's insert and hits the
unique constraint — and is redirected to what the first submit created with the neutral message
"The form had already been sent." Nothing is created twice, and no error page is shown.

A form posted without a token (an old page, a test, a script) is handled as before, without
the protection. The JSON API's creating endpoints honour an `Idempotency-Key` header the same
way (`api_create_once`): a repeated key replays the first result (201) instead of creating
again; the same key for a different request is refused (400)."""

import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from .models import SubmittedForm

FIELD = "form_token"
KEEP = dt.timedelta(days=1)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _owner(request: HttpRequest) -> str:
    client = getattr(request, "portal_client", None)
    if client is not None:
        return f"portal:{client.pk}"
    return f"user:{request.user.pk}"


def submit_once[T](
    request: HttpRequest,
    create: Callable[[], T],
    redirect_to: Callable[[T], str],
    message: str,
) -> HttpResponse:
    """Run `create()` once per form token and redirect to `redirect_to(result)` with `message`;
    a repeated token redirects to what the first submit created instead. A ValidationError from
    `create` propagates and stores nothing, so the corrected form can be sent again."""
    token = request.POST.get(FIELD, "")
    if not token:
        result = create()
        messages.success(request, message)
        return redirect(redirect_to(result))
    if not _TOKEN.fullmatch(token):
        return HttpResponseBadRequest(
            _("The form's one-use token is not valid: reload the page and send the form again.")
        )
    owner = _owner(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = SubmittedForm.objects.create(token=token, owner=owner)
        except IntegrityError:
            # sent before, or being sent at this moment: the insert waited for the first
            # submit's transaction; read what it stored
            return _already_sent(request, token, owner)
        result = create()
        row.redirect_to = redirect_to(result)
        row.save(update_fields=["redirect_to"])
        SubmittedForm.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    messages.success(request, message)
    return redirect(row.redirect_to)


def _already_sent(request: HttpRequest, token: str, owner: str) -> HttpResponse:
    first = SubmittedForm.objects.filter(token=token).first()
    messages.info(request, _("The form had already been sent."))
    if first is None or first.owner != owner or not first.redirect_to:
        # someone else's token, or the first submit failed after all: back to the form
        return redirect(request.get_full_path())
    return redirect(first.redirect_to)


IDEMPOTENCY_HEADER = "Idempotency-Key"


def api_create_once[T](
    request,
    create: Callable[[], T],
    find: Callable[[int], T],
    represent: Callable[[T], dict],
) -> Response:
    """An API creation honouring the `Idempotency-Key` header: `create()` runs once per key
    (per user); a repeated key with the same request replays the first result, read again with
    `find(pk)`; a key reused for a different request or body is refused. Without the header
    every request creates."""
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return Response(represent(create()), status=status.HTTP_201_CREATED)
    if not _TOKEN.fullmatch(key):
        raise ApiValidationError(
            {
                IDEMPOTENCY_HEADER: [
                    _("The Idempotency-Key must be 20–64 letters, digits, - or _ (a UUID will do).")
                ]
            }
        )
    owner = _owner(request)
    token = hashlib.sha256(f"{owner}:{key}".encode()).hexdigest()
    body = json.dumps(request.data, sort_keys=True, default=str)
    fingerprint = hashlib.sha256(body.encode()).hexdigest()[:32]
    stored_request = f"{fingerprint} {request.path}"
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = SubmittedForm.objects.create(token=token, owner=owner)
        except IntegrityError:
            first = SubmittedForm.objects.filter(token=token).first()
            if first is None or not first.redirect_to.startswith(stored_request + " "):
                raise ApiValidationError(
                    {
                        IDEMPOTENCY_HEADER: [
                            _("This Idempotency-Key was already used for a different request.")
                        ]
                    }
                ) from None
            pk = int(first.redirect_to.rsplit(" ", 1)[1])
            return Response(represent(find(pk)), status=status.HTTP_201_CREATED)
        result = create()
        row.redirect_to = f"{stored_request} {result.pk}"  # type: ignore[attr-defined]
        row.save(update_fields=["redirect_to"])
        SubmittedForm.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return Response(represent(result), status=status.HTTP_201_CREATED)
