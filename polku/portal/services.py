"""Writes of the portal: sign-in codes, the client's own words, feedback, council proposals,
consents given and withdrawn by the client. Validated, whole or not at all, audited (the
client's own acts with no professional as the actor)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access.policy import may_make_portal_code, purpose_for
from polku.accounts import throttle
from polku.accounts.client_ip import client_ip
from polku.audit.models import Action
from polku.audit.services import record
from polku.clients import services as clients
from polku.clients.models import Client, Consent, ConsentMethod
from polku.core.http import AnyRequest

from .models import (
    Contribution,
    ContributionKind,
    CouncilMembership,
    Feedback,
    FeedbackAsked,
    Proposal,
    ProposalStatus,
    SignInCode,
)

if TYPE_CHECKING:  # annotations only
    from polku.accounts.models import User

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8
CODE_MINUTES = 15
MAX_FAILURES = 10  # wrong codes per client address in CODE_MINUTES
MAX_CODE_FAILURES = 5  # wrong tries at one live code (its first half right) before it is used up
ADDRESS_LIMIT = throttle.Limit("portal-address", MAX_FAILURES, dt.timedelta(minutes=CODE_MINUTES))
CODE_LIMIT = throttle.Limit("portal-code", MAX_CODE_FAILURES, dt.timedelta(minutes=CODE_MINUTES))


def _normal(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def _hash(code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), _normal(code).encode(), hashlib.sha256
    ).hexdigest()


def _selector(code: str) -> str:
    """The keyed hash of a code's first half: it names the code without opening it, so wrong
    tries at one code can be counted and limited (CODE_LIMIT)."""
    half = _normal(code)[: CODE_LENGTH // 2]
    return hmac.new(
        settings.SECRET_KEY.encode(), f"selector:{half}".encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def create_code(*, client: Client, by: User, request: AnyRequest | None = None) -> str:
    """A new one-time code for the client (shown once to the professional, who hands it
    over); earlier unused codes of the client stop working. Only the client's coordinator
    (polku.access.policy.may_make_portal_code), else PermissionDenied: with a code, whoever
    makes it can act as the client."""
    if not may_make_portal_code(by, client):
        raise PermissionDenied(_("Only the client's coordinator makes a sign-in code."))
    now = timezone.now()
    SignInCode.objects.filter(client=client, used_at__isnull=True).update(expires_at=now)
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    SignInCode.objects.create(
        client=client,
        code_hash=_hash(code),
        selector_hash=_selector(code),
        created_by=by,
        expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
    )
    record(
        actor=by,
        action=Action.CREATE,
        client=client,
        target="portal_code",
        purpose=purpose_for(by, client),
        request=request,
    )
    return f"{code[:4]}-{code[4:]}"


def _live_codes():
    return SignInCode.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now())


def redeem_code(*, text: str, request: HttpRequest) -> Client:
    """The client whose valid code this is (the code is then used up), or ValidationError.

    Limits, shared by every process (polku.accounts.throttle, in the database): MAX_FAILURES
    wrong codes per client address (the real address behind the proxies, polku.accounts.
    client_ip), and MAX_CODE_FAILURES wrong tries at one live code — a code whose first half
    was right — after which that code is used up and the client asks for a new one. The
    attempt is counted before the code is checked, so concurrent wrong codes cannot slip
    under the limit; a valid code takes its count back."""
    text = text or ""
    attempt = throttle.reserve((ADDRESS_LIMIT, client_ip(request)))
    if not attempt.allowed:
        raise ValidationError(
            _("Too many wrong codes. Wait a quarter of an hour or ask your coordinator.")
        )
    with transaction.atomic():
        found = (
            _live_codes()
            .select_for_update()
            .select_related("client")
            .filter(code_hash=_hash(text))
            .first()
        )
        if found is not None:
            found.used_at = timezone.now()
            found.save(update_fields=["used_at"])
            attempt.release()
            return found.client
    if len(_normal(text)) == CODE_LENGTH:
        named = _live_codes().filter(selector_hash=_selector(text)).first()
        if named is not None:
            _count_against_code(named, request)
    raise ValidationError(
        _("The code is wrong or no longer valid. Check it, or ask your coordinator for a new one.")
    )


def _count_against_code(code: SignInCode, request: AnyRequest | None) -> None:
    tried = throttle.reserve((CODE_LIMIT, str(code.pk)))
    if tried.allowed and throttle.failures(CODE_LIMIT, str(code.pk)) < MAX_CODE_FAILURES:
        return
    used_up = _live_codes().filter(pk=code.pk).update(expires_at=timezone.now())
    if used_up:
        record(
            actor=None,
            action=Action.UPDATE,
            client=code.client_id,
            target="portal_code",
            request=request,
            details={"used_up": "wrong tries"},
        )


def _saved[M: models.Model](record: M) -> M:
    """Save after the model's own checks (free text: no markup, the length limit)."""
    record.full_clean()
    record.save()
    return record


