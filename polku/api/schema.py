"""Schema helpers every app's API uses to document its operations the same way: the texts on
the access rule and the audit trail, the error answers, and `describe` to join them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.settings import api_settings

RULE = (
    "Access rule: you see a client only as an active member of the client's network, under a "
    "consent in force today that covers your organisation (or, during intake, as the "
    "professional who recorded a client without any consent yet). A client outside the rule "
    "answers **404**, exactly as one that does not exist: never 403, so that the answer does "
    "not reveal that the client exists."
)
AUDIT_READ = (
    "Audit: reaching the client writes an audit event (action `view`) with you, your "
    "organisation and profession, the purpose of the consent that grants the access, the "
    "method, path and address."
)
AUDIT_WRITE = "The change writes its own audit event (action `{action}`) as well."


class ErrorSerializer(serializers.Serializer):
    """Error answers other than field errors (403, 404, 405, 429)."""

    detail = serializers.CharField()


ERR_400 = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=(
        "Invalid input: an object of field names, each with a list of messages in the "
        "language of the request (Accept-Language); errors not tied to one field are under "
        f"`{api_settings.NON_FIELD_ERRORS_KEY}`."
    ),
)
ERR_403 = OpenApiResponse(
    ErrorSerializer,
    description="Not signed in as an active professional with the second factor done.",
)
ERR_PAGE = OpenApiResponse(
    ErrorSerializer, description="A `page` beyond the last page of the list."
)
ERR_404 = OpenApiResponse(
    ErrorSerializer,
    description="No such client, or the client is outside the access rule (the same answer).",
)
ERR_429 = OpenApiResponse(
    ErrorSerializer,
    description="Too many requests: `detail` says in how many seconds to try again "
    "(also in the `Retry-After` header).",
)


def describe(*parts: str) -> str:
    """An operation's description from its paragraphs (its own text, RULE, AUDIT_READ …)."""
    return "\n\n".join(parts)
