"""Who may call the API at all. Which clients they see is decided elsewhere, by the one
access rule (polku.access.policy); this only checks that the caller is a signed-in
professional (polku.access.resolver) who has completed the second factor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from polku.access import resolver
from polku.accounts.middleware import second_factor_done

if TYPE_CHECKING:  # rest_framework.views reads this module's class from the API settings
    from rest_framework.views import APIView


class IsVerifiedProfessional(BasePermission):
    """An active professional (profession and organisation set) with the second factor done."""

    message = _("Sign in as a professional with the second factor first.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return resolver.is_professional(request.user) and second_factor_done(request)
