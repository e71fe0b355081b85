"""The client's handovers in the REST API (GET /api/v1/clients/{client_id}/handovers/):
who handed the coordination to whom, why, when, and the decision. Through the access rule
(audited)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from polku.access import policy
from polku.api.pagination import PagedListMixin
from polku.api.schema import AUDIT_READ, ERR_403, ERR_404, RULE, describe
from polku.api.views import ClientDataView
from polku.core.http import SignedInAPIRequest

from . import selectors
from .models import Handover


class HandoverSerializer(serializers.ModelSerializer):
    from_coordinator = serializers.CharField(source="from_coordinator.get_full_name")
    to_professional = serializers.CharField(source="to_professional.get_full_name")
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True)

    class Meta:
        model = Handover
        fields = [
            "id",
            "from_coordinator",
            "to_professional",
            "reason",
            "summary",
            "meeting",
            "status",
            "proposed_at",
            "decided_at",
            "decision_note",
        ]


class HandoverListView(PagedListMixin, ClientDataView):
    @extend_schema(
        operation_id="client_handovers",
        tags=["handover"],
        summary="The client's handovers, newest first",
        description=describe("Paginated (`page`, `page_size`).", RULE, AUDIT_READ),
        responses={200: HandoverSerializer(many=True), 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="handovers")
        found = self.page_of(selectors.handovers(client))
        return self.paged(HandoverSerializer(found, many=True).data)
