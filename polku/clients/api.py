"""Clients, consents and networks in the REST API, version 1 (under /api/v1/clients/): the
input checks and answer shapes (serializers) and one view per resource. Thin, like the web
views: every client comes through the access rule (polku.access.policy: `visible_clients`,
`client_for`, which audit what they hand out), consents and network members are looked up
only within a client so obtained, and every change goes through polku.clients.services
(which validate, raise ValidationError for polku.api's error answer, and write their own
audit events).

Serializers never save. Read serializers expect their related objects loaded in advance
(select_related / prefetch_related in the views): the test settings make any lazy load of a
related object an error, so an N+1 query fails the tests."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict

from polku.access import policy, resolver
from polku.accounts.api import (
    OrganisationRefSerializer,
    PersonRefSerializer,
    ProfessionalSerializer,
)
from polku.accounts.models import Organisation, User
from polku.api.errors import nested_errors
from polku.api.idempotency import IdempotentCreate
from polku.api.pagination import PagedListMixin
from polku.api.schema import (
    AUDIT_READ,
    AUDIT_WRITE,
    ERR_400,
    ERR_403,
    ERR_404,
    ERR_PAGE,
    RULE,
    ErrorSerializer,
    describe,
)
from polku.api.views import ClientDataView, NoStoreMixin
from polku.audit.models import Action
from polku.core.http import SignedInAPIRequest
from polku.core.locking import StaleEdit
from polku.core.validators import validate_no_markup, validate_postal_code

from . import hetu as hetu_rules
from . import selectors, services
from .models import (
    AccessRequest,
    Client,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    NetworkMember,
)
from .services import CLIENT_FIELDS, consent_covers, hetu_error_message

FREE_TEXT_FIELDS = (
    "first_names",
    "last_name",
    "interpreter_language",
    "phone",
    "street_address",
    "municipality",
)


# ---------------------------------------------------------------------------------------------
# Small shared shapes


class HetuSerializer(serializers.Serializer):
    hetu = serializers.CharField(help_text=gettext_lazy("The full personal identity code."))


# ---------------------------------------------------------------------------------------------
# Consents


class ConsentSerializer(serializers.ModelSerializer):
    """A consent as recorded. `in_force` tells whether it counts today."""

    organisations = OrganisationRefSerializer(many=True, read_only=True)
    recorded_by = PersonRefSerializer(read_only=True, allow_null=True)
    withdrawn_by = PersonRefSerializer(read_only=True, allow_null=True)
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "purpose",
            "description",
            "organisations",
            "valid_from",
            "valid_until",
            "given_how",
            "recorded_by",
            "recorded_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
            "in_force",
        ]
        read_only_fields = fields

    def get_in_force(self, consent: Consent) -> bool:
        return consent.is_valid_on(timezone.localdate())


class ConsentSummarySerializer(serializers.ModelSerializer):
    """A consent in the client's overview."""

    organisations = OrganisationRefSerializer(many=True, read_only=True)
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "purpose",
            "organisations",
            "valid_from",
            "valid_until",
            "withdrawn_at",
            "in_force",
        ]
        read_only_fields = fields

    def get_in_force(self, consent: Consent) -> bool:
        return consent.is_valid_on(timezone.localdate())


class ConsentInputSerializer(serializers.Serializer):
    """Give a consent: which organisations may exchange information, for what, from when to
    when, and how the client gave it."""

    organisations = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Organisation.objects.all(),
        allow_empty=False,
        help_text=gettext_lazy("Ids of the organisations (see /api/v1/organisations/)."),
        error_messages={"empty": gettext_lazy("Choose at least one organisation.")},
    )
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    description = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_markup],
    )
    given_how = serializers.ChoiceField(choices=ConsentMethod.choices)
    valid_from = serializers.DateField(
        required=False, help_text=gettext_lazy("ISO date (YYYY-MM-DD). Today if not given.")
    )
    valid_until = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "ISO date (YYYY-MM-DD), on or after valid_from. Open-ended if not given."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("valid_from", timezone.localdate())
        start: dt.date = attrs["valid_from"]
        end: dt.date | None = attrs.get("valid_until")
        if end is not None and end < start:
            raise serializers.ValidationError(
                {"valid_until": gettext_lazy("The end date must be on or after the start date.")}
            )
        return attrs

    @staticmethod
    def service_arguments(data: dict) -> dict:
        """The keyword arguments of services.give_consent from validated data."""
        return {
            "organisations": list(data["organisations"]),
            "purpose": data["purpose"],
            "description": data.get("description", ""),
            "given_how": data["given_how"],
            "valid_from": data["valid_from"],
            "valid_until": data.get("valid_until"),
        }


class WithdrawConsentSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_markup],
    )


# ---------------------------------------------------------------------------------------------
# Network


class NetworkMemberSerializer(serializers.ModelSerializer):
    """A professional's period in the client's network; ended periods are the history."""

    professional = ProfessionalSerializer(read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = NetworkMember
        fields = [
            "id",
            "professional",
            "role",
            "responsibility",
            "started_at",
            "ended_at",
            "is_active",
        ]
        read_only_fields = fields


class AddMemberSerializer(serializers.Serializer):
    professional = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True).select_related("organisation"),
        help_text=gettext_lazy("Id of the professional to add."),
    )
    responsibility = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_markup],
    )


# ---------------------------------------------------------------------------------------------
# Clients


class ClientSerializer(serializers.ModelSerializer):
    """The client's own details. The personal identity code is shown masked only; the full
    code comes from the audited hetu endpoint."""

    # Documented as a plain string: `format: email` would not admit the empty string that
    # a client without an email address has.
    email = serializers.CharField(
        read_only=True, help_text="An email address, or empty when none is recorded."
    )

    class Meta:
        model = Client
        fields = [
            "id",
            "first_names",
            "last_name",
            "hetu_masked",
            "birth_date",
            *[name for name in CLIENT_FIELDS if name not in ("first_names", "last_name")],
            "status",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class ClientDetailSerializer(ClientSerializer):
    """The client's overview: details, the active network (coordinator first) and consents.
    The view attaches `active_network` and `all_consents` by prefetching."""

    network = NetworkMemberSerializer(source="active_network", many=True, read_only=True)
    consents = ConsentSummarySerializer(source="all_consents", many=True, read_only=True)

    class Meta(ClientSerializer.Meta):
        fields = [*ClientSerializer.Meta.fields, "network", "consents"]
        read_only_fields = fields


class ClientListItemSerializer(serializers.ModelSerializer):
    """A client in a list. The view attaches `current_coordinator` (selectors.with_coordinator)."""

    coordinator = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = [
            "id",
            "first_names",
            "last_name",
            "hetu_masked",
            "birth_date",
            "status",
            "coordinator",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_coordinator(self, client: Client) -> ReturnDict | None:
        seats = getattr(client, "current_coordinator", [])
        return PersonRefSerializer(seats[0].professional).data if seats else None


class ClientInputSerializer(serializers.ModelSerializer):
    """The client's editable details (PATCH takes any subset, with the `version` read)."""

    class Meta:
        model = Client
        fields = list(CLIENT_FIELDS)
        extra_kwargs = {
            **{name: {"validators": [validate_no_markup]} for name in FREE_TEXT_FIELDS},
            "postal_code": {"validators": [validate_postal_code]},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        current = self.instance
        needs = attrs.get(
            "needs_interpreter", current.needs_interpreter if current is not None else False
        )
        if not needs:
            language = attrs.get("interpreter_language")
            if language:
                raise serializers.ValidationError(
                    {
                        "interpreter_language": gettext_lazy(
                            "Give the interpreter language only when an interpreter is needed."
                        )
                    }
                )
            if "needs_interpreter" in attrs:
                # No interpreter any more: the language goes with it.
                attrs["interpreter_language"] = ""
        return attrs


class ClientCreateSerializer(ClientInputSerializer):
    """Record a new client. With `consent` the client is active at once; without it the
    client stays in intake, visible only to the recorder until a consent is recorded."""

    hetu = serializers.CharField(
        max_length=11,
        min_length=11,
        help_text=gettext_lazy(
            "Personal identity code, e.g. 010190-123A. Stored encrypted, shown masked."
        ),
    )
    consent = ConsentInputSerializer(required=False, allow_null=True, default=None)

    class Meta(ClientInputSerializer.Meta):
        fields = ["hetu", *ClientInputSerializer.Meta.fields, "consent"]

    def validate_hetu(self, value: str) -> str:
        try:
            return hetu_rules.parse(value).value
        except hetu_rules.InvalidHetu as error:
            raise serializers.ValidationError(hetu_error_message(error)) from None

    def consent_arguments(self) -> dict | None:
        consent = self.validated_data.get("consent")
        return None if consent is None else ConsentInputSerializer.service_arguments(consent)


class ClientChangeSerializer(ClientInputSerializer):
    """A change of details: any subset of the fields, and the `version` you read."""

    version = serializers.IntegerField(
        min_value=1,
        help_text=gettext_lazy(
            "The version of the details you read (from the overview). A change made from a "
            "stale copy is refused with 409."
        ),
    )

    class Meta(ClientInputSerializer.Meta):
        fields = [*ClientInputSerializer.Meta.fields, "version"]


class RecordAnswerSerializer(serializers.Serializer):
    """The one answer to recording a client, whether or not the person was a client."""

    detail = serializers.CharField()


class AccessRequestSerializer(serializers.ModelSerializer):
    """A professional's request to join the client's network (they tried to record the client;
    they were not told the client exists)."""

    requested_by = ProfessionalSerializer(read_only=True)
    consent_covers = serializers.SerializerMethodField()

    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "requested_by",
            "requested_at",
            "status",
            "decided_at",
            "decision_note",
            "consent_covers",
        ]
        read_only_fields = fields

    def get_consent_covers(self, item: AccessRequest) -> bool:
        """Whether a consent in force today covers the asker's organisation."""
        return consent_covers(item.client, item.requested_by.organisation_id)


class AccessDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("grant", "grant"), ("decline", "decline")],
        help_text=gettext_lazy(
            "grant: the professional joins the network; decline: the request ends."
        ),
    )
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_markup],
        help_text=gettext_lazy("Not shown to the professional who asked."),
    )


class ClientSearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_markup],
    )


class RevealHetuSerializer(serializers.Serializer):
    purpose = serializers.CharField(
        max_length=200,
        validators=[validate_no_markup],
        help_text=gettext_lazy("Why the full code is needed; stored in the audit trail."),
    )


# ---------------------------------------------------------------------------------------------
# Views

CONSENT_FIELDS = {
    "organisations",
    "purpose",
    "description",
    "given_how",
    "valid_from",
    "valid_until",
}


# ---------------------------------------------------------------------------------------------
# Clients


class ClientListView(IdempotentCreate, NoStoreMixin, generics.ListCreateAPIView):
    serializer_class = ClientListItemSerializer

    def replay(self, request: Request, pk: int, *args: Any, **kwargs: Any) -> Response:
        # the same answer whether a client was recorded or access was asked: nothing to read
        return Response({"detail": services.recorded_message()}, status=status.HTTP_202_ACCEPTED)

    def get_queryset(self) -> QuerySet[Client]:
        return selectors.with_coordinator(Client.objects.visible_to(self.request.user))

    @extend_schema(
        operation_id="clients_list",
        tags=["clients"],
        summary="Your clients",
        description=describe(
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
            200: ClientListItemSerializer(many=True),
            400: ERR_400,
            403: ERR_403,
            404: ERR_PAGE,
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        search = ClientSearchSerializer(data=request.query_params)
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
        description=describe(
            "Records a client — or, if a client with this personal identity code is already "
            "recorded, asks that client's personal coordinator to add you to the network. "
            "**The answer is the same in both cases** (202 with the same `detail`, no id, no "
            "`Location`), so that no one learns from Polku whether a person is a client. "
            "Find a newly recorded client in your list (`GET /api/v1/clients/?q=<code>`).",
            "Only those who can be a personal coordinator may record a client (others: 403). "
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
        request=ClientCreateSerializer,
        responses={
            202: RecordAnswerSerializer,
            400: ERR_400,
            403: ERR_403,
            429: OpenApiResponse(
                ErrorSerializer, description="Too many clients recorded in 24 hours."
            ),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not resolver.can_record_client(request.user):
            raise PermissionDenied
        given = ClientCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = {k: v for k, v in given.validated_data.items() if k in services.CLIENT_FIELDS}
        assert isinstance(request.user, User)  # the API's permissions let professionals only
        with nested_errors({"consent": CONSENT_FIELDS}):
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
        description=describe(
            "The client's details (the personal identity code masked), the active network "
            "with the personal coordinator first, and all consents with whether each is in "
            "force today.",
            RULE,
            AUDIT_READ,
        ),
        responses={200: ClientDetailSerializer, 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(
            request, client_id, queryset=selectors.with_overview(Client.objects.all())
        )
        return Response(ClientDetailSerializer(client).data)

    @extend_schema(
        operation_id="clients_partial_update",
        tags=["clients"],
        summary="Change a client's details",
        description=describe(
            "Changes any of the given fields. Setting `needs_interpreter` to false clears "
            "the interpreter language. Send the `version` you read: a change made from a "
            "stale copy (someone saved in between) is refused with **409** and nothing "
            "changes; read the overview again and resend.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=ClientChangeSerializer,
        responses={
            200: ClientDetailSerializer,
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
    def patch(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(
            request, client_id, queryset=selectors.with_overview(Client.objects.all())
        )
        given = ClientChangeSerializer(client, data=request.data, partial=True)
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
        return Response(ClientDetailSerializer(client).data)


class AccessRequestListView(PagedListMixin, ClientDataView):
    @extend_schema(
        operation_id="clients_access_requests",
        tags=["clients"],
        summary="Requests to join the client's network (for the coordinator)",
        description=describe(
            "The pending requests of professionals who tried to record this client (they "
            "were not told the client is already recorded), oldest first, each with whether "
            "a consent in force covers the asker's organisation. Only the client's personal "
            "coordinator sees them; for any other member the list is empty. Paginated "
            "(`page`, `page_size`).",
            RULE,
            AUDIT_READ,
        ),
        responses={200: AccessRequestSerializer(many=True), 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="access_requests")
        items = self.page_of(
            services.pending_access_requests(client) if _coordinates(request, client) else []
        )
        for item in items:
            item.client = client
        return self.paged(AccessRequestSerializer(items, many=True).data)


def _coordinates(request: SignedInAPIRequest, client: Client) -> bool:
    return NetworkMember.objects.coordinators().includes(client, request.user)


class AccessRequestDecideView(ClientDataView):
    @extend_schema(
        operation_id="clients_access_request_decide",
        tags=["clients"],
        summary="Grant or decline a request to join the network",
        description=describe(
            "The client's personal coordinator decides. `grant` adds the professional to the "
            "network as a member: the access rule then lets them see the client only under a "
            "consent in force covering their organisation. `decline` ends the request. The "
            "professional who asked is not told either way. A request that is not pending, "
            "or anyone but the coordinator, answers 404.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=AccessDecisionSerializer,
        responses={200: AccessRequestSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int, request_id: int) -> Response:
        client = policy.client_for(request, client_id, target=f"access_request:{request_id}")
        if not _coordinates(request, client):
            raise PermissionDenied(_("Only the client's personal coordinator can decide this."))
        item = services.pending_access_requests(client).filter(pk=request_id).first()
        if item is None:
            raise Http404(_("No such request."))
        given = AccessDecisionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.decide_access_request(
            access_request=item,
            by=request.user,
            grant=given.validated_data["decision"] == "grant",
            note=given.validated_data["note"],
            request=request,
        )
        item.client = client
        return Response(AccessRequestSerializer(item).data)


class RevealHetuView(ClientDataView):
    @extend_schema(
        operation_id="clients_hetu_reveal",
        tags=["clients"],
        summary="Show the full personal identity code",
        description=describe(
            "The full personal identity code, for a stated purpose. Ask for it only when "
            "needed (e.g. to fill in an application); the masked code is in the overview.",
            RULE,
            "Audit: reaching the client writes an audit event (action `view`), and showing "
            "the code one with action `reveal` and your stated purpose.",
        ),
        request=RevealHetuSerializer,
        responses={200: HetuSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="hetu")
        given = RevealHetuSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        full = services.reveal_hetu(
            client=client,
            by=request.user,
            purpose=given.validated_data["purpose"],
            request=request,
        )
        return Response({"hetu": full})


# ---------------------------------------------------------------------------------------------
# Consents


class ConsentListView(IdempotentCreate, PagedListMixin, ClientDataView):
    def replay(
        self, request: Request, pk: int, *args: Any, client_id: int, **kwargs: Any
    ) -> Response:
        client = policy.client_for(request, client_id, target="consents")
        return Response(ConsentSerializer(selectors.consents(client).get(pk=pk)).data)

    @extend_schema(
        operation_id="consents_list",
        tags=["consents"],
        summary="A client's consents",
        description=describe(
            "All consents of the client, newest first, including withdrawn and expired ones; "
            "`in_force` tells whether each counts today. Paginated (`page`, `page_size`).",
            RULE,
            AUDIT_READ,
        ),
        responses={200: ConsentSerializer(many=True), 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="consents")
        consents = self.page_of(selectors.consents(client))
        return self.paged(ConsentSerializer(consents, many=True).data)

    @extend_schema(
        operation_id="consents_create",
        tags=["consents"],
        summary="Record a consent",
        description=describe(
            "Records the client's consent: which organisations may exchange information, for "
            "what purpose, from when to when, and how it was given. A client in intake becomes "
            "active.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="create"),
        ),
        request=ConsentInputSerializer,
        responses={201: ConsentSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="consents")
        given = ConsentInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        consent = services.give_consent(
            client=client,
            by=request.user,
            request=request,
            **ConsentInputSerializer.service_arguments(given.validated_data),
        )
        shown = selectors.consents(client).get(pk=consent.pk)
        return Response(ConsentSerializer(shown).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawView(ClientDataView):
    @extend_schema(
        operation_id="consents_withdraw",
        tags=["consents"],
        summary="Withdraw a consent",
        description=describe(
            "Withdraws the consent. It takes effect at once: from the next request on, the "
            "organisations it covered no longer see the client through it (if it was your "
            "organisation's only consent, the client answers 404 to you too). A consent of "
            "another client answers 404.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=WithdrawConsentSerializer,
        responses={200: ConsentSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int, consent_id: int) -> Response:
        client = policy.client_for(request, client_id, target=f"consent:{consent_id}")
        consent = selectors.consents(client).filter(pk=consent_id).first()
        if consent is None:
            raise Http404(_("No such consent."))
        given = WithdrawConsentSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        withdrawn = services.withdraw_consent(
            consent=consent,
            by=request.user,
            reason=given.validated_data["reason"],
            request=request,
        )
        consent.withdrawn_at = withdrawn.withdrawn_at
        consent.withdrawn_by = request.user
        consent.withdrawal_reason = withdrawn.withdrawal_reason
        return Response(ConsentSerializer(consent).data)


# ---------------------------------------------------------------------------------------------
# Network


class NetworkView(IdempotentCreate, PagedListMixin, ClientDataView):
    def replay(
        self, request: Request, pk: int, *args: Any, client_id: int, **kwargs: Any
    ) -> Response:
        client = policy.client_for(request, client_id, target="network")
        member = NetworkMember.objects.select_related("professional__organisation").get(
            client=client, pk=pk
        )
        return Response(NetworkMemberSerializer(member).data)

    @extend_schema(
        operation_id="network_list",
        tags=["network"],
        summary="A client's network and its history",
        description=describe(
            "The active members first (the personal coordinator first, then by start), then "
            "the ended memberships, most recently ended first; each with role, "
            "responsibility and period. Paginated (`page`, `page_size`).",
            RULE,
            AUDIT_READ,
        ),
        responses={200: NetworkMemberSerializer(many=True), 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="network")
        members = self.page_of([*selectors.network(client), *selectors.network_history(client)])
        return self.paged(NetworkMemberSerializer(members, many=True).data)

    @extend_schema(
        operation_id="network_add",
        tags=["network"],
        summary="Add a professional to the network",
        description=describe(
            "Adds an active professional as a network member. The professional sees the "
            "client only if a consent in force covers their organisation.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="create"),
        ),
        request=AddMemberSerializer,
        responses={201: NetworkMemberSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="network")
        given = AddMemberSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        member = services.add_member(
            client=client,
            by=request.user,
            professional=given.validated_data["professional"],
            responsibility=given.validated_data["responsibility"],
            request=request,
        )
        return Response(NetworkMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class MemberEndView(ClientDataView):
    @extend_schema(
        operation_id="network_end",
        tags=["network"],
        summary="End a membership",
        description=describe(
            "Ends the membership at once; it stays in the network's history. The personal "
            "coordinator cannot leave before handing over the role (400). A member of "
            "another client's network answers 404.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=None,
        responses={200: NetworkMemberSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int, member_id: int) -> Response:
        client = policy.client_for(request, client_id, target=f"network_member:{member_id}")
        member = (
            client.network.select_related("professional__organisation").filter(pk=member_id).first()
        )
        if member is None:
            raise Http404(_("No such network member."))
        services.end_membership(member=member, by=request.user, request=request)
        return Response(NetworkMemberSerializer(member).data)
