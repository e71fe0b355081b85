"""The pages' one form → service → errors → redirect block (issue 19, item 5).

A view builds its form (each form has its own arguments), then::

    if response := handle_form(
        request,
        form,
        lambda: services.add_goal(client=client, by=request.user, text=form.cleaned_data["text"]),
        success_url=lambda goal: reverse("plans:plan", args=[client.pk]),
        message=_("The goal was added to the plan."),
        creates=True,
    ):
        return response
    return render(request, "plans/goal_form.html", {"form": form, ...})

`handle_form` answers None when the page should be shown (a GET, an invalid form, or a service
that refused: its ValidationError is then on the form, field errors on their fields), and a
redirect with the success message once the service has run.

`creates=True` marks a creating form: the service runs once per one-use form token
(polku.core.submissions.submit_once; the form's template renders `{% form_token %}`), so a
double submit is sent to what the first one created with "The form had already been sent."
instead of creating it again. tests/core/test_double_submit.py finds every view that calls
`handle_form(..., creates=True)` and sends each such form twice.

A formless POST (a button: "Mark done", "Accept", "Claim") goes through `run_action`, the same
block without a form::

    return run_action(
        request,
        lambda: services.mark_agreement_done(agreement=agreement, by=request.user, request=request),
        success_url=reverse("meetings:detail", args=[client.pk, agreement.meeting_id]),
        message=_("The agreement was marked done."),
        on_error=reverse("meetings:detail", args=[client.pk, agreement.meeting_id]),
    )

A service's refusal (ValidationError) is shown as error messages on the page `on_error` names,
or answered by `on_error(error)` (e.g. the page again with the errors, status 400)."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .forms import apply_service_errors
from .submissions import sent_before, submit_once


def handle_form[T](
    request: HttpRequest,
    form: Any,
    service: Callable[[], T],
    *,
    success_url: str | Callable[[T], str],
    message: str | Callable[[T], str],
    creates: bool = False,
    also: Iterable[Any] = (),
    on_error: Callable[[Any, ValidationError], None] = apply_service_errors,
) -> HttpResponse | None:
    """Run `service()` for a valid POSTed `form` and redirect to `success_url` with `message`
    (each may be a function of what the service returned); None means: render the page with
    `form` (its errors included). `on_error(form, error)` shows a service's ValidationError
    (default: on the form's fields). `also`: further forms of the page that must be valid too
    (each is validated, so each shows its errors)."""
    if request.method != "POST":
        return None
    if creates and (repeat := sent_before(request)):
        return repeat
    if not all([form.is_valid(), *(other.is_valid() for other in also)]):
        return None
    try:
        return _submit(request, service, success_url, message, creates)
    except ValidationError as error:
        on_error(form, error)
        return None


def _submit[T](
    request: HttpRequest,
    service: Callable[[], T],
    success_url: str | Callable[[T], str],
    message: str | Callable[[T], str],
    creates: bool,
) -> HttpResponse:
    """`service()` once (per one-use token when `creates`), then the redirect and message."""
    return submit_once(
        request,
        service,
        success_url if callable(success_url) else (lambda _result: success_url),
        message,
        once=creates,
    )


def run_action[T](
    request: HttpRequest,
    service: Callable[[], T],
    *,
    success_url: str | Callable[[T], str],
    message: str | Callable[[T], str] = "",
    on_error: str | Callable[[ValidationError], HttpResponse],
    creates: bool = False,
) -> HttpResponse:
    """A formless POST: run `service()` and redirect to `success_url` with `message` (each may
    be a function of what the service returned; no message when empty). A ValidationError from
    the service is answered by `on_error(error)`, or — when `on_error` is a URL — each of its
    messages is shown as an error and the browser is sent there. `creates=True`: the button's
    form carries a one-use token, and the service runs once per token (as in `handle_form`)."""
    if creates and (repeat := sent_before(request)):
        return repeat
    try:
        return _submit(request, service, success_url, message, creates)
    except ValidationError as error:
        if callable(on_error):
            return on_error(error)
        for text in error.messages:
            messages.error(request, text)
        return redirect(on_error)
