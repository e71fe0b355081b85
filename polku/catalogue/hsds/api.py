"""The public, read-only HSDS 3.0 API of the catalogue (the catalogue holds no personal
data): /api/v1/hsds/services, /services/{id}, /organizations, /organizations/{id},
/taxonomies, /taxonomy_terms — paginated as HSDS describes (`page`, `per_page`; the project's
HSDS page, polku.api.pagination.HsdsPagination), and rate-limited per client address
(REST_FRAMEWORK's "hsds" scope, POLKU_HSDS_RATE; past it 429)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from polku.api.pagination import HsdsPagination, PagedListMixin
from polku.api.schema import ERR_429
from polku.api.throttling import RateLimitedMixin, ScopedThrottle

from ..models import Provider, Service
from . import documents

PAGINATION = HsdsPagination.parameters()
PAGE = OpenApiResponse(
    HsdsPagination().get_paginated_response_schema(
        {"type": "array", "items": {"type": "object", "additionalProperties": {}}}
    ),
    description="An HSDS page: total_items, total_pages, page_number, size, first_page, "
    "last_page, empty, contents.",
)
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="No such entity.")
BAD_PAGE = OpenApiResponse(
    OpenApiTypes.OBJECT, description="page or per_page is not a positive number."
)


class PublicView(RateLimitedMixin, PagedListMixin, APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "hsds"
    pagination_class = HsdsPagination

    def paged_documents(self, items: Any, document=None) -> Response:
        """The page asked for of `items` (a queryset or a list), each item made an HSDS
        document by `document` (only the page's items are read and built)."""
        page = self.page_of(items)
        return self.paged([document(item) for item in page] if document else page)


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
        responses={200: PAGE, 400: BAD_PAGE, 429: ERR_429},
        tags=["hsds"],
    )
    def get(self, request: Request) -> Response:
        links = documents.all_links()
        return self.paged_documents(
            documents.services_queryset(),
            lambda service: documents.service_document(service, links[service.pk]),
        )


class ServiceDetail(PublicView):
    @extend_schema(
        operation_id="hsds_service",
        summary="One HSDS service (public)",
        description="A fully nested HSDS 3.0 service.",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="An HSDS service."),
            404: NOT_FOUND,
            429: ERR_429,
        },
        tags=["hsds"],
    )
    def get(self, request: Request, hsds_id: str) -> Response:
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
        responses={200: PAGE, 400: BAD_PAGE, 429: ERR_429},
        tags=["hsds"],
    )
    def get(self, request: Request) -> Response:
        return self.paged_documents(
            Provider.objects.order_by("hsds_id"), documents.organization_document
        )


class OrganizationDetail(PublicView):
    @extend_schema(
        operation_id="hsds_organization",
        summary="One HSDS organization with its services (public)",
        description="An HSDS 3.0 organization; `services` lists its services' ids and names.",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="An HSDS organization."),
            404: NOT_FOUND,
            429: ERR_429,
        },
        tags=["hsds"],
    )
    def get(self, request: Request, hsds_id: str) -> Response:
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
        description="Polku's own taxonomy, whose terms carry the fields HSDS lacks, and the "
        "national classifications of the services from Suomi.fi's service catalogue.",
        parameters=PAGINATION,
        responses={200: PAGE, 400: BAD_PAGE, 429: ERR_429},
        tags=["hsds"],
    )
    def get(self, request: Request) -> Response:
        return self.paged_documents(documents.taxonomies())


class TaxonomyTermList(PublicView):
    @extend_schema(
        operation_id="hsds_taxonomy_terms",
        summary="HSDS taxonomy terms (public)",
        description="The terms of Polku's taxonomy.",
        parameters=PAGINATION,
        responses={200: PAGE, 400: BAD_PAGE, 429: ERR_429},
        tags=["hsds"],
    )
    def get(self, request: Request) -> Response:
        return self.paged_documents(documents.taxonomy_terms())
