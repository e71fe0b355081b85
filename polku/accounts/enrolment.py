"""Enrolment of a professional's first authenticator through a one-time link made by an
administrator (issue #18, finding 16). The password alone no longer enrols a second factor:
the link proves the channel the administrator used, the password the person.

The link carries a random token; only its SHA-256 is stored. It is bound to one user,
valid for `POLKU_ENROLMENT_LINK_HOURS` (default 72) and used up by a confirmed enrolment.
Creation, use and every failed use are audited."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import User
from polku.audit import services as audit
from polku.audit.models import Action

from .models import EnrolmentLink

TARGET = "enrolment_link"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def valid_hours() -> int:
    return int(settings.POLKU_ENROLMENT_LINK_HOURS)


def create_link(
    user: User, *, created_by: User | None = None, request: HttpRequest | None = None
) -> tuple[EnrolmentLink, str]:
    """A new link for `user`; returns it and the path with the token (shown once). Earlier
    unused links of the user stop working."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        EnrolmentLink.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
        link = EnrolmentLink.objects.create(
            user=user,
            token_hash=_hash(token),
            created_by=created_by,
            created_at=now,
            expires_at=now + timedelta(hours=valid_hours()),
        )
        audit.record(
            actor=created_by,
            action=Action.CREATE,
            target=f"{TARGET}:{link.pk}",
            request=request,
            details={"for_user": user.username, "expires_at": link.expires_at.isoformat()},
        )
    return link, reverse("accounts:enrol", args=[token])


def find_valid(token: str) -> EnrolmentLink | None:
    if not token or len(token) > 100:
        return None
    link = (
        EnrolmentLink.objects.select_related("user")
        .filter(token_hash=_hash(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None or not link.user.is_active:
        return None
    return link


def record_failure(request: HttpRequest, reason: str, link: EnrolmentLink | None = None) -> None:
    audit.record(
        actor=None,
        action=Action.LOGIN_FAILED,
        target=f"{TARGET}:{link.pk}" if link else TARGET,
        request=request,
        details={"refused": reason, **({"username": link.user.username} if link else {})},
    )


def use(link: EnrolmentLink, request: HttpRequest) -> bool:
    """Mark the link used (once: a second, concurrent use finds it used and fails)."""
    used = EnrolmentLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if used:
        audit.record(
            actor=link.user,
            action=Action.UPDATE,
            target=f"{TARGET}:{link.pk}",
            request=request,
            details={"used": True, "second_factor": "enrolled"},
        )
    return bool(used)