def _client_record(
    client: Client, action: Action, target: str, request: AnyRequest | None, **details
) -> None:
    record(
        actor=None,
        action=action,
        client=client,
        target=target,
        request=request,
        details={"by": "client", **details},
    )


@transaction.atomic
def contribute(
    *,
    client: Client,
    kind: str,
    text: str,
    assessment=None,
    domain: str = "",
    goal=None,
    meeting=None,
    request: AnyRequest | None = None,
) -> Contribution:
    """`assessment`, `goal` and `meeting` are the client's own (the views fetch them within
    the signed-in client)."""
    if kind not in ContributionKind.values:
        raise ValidationError(_("Choose what you are writing."))
    contribution = _saved(
        Contribution(
            client=client,
            kind=kind,
            text=(text or "").strip(),
            assessment=assessment,
            domain=domain,
            goal=goal,
            meeting=meeting,
        )
    )
    _client_record(client, Action.CREATE, f"portal_contribution:{contribution.pk}", request)
    return contribution


@transaction.atomic
def give_feedback(
    *,
    client: Client,
    context: str,
    object_id: int,
    organisation_id: int | None,
    sorted_out: str,
    heard: int,
    overall: int,
    text: str = "",
    anonymous: bool = True,
    request: AnyRequest | None = None,
) -> Feedback:
    errors = {}
    if sorted_out not in ("yes", "partly", "no"):
        errors["sorted_out"] = _("Choose an answer.")
    for name, value in (("heard", heard), ("overall", overall)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = _("Choose a number from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            FeedbackAsked.objects.create(client=client, context=context, object_id=object_id)
    except IntegrityError:
        raise ValidationError(_("You have already given feedback on this. Thank you!")) from None
    feedback = _saved(
        Feedback(
            context=context,
            organisation_id=organisation_id,
            month=timezone.localdate().replace(day=1),
            sorted_out=sorted_out,
            heard=heard,
            overall=overall,
            text=(text or "").strip(),
            client=None if anonymous else client,
        )
    )
    # the audit trail says that the client answered, never which answer (anonymity)
    _client_record(client, Action.CREATE, f"portal_feedback:{context}:{object_id}", request)
    return feedback


@transaction.atomic
def set_council(*, client: Client, opt_in: bool, request: AnyRequest | None = None) -> None:
    if opt_in:
        CouncilMembership.objects.get_or_create(client=client)
    else:
        CouncilMembership.objects.filter(client=client).delete()
    _client_record(client, Action.UPDATE, "portal_council", request, opt_in=opt_in)


@transaction.atomic
def propose(*, client: Client, text: str, request: AnyRequest | None = None) -> Proposal:
    proposal = _saved(Proposal(text=(text or "").strip(), raised_by=client))
    _client_record(client, Action.CREATE, f"portal_proposal:{proposal.pk}", request)
    return proposal


@transaction.atomic
def moderate(*, proposals, publish: bool, reason: str = "") -> int:
    """Staff let waiting proposals through to other clients (publish) or not (with reason)."""
    now = timezone.now()
    if publish:
        return proposals.update(status=ProposalStatus.UNDER_CONSIDERATION, moderated_at=now)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is not published.")})
    return proposals.update(status=ProposalStatus.REJECTED, moderated_at=now, reason=reason)


def withdraw_consent(*, consent: Consent, request: AnyRequest | None = None) -> Consent:
    """The client withdraws their own consent (the view finds it within the client)."""
    return clients.withdraw_consent(consent=consent, by=None, reason="", request=request)


def give_consent(
    *, client: Client, organisations, purpose: str, request: AnyRequest | None = None
) -> Consent:
    return clients.give_consent(
        client=client,
        by=None,
        organisations=organisations,
        purpose=purpose,
        given_how=ConsentMethod.PORTAL,
        valid_from=timezone.localdate(),
        request=request,
    )
