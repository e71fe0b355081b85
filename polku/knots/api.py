"""The knot's REST API (under /api/v1/clients/{client_id}/): the client's applications, what
each waits for, and the analysis (deadlocks, the order that opens the knot, the critical path,
applications pending longer than expected). Like the pages: the client comes through the
access rule (polku.access.policy.client_for, which audits it); writes go through
polku.knots.services."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from polku.access import policy
from polku.accounts.models import Organisation
from polku.api.idempotency import IdempotentCreate
from polku.api.schema import AUDIT_READ, AUDIT_WRITE, ERR_400, ERR_403, ERR_404, RULE, describe
from polku.api.views import ClientDataView
from polku.catalogue.models import Service
from polku.clients.models import Client
from polku.core.http import SignedInAPIRequest

from . import selectors, services
from .models import Application, ApplicationStatus, Blocker, BlockerKind

# ---------------------------------------------------------------------------------------------
# Serializers


class BlockerSerializer(serializers.ModelSerializer):
    application = serializers.IntegerField(source="application_id", read_only=True)
    waits_for = serializers.PrimaryKeyRelatedField(
        queryset=Application.objects.none(),
        allow_null=True,
        required=False,
        help_text="For kind `decision`: the application (of the same client) it waits for.",
    )
    owner = serializers.IntegerField(source="owner_id", read_only=True, allow_null=True)
    agreement = serializers.IntegerField(source="agreement_id", read_only=True, allow_null=True)
    resolved = serializers.SerializerMethodField()

    class Meta:
        model = Blocker
        fields = [
            "id",
            "application",
            "kind",
            "waits_for",
            "what",
            "from_whom",
            "owner",
            "owner_is_client",
            "due",
            "agreement",
            "resolved",
            "resolved_at",
        ]
        read_only_fields = ["resolved_at"]

    def __init__(self, *args: Any, client: Client | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if client is not None:
            waits_for = self.fields["waits_for"]
            assert isinstance(waits_for, serializers.PrimaryKeyRelatedField)
            # djangorestframework-stubs type RelatedField.queryset as a manager descriptor.
            waits_for.queryset = Application.objects.filter(client=client)  # type: ignore[arg-type]

    def get_resolved(self, blocker) -> bool:
        return blocker.resolved_at is not None


class ApplicationSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Service.objects.all(),
        help_text="The catalogue service's slug (GET /api/v1/... the map, /map/services/).",
    )
    deciding_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    expected_processing_days = serializers.IntegerField(
        source="target_days",
        read_only=True,
        allow_null=True,
        help_text="The benefit's published target processing time while the decision is "
        "awaited (null: not known, or already decided or withdrawn: see status and "
        "decision_date).",
    )
    processing_fallback_days = serializers.SerializerMethodField(
        help_text="Where the target is not known and the decision is awaited: the yardstick a "
        "long wait is compared with (the longest target the same organisation publishes in "
        "the catalogue); else null."
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "service",
            "deciding_organisation",
            "status",
            "submitted",
            "decision_date",
            "expected_processing_days",
            "processing_fallback_days",
            "version",
        ]
        read_only_fields = ["decision_date", "version"]
        # The model's default ("draft") would make it optional here, but a recorded
        # application says where it stands: asked for, so that leaving it out is a 400.
        extra_kwargs = {"status": {"required": True}}

    def get_processing_fallback_days(self, application) -> int | None:
        if not application.awaits_decision:
            return None  # decided or withdrawn: no wait to compare
        table = self.context.get("fallbacks")
        if table is None:  # one application: look its organisation's yardstick up
            found = selectors.fallback_for(application.service, selectors.fallbacks())
        else:  # the knot's: already found per application
            found = table.get(application.pk)
        return found.days if found else None


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    decision_date = serializers.DateField(
        required=False, allow_null=True, help_text="For a decision (today when left out)."
    )


class OrderItemSerializer(serializers.Serializer):
    blocker = serializers.CharField()
    application = serializers.CharField()
    kind = serializers.ChoiceField(choices=BlockerKind.choices)
    actionable_now = serializers.BooleanField()
    deadlocked = serializers.BooleanField()
    unlocks = serializers.IntegerField(help_text="Applications this blocker holds up, in all.")


class OverdueSerializer(serializers.Serializer):
    application = serializers.CharField()
    waited_days = serializers.IntegerField()
    expected_days = serializers.IntegerField(help_text="The days the wait was compared with.")
    basis = serializers.ChoiceField(
        choices=["target", "fallback"],
        help_text="`target`: the benefit's published target time; `fallback`: its target is "
        "not known and the wait was compared with the stated yardstick.",
    )


class AnalysisSerializer(serializers.Serializer):
    deadlocks = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Application ids waiting for each other in a circle, each circle once.",
    )
    order = OrderItemSerializer(
        many=True, help_text="Open blockers in the order to act on them, deadlocked ones last."
    )
    critical_path = serializers.ListField(
        child=serializers.CharField(),
        help_text="The chain of applications that delays the last decision longest.",
    )
    critical_path_days = serializers.IntegerField()
    overdue = OverdueSerializer(many=True)


class KnotSerializer(serializers.Serializer):
    client_id = serializers.IntegerField()
    applications = ApplicationSerializer(many=True)
    blockers = BlockerSerializer(many=True)
    analysis = AnalysisSerializer()
    needs_digital_help = serializers.BooleanField(
        help_text="A further-information request is pending but the client cannot read "
        "Kela's e-messages (no online credentials): help with credentials or paper mail."
    )


# ---------------------------------------------------------------------------------------------
# Views


def _application(client: Client, application_id) -> Application:
    return get_object_or_404(
        Application.objects.select_related("service", "client"), pk=application_id, client=client
    )


class KnotView(ClientDataView):
    @extend_schema(
        operation_id="client_knot",
        tags=["knots"],
        summary="The client's benefit knot, analysed",
        description=describe(
            "The client's applications, what each waits for (blockers), and the analysis: "
            "deadlocks, the order that opens the knot, the critical path and applications "
            "pending longer than the catalogue's expected processing time. The same analysis "
            "as `python manage.py analyse_knot`.",
            RULE,
            AUDIT_READ,
        ),
        responses={200: KnotSerializer, 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="knot")
        knot = selectors.knot(client)
        data = {
            "client_id": client.pk,
            "applications": knot.applications,
            "blockers": knot.blockers,
            "analysis": knot.result.as_dict(),
            "needs_digital_help": knot.needs_digital_help,
        }
        return Response(KnotSerializer(data, context={"fallbacks": knot.fallbacks}).data)


class ApplicationListView(IdempotentCreate, ClientDataView):
    def replay(self, request: SignedInAPIRequest, pk: int, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="knot")
        return Response(ApplicationSerializer(_application(client, pk)).data)

    @extend_schema(
        operation_id="client_application_create",
        tags=["knots"],
        summary="Record an application",
        description=describe(
            "A benefit or service application of the client. Any status but `draft` needs "
            "`submitted` (not in the future).",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="create"),
        ),
        request=ApplicationSerializer,
        responses={201: ApplicationSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="knot")
        incoming = ApplicationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        application = services.add_application(
            client=client,
            by=request.user,
            request=request,
            service=data["service"],
            status=data["status"],
            submitted=data.get("submitted"),
            deciding_organisation=data.get("deciding_organisation"),
        )
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationView(ClientDataView):
    @extend_schema(
        operation_id="client_application",
        tags=["knots"],
        summary="One application",
        description=describe(RULE, AUDIT_READ),
        responses={200: ApplicationSerializer, 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int, application_id: int) -> Response:
        client = policy.client_for(request, client_id, target=f"application:{application_id}")
        return Response(ApplicationSerializer(_application(client, application_id)).data)

    @extend_schema(
        operation_id="client_application_status",
        tags=["knots"],
        summary="Change an application's status (e.g. record its decision)",
        description=describe(
            "A decision (`decided_*`) records its date (today when left out). A decision or "
            "`withdrawn` resolves every open blocker that waited for this application's "
            "decision, and the application's own open blockers (audited).",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=StatusSerializer,
        responses={200: ApplicationSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def patch(self, request: SignedInAPIRequest, client_id: int, application_id: int) -> Response:
        client = policy.client_for(request, client_id, target=f"application:{application_id}")
        application = _application(client, application_id)
        incoming = StatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.set_status(
            application=application,
            by=request.user,
            request=request,
            status=incoming.validated_data["status"],
            decision_date=incoming.validated_data.get("decision_date"),
        )
        return Response(ApplicationSerializer(application).data)


class BlockerListView(IdempotentCreate, ClientDataView):
    def replay(
        self, request: SignedInAPIRequest, pk: int, client_id: int, application_id: int
    ) -> Response:
        client = policy.client_for(request, client_id, target=f"application:{application_id}")
        blocker = Blocker.objects.get(pk=pk, application=_application(client, application_id))
        return Response(BlockerSerializer(blocker).data)

    @extend_schema(
        operation_id="client_blocker_create",
        tags=["knots"],
        summary="Record what an application waits for",
        description=describe(
            "Kind `decision` names the awaited application in `waits_for`; the other kinds "
            "say `what` is needed (and optionally `from_whom`). The owner is you, or the "
            "client with `owner_is_client`.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="create"),
        ),
        request=BlockerSerializer,
        responses={201: BlockerSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int, application_id: int) -> Response:
        client = policy.client_for(request, client_id, target=f"application:{application_id}")
        application = _application(client, application_id)
        incoming = BlockerSerializer(data=request.data, client=client)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        owner_is_client = data.get("owner_is_client", False)
        blocker = services.add_blocker(
            application=application,
            by=request.user,
            request=request,
            kind=data["kind"],
            waits_for=data.get("waits_for"),
            what=data.get("what", ""),
            from_whom=data.get("from_whom", ""),
            owner=None if owner_is_client else request.user,
            owner_is_client=owner_is_client,
            due=data.get("due"),
        )
        return Response(BlockerSerializer(blocker).data, status=status.HTTP_201_CREATED)


class BlockerResolveView(ClientDataView):
    @extend_schema(
        operation_id="client_blocker_resolve",
        tags=["knots"],
        summary="Mark a blocker resolved",
        description=describe(RULE, AUDIT_READ, AUDIT_WRITE.format(action="update")),
        request=None,
        responses={200: BlockerSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int, blocker_id: int) -> Response:
        client = policy.client_for(request, client_id, target=f"blocker:{blocker_id}")
        blocker = get_object_or_404(
            Blocker.objects.select_related("application"),
            pk=blocker_id,
            application__client=client,
        )
        services.resolve_blocker(blocker=blocker, by=request.user, request=request)
        return Response(BlockerSerializer(blocker).data)
