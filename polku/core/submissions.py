"""One-use form tokens: a double submit (a double click, a reload, two tabs, two requests at
the same moment) creates one record, not two (issue 18, finding 11).

Every creating form renders `{% form_token %}` (polku.core.templatetags.polku), a hidden random
token. Its view runs the creation through `submit_once`: the token is inserted into
`SubmittedForm` (unique) in the same transaction as the creation. A second submit of the same
token finds the row — or, when both arrive at once, waits on the first one's insert and hits the
unique constraint — and is redirected to what the first submit created with the neutral message
"The form had already been sent." Nothing is created twice, and no error page is shown.

Views do not call `submit_once` themselves: polku.core.formviews.handle_form(..., creates=True)
does, for every creating form. A form posted without a token (an old page, a test, a script) is
handled as before, without the protection. The JSON API's creating endpoints honour an
`Idempotency-Key` header the same way (polku.api.idempotency)."""

import datetime as dt
import re
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SubmittedForm

FIELD = "form_token"
KEEP = dt.timedelta(days=1)
# What a form token or an Idempotency-Key may be (also read by polku.api.idempotency).
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def owner_of(request: HttpRequest) -> str:
    """Whose submissions: the portal client's or the signed-in user's."""
    client = getattr(request, "portal_client", None)
    if client is not None:
        return f"portal:{client.pk}"
    return f"user:{request.user.pk}"


def submit_once[T](
    request: HttpRequest,
    create: Callable[[], T],
    redirect_to: Callable[[T], str],
    message: str | Callable[[T], str],
    *,
    once: bool = True,
) -> HttpResponse:
    """Run `create()` once per form token and redirect to `redirect_to(result)` with `message`
    (or `message(result)`); a repeated token redirects to what the first submit created instead.
    A ValidationError from `create` propagates and stores nothing, so the corrected form can be
    sent again. `once=False` (a form that changes rather than creates) ignores the token."""
    token = request.POST.get(FIELD, "") if once else ""
    if not token:
        result = create()
        _success(request, message, result)
        return redirect(redirect_to(result))
    if not TOKEN.fullmatch(token):
        return HttpResponseBadRequest(
            _("The form's one-use token is not valid: reload the page and send the form again.")
        )
    owner = owner_of(request)
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
    _success(request, message, result)
    return redirect(row.redirect_to)


def _success[T](request: HttpRequest, message: str | Callable[[T], str], result: T) -> None:
    text = message(result) if callable(message) else message
    if text:
        messages.success(request, text)


def sent_before(request: HttpRequest) -> HttpResponse | None:
    """For a form sent again with a token already used (and not just being used): the answer
    the repeat gets — before the form is validated again, since a repeat may no longer be valid
    (the first submit changed what it checks), and the sender should see what was created."""
    token = request.POST.get(FIELD, "")
    if not token or not TOKEN.fullmatch(token):
        return None
    first = SubmittedForm.objects.filter(token=token, owner=owner_of(request)).first()
    if first is None or not first.redirect_to:
        return None
    return _already_sent(request, token, first.owner)


def _already_sent(request: HttpRequest, token: str, owner: str) -> HttpResponse:
    first = SubmittedForm.objects.filter(token=token).first()
    messages.info(request, _("The form had already been sent."))
    if first is None or first.owner != owner or not first.redirect_to:
        # someone else's token, or the first submit failed after all: back to the form
        return redirect(request.get_full_path())
    return redirect(first.redirect_to)


IDEMPOTENCY_HEADER = "Idempotency-Key"
