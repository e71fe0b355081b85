"""The REST API, version 1. Thin, like the web views: every client comes through the access
rule (polku.access.policy: `visible_clients`, `client_for`, which audit what they hand out),
consents and network members are looked up only within a client so obtained, and every
change goes through polku.clients.services (which validate and write their own audit
events)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from polku.access import policy
from polku.accounts.models import Organisation
from polku.audit.models import Action
from polku.clients import selectors, services
from polku.clients.models import Client, NetworkMember
from polku.core.locking import StaleEdit

from . import serializers as s
from .idempotency import IdempotentCreate

# ---------------------------------------------------------------------------------------------
# Documentation shared by the operations

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

ERR_400 = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=(
        "Invalid input: an object of field names, each with a list of messages in the "
        "language of the request (Accept-Language); errors not tied to one field are under "
        f"`{api_settings.NON_FIELD_ERRORS_KEY}`."
    ),
)
ERR_403 = OpenApiResponse(
    s.ErrorSerializer,
    description="Not signed in as an active professional with the second factor done.",
)
ERR_PAGE = OpenApiResponse(
    s.ErrorSerializer, description="A `page` beyond the last page of the list."
)
ERR_404 = OpenApiResponse(
    s.ErrorSerializer,
    description="No such client, or the client is outside the access rule (the same answer).",
)


def _doc(*parts: str) -> str:
    return "\n\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Helpers

CONSENT_FIELDS = {
    "organisations",
    "purpose",
    "description",
    "given_how",
    "valid_from",
    "valid_until",
}


def _drf_error(error: DjangoValidationError, *, nested: dict[str, set[str]] | None = None):
    """A service's Django ValidationError as DRF's (400), keyed by field like the input.
    `nested` moves the given fields under a nested input's name (e.g. "consent")."""
    if not hasattr(error, "error_dict"):
        return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})
    detail: dict = {}
    for field, messages in error.message_dict.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        for outer, fields in (nested or {}).items():
            if field in fields:
                detail.setdefault(outer, {})[key] = messages
                break
        else:
            detail[key] = messages
    return ValidationError(detail)


@contextmanager
def service_errors(*, nested: dict[str, set[str]] | None = None) -> Iterator[None]:
    try:
        yield
    except DjangoValidationError as error:
        raise _drf_error(error, nested=nested) from None


