"""The client's plan in the REST API (GET /api/v1/clients/{client_id}/plan/): goals in the
client's own words, each with its steps. Through the access rule (audited)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from polku.access import policy
from polku.api.schema import AUDIT_READ, ERR_403, ERR_404, RULE, describe
from polku.api.views import ClientDataView
from polku.core.http import SignedInAPIRequest

from . import selectors
from .models import Goal, Step


class PlanStepServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField(
        help_text="The catalogue entry's short name (`/map/services/{slug}/`)."
    )
    name = serializers.CharField(help_text="The entry's name in the language of the request.")


class PlanStepSerializer(serializers.ModelSerializer):
    responsible = serializers.CharField(
        source="responsible.get_full_name",
        allow_null=True,
        help_text="null: the client is responsible (`responsible_is_client`), or nobody yet "
        "(the step waits for the coordinator to assign it in `organisation`).",
    )
    organisation = serializers.CharField(source="organisation.name", allow_null=True)
    service = PlanStepServiceSerializer(
        allow_null=True, help_text="The map entry the step uses; null when not on the map."
    )
    service_name = serializers.CharField(
        help_text="Free text only for a service not on the map (empty when `service` is set)."
    )

    class Meta:
        model = Step
        fields = [
            "id",
            "what",
            "responsible",
            "responsible_is_client",
            "organisation",
            "service",
            "service_name",
            "target_date",
            "status",
            "done_on",
        ]


class PlanGoalSerializer(serializers.ModelSerializer):
    steps = PlanStepSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "text", "order", "status", "steps"]


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="null: no plan has been made yet.")
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField(allow_null=True)
    goals = PlanGoalSerializer(many=True)


class PlanView(ClientDataView):
    @extend_schema(
        operation_id="client_plan",
        tags=["plans"],
        summary="The client's plan: goals and steps",
        description=describe(
            "`id` is null and `goals` empty when no plan has been made yet.", RULE, AUDIT_READ
        ),
        responses={200: PlanSerializer, 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="plan")
        plan = selectors.plan_of(client)
        if plan is None:
            return Response(
                PlanSerializer({"id": None, "version": 0, "updated_at": None, "goals": []}).data
            )
        data = {
            "id": plan.pk,
            "version": plan.version,
            "updated_at": plan.updated_at,
            "goals": selectors.goals_with_steps(plan),
        }
        return Response(PlanSerializer(data).data)
