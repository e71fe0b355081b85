"""Sign-ins, sign-outs and failed sign-ins go into the audit trail."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from polku.accounts.models import User
from polku.audit import services as audit
from polku.audit.models import Action


@receiver(user_logged_in)
def _logged_in(sender: type[User], request: HttpRequest, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        # A client's portal sign-in on the same browser ends here (one identity a session).
        from polku.portal import session as portal_session

        portal_session.drop(request.session)
    audit.record(actor=user, action=Action.LOGIN, request=request, target="session")


@receiver(user_logged_out)
def _logged_out(sender: type[User], request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(actor=user, action=Action.LOGOUT, request=request, target="session")


@receiver(user_login_failed)
def _login_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        actor=None,
        action=Action.LOGIN_FAILED,
        request=request,
        target="session",
        details={"username": username},
    )