class NoStoreMixin:
    """Answers with client data are never stored by browsers or proxies."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)
        return response


class ClientDataView(NoStoreMixin, APIView):
    """Base of the endpoints under /clients/{client_id}/."""


# ---------------------------------------------------------------------------------------------
# Clients


class ClientListView(IdempotentCreate, NoStoreMixin, generics.ListCreateAPIView):
    serializer_class = s.ClientListItemSerializer

    def replay(self, request, pk, *args, **kwargs):
        # the same answer whether a client was recorded or access was asked: nothing to read
        return Response({"detail": services.recorded_message()}, status=status.HTTP_202_ACCEPTED)

    def get_queryset(self) -> QuerySet[Client]:
        return selectors.with_coordinator(Client.objects.visible_to(self.request.user))

    @extend_schema(
        operation_id="clients_list",
        tags=["clients"],
        summary="Your clients",
        description=_doc(
            "The clients you may see under the access rule, paginated, ordered by name. "
            "`q` searches by name (every word must match a first name or the last name, "
            "case-insensitive) or by an exact personal identity code.",
            RULE,
            "Audit: every client in the returned page gets an audit event (action `list`, or "
            "`search` when `q` is given).",
        ),
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="Name words or a full personal identity code (max. 100 characters).",
            )
        ],
        responses={
            200: s.ClientListItemSerializer(many=True),
            400: ERR_400,
            403: ERR_403,
            404: ERR_PAGE,
        },
    )
    def get(self, request, *args, **kwargs):
        search = s.ClientSearchSerializer(data=request.query_params)
        search.is_valid(raise_exception=True)
        text = search.validated_data["q"].strip()
        clients = selectors.search(
            self.get_queryset(), text, services.find_by_hetu_hash(text) if text else None
        )
        page = self.paginate_queryset(clients)
        shown = list(page if page is not None else clients)
        policy.audit_listed(request, shown, action=Action.SEARCH if text else Action.LIST)
        data = self.get_serializer(shown, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(
        operation_id="clients_create",
        tags=["clients"],
        summary="Record a new client (or ask to join an existing client's network)",
        description=_doc(
            "Records a client — or, if a client with this personal identity code is already "
            "recorded, asks that client's personal coordinator to add you to the network. "
            "**The answer is the same in both cases** (202 with the same `detail`, no id, no "
            "`Location`), so that no one learns from Polku whether a person is a client. "
            "Find a newly recorded client in your list (`GET /api/v1/clients/?q=<code>`).",
            "A new client: you become the personal coordinator. With `consent` the client is "
            "active at once; without it the client stays in intake, visible only to you until "
            "a consent is recorded. A client already recorded: `consent` is not used; the "
            "coordinator grants or declines the request (you are not told), and the client's "
            "consent decides what you see if you are added.",
            "The personal identity code is validated (checksum) first: invalid input answers "
            "400 in both cases.",
            "Limit: each professional may try to record at most `POLKU_CLIENT_RECORD_LIMIT` "
            "(default 20) clients in 24 hours, new or not; past it, **429** with a message. "
            "The count is kept in the database, shared by every process.",
            "Audit: a new client writes an audit event (action `create`) for the client, and "
            "one for the consent if given; a client already recorded writes an event (action "
            "`search`, target `hetu_match`) on that client, and the request is shown to the "
            "coordinator.",
        ),
        request=s.ClientCreateSerializer,
        responses={
            202: s.RecordAnswerSerializer,
            400: ERR_400,
            403: ERR_403,
            429: OpenApiResponse(
                s.ErrorSerializer, description="Too many clients recorded in 24 hours."
            ),
        },
    )
    def post(self, request, *args, **kwargs):
        given = s.ClientCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = {k: v for k, v in given.validated_data.items() if k in services.CLIENT_FIELDS}
        with service_errors(nested={"consent": CONSENT_FIELDS}):
            try:
                services.record_or_request(
                    by=request.user,
                    hetu=given.validated_data["hetu"],
                    data=data,
                    consent=given.consent_arguments(),
                    request=request,
                )
            except services.RecordLimitReached as error:
                return Response(
                    {"detail": error.messages[0]}, status=status.HTTP_429_TOO_MANY_REQUESTS
                )
        return Response({"detail": services.recorded_message()}, status=status.HTTP_202_ACCEPTED)


class ClientDetailView(ClientDataView):
    @extend_schema(
        operation_id="clients_retrieve",
        tags=["clients"],
        summary="A client's overview",
        description=_doc(
            "The client's details (the personal identity code masked), the active network "
            "with the personal coordinator first, and all consents with whether each is in "
            "force today.",
            RULE,
            AUDIT_READ,
        ),
        responses={200: s.ClientDetailSerializer, 403: ERR_403, 404: ERR_404},
    )
    def get(self, request, client_id: int):
        client = policy.client_for(
            request, client_id, queryset=selectors.with_overview(Client.objects.all())
        )
        return Response(s.ClientDetailSerializer(client).data)

    @extend_schema(
        operation_id="clients_partial_update",
        tags=["clients"],
        summary="Change a client's details",
        description=_doc(
            "Changes any of the given fields. Setting `needs_interpreter` to false clears "
            "the interpreter language. Send the `version` you read: a change made from a "
            "stale copy (someone saved in between) is refused with **409** and nothing "
            "changes; read the overview again and resend.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=s.ClientChangeSerializer,
        responses={
            200: s.ClientDetailSerializer,
            400: ERR_400,
            403: ERR_403,
            404: ERR_404,
            409: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Someone else saved the details after you read them: `version` "
                "has a message; nothing was changed.",
            ),
        },
    )
    def patch(self, request, client_id: int):
        client = policy.client_for(
            request, client_id, queryset=selectors.with_overview(Client.objects.all())
        )
        given = s.ClientChangeSerializer(client, data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        values = dict(given.validated_data)
        if "version" not in values:
            raise ValidationError({"version": [_("Send the version you read.")]})
        version = values.pop("version")
        try:
            services.update_client(
                client=client,
                by=request.user,
                data=values,
                expected_version=version,
                request=request,
            )
        except StaleEdit as error:
            return Response({"version": error.messages}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            raise _drf_error(error) from None
        return Response(s.ClientDetailSerializer(client).data)


class AccessRequestListView(ClientDataView):
    @extend_schema(
        operation_id="clients_access_requests",
        tags=["clients"],
        summary="Requests to join the client's network (for the coordinator)",
        description=_doc(
            "The pending requests of professionals who tried to record this client (they "
            "were not told the client is already recorded), oldest first, each with whether "
            "a consent in force covers the asker's organisation. Only the client's personal "
            "coordinator sees them; for any other member the list is empty.",
            RULE,
            AUDIT_READ,
        ),
        responses={200: s.AccessRequestSerializer(many=True), 403: ERR_403, 404: ERR_404},
    )
    def get(self, request, client_id: int):
        client = policy.client_for(request, client_id, target="access_requests")
        items = (
            list(services.pending_access_requests(client)) if _coordinates(request, client) else []
        )
        for item in items:
            item.client = client
        return Response(s.AccessRequestSerializer(items, many=True).data)


def _coordinates(request, client) -> bool:
    return NetworkMember.objects.coordinators().includes(client, request.user)


class AccessRequestDecideView(ClientDataView):
    @extend_schema(
        operation_id="clients_access_request_decide",
        tags=["clients"],
        summary="Grant or decline a request to join the network",
        description=_doc(
            "The client's personal coordinator decides. `grant` adds the professional to the "
            "network as a member: the access rule then lets them see the client only under a "
            "consent in force covering their organisation. `decline` ends the request. The "
            "professional who asked is not told either way. A request that is not pending, "
            "or anyone but the coordinator, answers 404.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=s.AccessDecisionSerializer,
        responses={200: s.AccessRequestSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request, client_id: int, request_id: int):
        client = policy.client_for(request, client_id, target=f"access_request:{request_id}")
        if not _coordinates(request, client):
            raise PermissionDenied(_("Only the client's personal coordinator can decide this."))
        item = services.pending_access_requests(client).filter(pk=request_id).first()
        if item is None:
            raise Http404(_("No such request."))
        given = s.AccessDecisionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            services.decide_access_request(
                access_request=item,
                by=request.user,
                grant=given.validated_data["decision"] == "grant",
                note=given.validated_data["note"],
                request=request,
            )
        item.client = client
        return Response(s.AccessRequestSerializer(item).data)


class RevealHetuView(ClientDataView):
    @extend_schema(
        operation_id="clients_hetu_reveal",
        tags=["clients"],
        summary="Show the full personal identity code",
        description=_doc(
            "The full personal identity code, for a stated purpose. Ask for it only when "
            "needed (e.g. to fill in an application); the masked code is in the overview.",
            RULE,
            "Audit: reaching the client writes an audit event (action `view`), and showing "
            "the code one with action `reveal` and your stated purpose.",
        ),
        request=s.RevealHetuSerializer,
        responses={200: s.HetuSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request, client_id: int):
        client = policy.client_for(request, client_id, target="hetu")
        given = s.RevealHetuSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            full = services.reveal_hetu(
                client=client,
                by=request.user,
                purpose=given.validated_data["purpose"],
                request=request,
            )
        return Response({"hetu": full})


# ---------------------------------------------------------------------------------------------
# Consents


class ConsentListView(IdempotentCreate, ClientDataView):
    def replay(self, request, pk, client_id: int):
        client = policy.client_for(request, client_id, target="consents")
        return Response(s.ConsentSerializer(selectors.consents(client).get(pk=pk)).data)

    @extend_schema(
        operation_id="consents_list",
        tags=["consents"],
        summary="A client's consents",
        description=_doc(
            "All consents of the client, newest first, including withdrawn and expired ones; "
            "`in_force` tells whether each counts today.",
            RULE,
            AUDIT_READ,
        ),
        responses={200: s.ConsentSerializer(many=True), 403: ERR_403, 404: ERR_404},
    )
    def get(self, request, client_id: int):
        client = policy.client_for(request, client_id, target="consents")
        consents = selectors.consents(client)
        return Response(s.ConsentSerializer(consents, many=True).data)

    @extend_schema(
        operation_id="consents_create",
        tags=["consents"],
        summary="Record a consent",
        description=_doc(
            "Records the client's consent: which organisations may exchange information, for "
            "what purpose, from when to when, and how it was given. A client in intake becomes "
            "active.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="create"),
        ),
        request=s.ConsentInputSerializer,
        responses={201: s.ConsentSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request, client_id: int):
        client = policy.client_for(request, client_id, target="consents")
        given = s.ConsentInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            consent = services.give_consent(
                client=client,
                by=request.user,
                request=request,
                **s.ConsentInputSerializer.service_arguments(given.validated_data),
            )
        shown = selectors.consents(client).get(pk=consent.pk)
        return Response(s.ConsentSerializer(shown).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawView(ClientDataView):
    @extend_schema(
        operation_id="consents_withdraw",
        tags=["consents"],
        summary="Withdraw a consent",
        description=_doc(
            "Withdraws the consent. It takes effect at once: from the next request on, the "
            "organisations it covered no longer see the client through it (if it was your "
            "organisation's only consent, the client answers 404 to you too). A consent of "
            "another client answers 404.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=s.WithdrawConsentSerializer,
        responses={200: s.ConsentSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request, client_id: int, consent_id: int):
        client = policy.client_for(request, client_id, target=f"consent:{consent_id}")
        consent = selectors.consents(client).filter(pk=consent_id).first()
        if consent is None:
            raise Http404(_("No such consent."))
        given = s.WithdrawConsentSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            withdrawn = services.withdraw_consent(
                consent=consent,
                by=request.user,
                reason=given.validated_data["reason"],
                request=request,
            )
        consent.withdrawn_at = withdrawn.withdrawn_at
        consent.withdrawn_by = request.user
        consent.withdrawal_reason = withdrawn.withdrawal_reason
        return Response(s.ConsentSerializer(consent).data)


# ---------------------------------------------------------------------------------------------
# Network


class NetworkView(IdempotentCreate, ClientDataView):
    def replay(self, request, pk, client_id: int):
        client = policy.client_for(request, client_id, target="network")
        member = NetworkMember.objects.select_related("professional__organisation").get(
            client=client, pk=pk
        )
        return Response(s.NetworkMemberSerializer(member).data)

    @extend_schema(
        operation_id="network_list",
        tags=["network"],
        summary="A client's network and its history",
        description=_doc(
            "The active members first (the personal coordinator first, then by start), then "
            "the ended memberships, most recently ended first; each with role, "
            "responsibility and period.",
            RULE,
            AUDIT_READ,
        ),
        responses={200: s.NetworkMemberSerializer(many=True), 403: ERR_403, 404: ERR_404},
    )
    def get(self, request, client_id: int):
        client = policy.client_for(request, client_id, target="network")
        members = [*selectors.network(client), *selectors.network_history(client)]
        return Response(s.NetworkMemberSerializer(members, many=True).data)

    @extend_schema(
        operation_id="network_add",
        tags=["network"],
        summary="Add a professional to the network",
        description=_doc(
            "Adds an active professional as a network member. The professional sees the "
            "client only if a consent in force covers their organisation.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="create"),
        ),
        request=s.AddMemberSerializer,
        responses={201: s.NetworkMemberSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request, client_id: int):
        client = policy.client_for(request, client_id, target="network")
        given = s.AddMemberSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            member = services.add_member(
                client=client,
                by=request.user,
                professional=given.validated_data["professional"],
                responsibility=given.validated_data["responsibility"],
                request=request,
            )
        return Response(s.NetworkMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class MemberEndView(ClientDataView):
    @extend_schema(
        operation_id="network_end",
        tags=["network"],
        summary="End a membership",
        description=_doc(
            "Ends the membership at once; it stays in the network's history. The personal "
            "coordinator cannot leave before handing over the role (400). A member of "
            "another client's network answers 404.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=None,
        responses={200: s.NetworkMemberSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request, client_id: int, member_id: int):
        client = policy.client_for(request, client_id, target=f"network_member:{member_id}")
        member = (
            client.network.select_related("professional__organisation").filter(pk=member_id).first()
        )
        if member is None:
            raise Http404(_("No such network member."))
        with service_errors():
            services.end_membership(member=member, by=request.user, request=request)
        return Response(s.NetworkMemberSerializer(member).data)


# ---------------------------------------------------------------------------------------------
# Organisations


class OrganisationListView(generics.ListAPIView):
    queryset = Organisation.objects.order_by("name")
    serializer_class = s.OrganisationSerializer

    @extend_schema(
        operation_id="organisations_list",
        tags=["organisations"],
        summary="Organisations",
        description=(
            "All organisations, by name: for choosing the organisations a consent covers. "
            "Not personal data; not audited."
        ),
        responses={200: s.OrganisationSerializer(many=True), 403: ERR_403, 404: ERR_PAGE},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
