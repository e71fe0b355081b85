"""The client's work-ability assessments in the REST API (GET
/api/v1/clients/{client_id}/assessments/): every version, newest first, with each domain's
statuses and views. Through the access rule (audited)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from polku.access import policy
from polku.api.pagination import PagedListMixin
from polku.api.schema import AUDIT_READ, ERR_403, ERR_404, RULE, describe
from polku.api.views import ClientDataView
from polku.core.http import SignedInAPIRequest

from . import selectors
from .models import Assessment, DomainAssessment


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = DomainAssessment
        fields = [
            "domain",
            "client_status",
            "professional_status",
            "support_needed",
            "client_view",
            "professional_view",
        ]


class AssessmentSerializer(serializers.ModelSerializer):
    assessed_by = serializers.CharField(source="assessed_by.get_full_name")
    domains = DomainSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "version",
            "assessed_on",
            "assessed_by",
            "work_ability_score",
            "sickness_absence_days",
            "domains",
        ]


class AssessmentListView(PagedListMixin, ClientDataView):
    @extend_schema(
        operation_id="client_assessments",
        tags=["assessment"],
        summary="Every version of the client's assessment, newest first",
        description=describe("Paginated (`page`, `page_size`).", RULE, AUDIT_READ),
        responses={200: AssessmentSerializer(many=True), 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="assessments")
        found = self.page_of(selectors.assessments(client))
        return self.paged(AssessmentSerializer(found, many=True).data)
