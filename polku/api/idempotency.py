"""One `Idempotency-Key` mechanism for every API POST that creates (issue 18, finding 11).

A creating endpoint's view inherits `IdempotentCreate` (before its base view) and says how to
show what was created again (`replay`). Its POST then honours the header: the first request
with a key runs and, if it succeeds, the key is stored (polku.core.models.SubmittedForm, per
user or portal client, kept a day) in the same transaction as what it created — with a
fingerprint of the request and the created record's id, never its data. A repeat (a retry
after a timeout, or the same request at the same moment: the second waits on the first's
insert) answers the first result again, read afresh through `replay` and so through the access
rule; the same key for a different request is refused (400); a request that failed stores
nothing, so it can be retried with the same key. Without the header every request creates.
The OpenAPI document lists the header on each such operation (`IdempotentSchema`)."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.schemas.inspectors import ViewInspector

from polku.core.http import SignedInAPIRequest
from polku.core.models import SubmittedForm
from polku.core.submissions import IDEMPOTENCY_HEADER, KEEP, TOKEN, owner_of

PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    pattern="^[A-Za-z0-9_-]{20,64}$",
    description=(
        "Optional. Send the same key again (a retry after a timeout) and the first result is "
        "returned instead of a second record; the same key with a different request is "
        "refused (400). A request that failed stores nothing and may be retried with the same "
        "key. Keys are kept for a day, per user."
    ),
)


class IdempotentSchema(AutoSchema):
    """Every POST of an `IdempotentCreate` view documents the header."""

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self.method == "POST" and not any(
            getattr(p, "name", None) == IDEMPOTENCY_HEADER for p in parameters
        ):
            parameters.append(PARAMETER)
        return parameters


class IdempotentCreate:
    """Mixin for an API view whose POST creates one record answered with its `id`."""

    schema: ViewInspector | None = IdempotentSchema()

    def replay(self, request: SignedInAPIRequest, pk: int, *args: Any, **kwargs: Any) -> Response:
        """The first request's answer again, for the record `pk` it created (the API's
        creating endpoints are for signed-in professionals: polku.api.permissions)."""
        raise NotImplementedError

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.method == "POST" and IDEMPOTENCY_HEADER in request.headers:
            create = self.post  # type: ignore[attr-defined,has-type]
            self.post = lambda request, *a, **kw: self._once(create, request, *a, **kw)

    def _once(
        self,
        create: Callable[..., Response],
        request: SignedInAPIRequest,
        *args: Any,
        **kwargs: Any,
    ) -> Response:
        key = request.headers[IDEMPOTENCY_HEADER]
        if not TOKEN.fullmatch(key):
            raise ValidationError(
                {
                    IDEMPOTENCY_HEADER: [
                        _(
                            "The Idempotency-Key must be 20–64 letters, digits, - or _ "
                            "(a UUID will do)."
                        )
                    ]
                }
            )
        owner = owner_of(request)
        token = hashlib.sha256(f"{owner}:{key}".encode()).hexdigest()
        body = json.dumps(request.data, sort_keys=True, default=str)
        fingerprint = hashlib.sha256(f"{request.path}\n{body}".encode()).hexdigest()[:32]
        with transaction.atomic():
            try:
                with transaction.atomic():
                    row = SubmittedForm.objects.create(token=token, owner=owner)
            except IntegrityError:
                # sent before, or being sent at this moment: the insert waited for the first
                # request's transaction; read what it stored
                first = SubmittedForm.objects.filter(token=token).first()
                if first is None:  # the first request failed meanwhile: nothing was created
                    raise ValidationError(
                        {
                            IDEMPOTENCY_HEADER: [
                                _("The first request with this key failed: send it again.")
                            ]
                        }
                    ) from None
                if first.redirect_to.split(" ")[0] != fingerprint:
                    raise ValidationError(
                        {
                            IDEMPOTENCY_HEADER: [
                                _("This Idempotency-Key was already used for a different request.")
                            ]
                        }
                    ) from None
                _fingerprint, status, created = first.redirect_to.split(" ")
                response = self.replay(request, int(created), *args, **kwargs)
                response.status_code = int(status)
                return response
            failure: BaseException | None = None
            try:
                response = create(request, *args, **kwargs)
            except BaseException as error:  # re-raised below, after the audit is kept
                failure = error
            if failure is not None or not 200 <= response.status_code < 300:
                _forget(row)  # nothing stored for the key: it may be used again
            else:
                pk = response.data.get("id", 0) if isinstance(response.data, dict) else 0
                row.redirect_to = f"{fingerprint} {response.status_code} {int(pk or 0)}"
                row.save(update_fields=["redirect_to"])
                SubmittedForm.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
        if failure is not None:
            raise failure
        return response


def _forget(row: SubmittedForm) -> None:
    """Drop the key of a request that failed, keeping what else the request wrote (the audit
    events of reading the client); after a database error the whole transaction goes."""
    try:
        with transaction.atomic():
            row.delete()
    except DatabaseError:
        transaction.set_rollback(True)
