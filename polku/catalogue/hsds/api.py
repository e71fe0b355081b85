"""The public, read-only HSDS 3.0 API of the catalogue (the catalogue holds no personal
data): /api/v1/hsds/services, /services/{id}, /organizations, /organizations/{id},
/taxonomies, /taxonomy_terms — paginated as HSDS describes (`page`, `per_page`)."""

from __future__ import annotations

import uuid

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import Provider, Service
from . import documents

MAX_PER_PAGE = 200
PAGINATION = [
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1."),
    OpenApiParameter(
        "per_page", OpenApiTypes.INT, description=f"Items per page (≤ {MAX_PER_PAGE})."
    ),
]
PAGE = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="An HSDS page: total_items, total_pages, page_number, size, first_page, "
    "last_page, empty, contents.",
)
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="No such entity.")
BAD_PAGE = OpenApiResponse(
    OpenApiTypes.OBJECT, description="page or per_page is not a positive number."
)


class PublicView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def paged(self, request, items: list[dict]) -> Response:
        try:
            number = int(request.query_params.get("page", 1))
            per_page = min(int(request.query_params.get("per_page", 50)), MAX_PER_PAGE)
        except ValueError:
            number = per_page = 0
        if number < 1 or per_page < 1:
            return Response(
                {"detail": "page and per_page must be positive whole numbers."}, status=400
            )
        return Response(documents.page(items, number, per_page))


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


class ServiceList(PublicView):
    @extend_schema(
        operation_id="hsds_services",
        summary="HSDS services (public)",
        description="Every service and benefit of the map, fully nested, as HSDS 3.0.",
        parameters=PAGINATION,
        responses={200: PAGE, 400: BAD_PAGE},
        tags=["hsds"],
    )
    def get(self, request):
        return self.paged(request, documents.all_services())


class ServiceDetail(PublicView):
    @extend_schema(
        operation_id="hsds_service",
        summary="One HSDS service (public)",
        description="A fully nested HSDS 3.0 service.",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="An HSDS service."),
            404: NOT_FOUND,
        },
        tags=["hsds"],
    )
    def get(self, request, hsds_id):
        service = Service.objects.select_related("provider").filter(hsds_id=_uuid(hsds_id)).first()
        if service is None:
            raise Http404
        return Response(documents.service_document(service))


class OrganizationList(PublicView):
    @extend_schema(
        operation_id="hsds_organizations",
        summary="HSDS organizations (public)",
        description="The providers of the map's services.",
        parameters=PAGINATION,
        responses={200: PAGE, 400: BAD_PAGE},
        tags=["hsds"],
    )
    def get(self, request):
        items = [documents.organization_document(p) for p in Provider.objects.order_by("hsds_id")]
        return self.paged(request, items)


class OrganizationDetail(PublicView):
    @extend_schema(
        operation_id="hsds_organization",
        summary="One HSDS organization with its services (public)",
        description="An HSDS 3.0 organization; `services` lists its services' ids and names.",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="An HSDS organization."),
            404: NOT_FOUND,
        },
        tags=["hsds"],
    )
    def get(self, request, hsds_id):
        provider = Provider.objects.filter(hsds_id=_uuid(hsds_id)).first()
        if provider is None:
            raise Http404
        document = documents.organization_document(provider)
        document["services"] = [
            {
                "id": str(s.hsds_id),
                "name": s.name_fi,
                "status": "active" if s.is_active else "inactive",
            }
            for s in provider.services.order_by("hsds_id")
        ]
        return Response(document)


class TaxonomyList(PublicView):
    @extend_schema(
        operation_id="hsds_taxonomies",
        summary="HSDS taxonomies (public)",
        description="Polku's own taxonomy, whose terms carry the fields HSDS lacks.",
        parameters=PAGINATION,
        responses={200: PAGE, 400: BAD_PAGE},
        tags=["hsds"],
    )
    def get(self, request):
        return self.paged(request, [documents.TAXONOMY])


class TaxonomyTermList(PublicView):
    @extend_schema(
        operation_id="hsds_taxonomy_terms",
        summary="HSDS taxonomy terms (public)",
        description="The terms of Polku's taxonomy.",
        parameters=PAGINATION,
        responses={200: PAGE, 400: BAD_PAGE},
        tags=["hsds"],
    )
    def get(self, request):
        return self.paged(request, documents.taxonomy_terms())
