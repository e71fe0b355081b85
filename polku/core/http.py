"""Typed requests and users, for annotations.

Django types `request.user` as "a User or an AnonymousUser" (django-stubs reads the
project's User model from AUTH_USER_MODEL). Behind sign-in it is always a User, so the views
behind `login_required` take a `SignedInRequest`, and code that may be asked about anyone
(the access rule, the resolver, the audit trail) takes an `AnyUser`, and code that serves
both pages and the API takes an `AnyRequest`::

    @login_required
    def client_page(request: SignedInRequest, client_id: int) -> HttpResponse:
        request.user.organisation  # a User's field: no AnonymousUser to rule out first

Nothing is checked at run time: Django builds the request, and `login_required` (or the
view's own check) is what makes the annotation true.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from rest_framework.request import Request

if TYPE_CHECKING:  # annotations only: core does not import accounts at run time
    from polku.accounts.models import User

type AnyUser = User | AnonymousUser

# A page's request or an API call's (DRF wraps the HttpRequest; both carry `user`).
type AnyRequest = HttpRequest | Request


class SignedInRequest(HttpRequest):
    """A request whose user has signed in (views behind `login_required`): `user` is a
    Polku User, never AnonymousUser. Annotations only; never instantiated."""

    user: User


class SignedInAPIRequest(Request):
    """The same for the API's views (DRF's Request), whose permissions let only signed-in
    professionals in (polku.api.permissions). Annotations only."""

    user: User
