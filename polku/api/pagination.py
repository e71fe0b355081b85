"""Paging of every list the API answers: one project-wide class (REST_FRAMEWORK's
DEFAULT_PAGINATION_CLASS), and the HSDS 3.0 page for the public catalogue API.

A list view that is not one of DRF's generic views uses `PagedListMixin`: `page_of(items)`
cuts the page asked for (only that page is then read, serialized and audited) and
`paged(data)` answers it with the page's envelope."""

from collections.abc import Sequence
from typing import Any, cast

from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

MAX_PAGE_SIZE = 200


class PagePagination(PageNumberPagination):
    """`?page=2&page_size=100`: REST_FRAMEWORK["PAGE_SIZE"] (50) items a page unless asked, at
    most 200. The answer has `count`, `next`, `previous` and `results`; a page beyond the last
    answers 404."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class PagedListMixin:
    """For an APIView whose GET answers a list: the project's paging, documented in the
    OpenAPI document like a generic list view's (drf-spectacular reads `pagination_class`)."""

    pagination_class: type[BasePagination] = PagePagination
    _paginator: BasePagination | None = None

    @property
    def paginator(self) -> BasePagination:
        if self._paginator is None:
            self._paginator = self.pagination_class()
        return self._paginator

    def page_of(self, items: Sequence[Any] | Any) -> list[Any]:
        """The items of the page asked for (`items`: a queryset or a list)."""
        view = cast(APIView, self)
        page = self.paginator.paginate_queryset(items, view.request, view=view)
        return list(page if page is not None else items)

    def paged(self, data: Any) -> Response:
        return self.paginator.get_paginated_response(data)


def _positive(request: Request, name: str, default: int) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ValidationError({name: [_("page and per_page must be positive whole numbers.")]})
    return number


class HsdsPagination(BasePagination):
    """The page of HSDS 3.0's API: `?page=2&per_page=100` (50 a page unless asked, at most
    200), answered as HSDS describes: total_items, total_pages, page_number, size, first_page,
    last_page, empty, contents. A page beyond the last is an empty page (not an error), as
    HSDS has it; a page or per_page below 1 (or not a number) answers 400."""

    page_query_param = "page"
    page_size_query_param = "per_page"
    page_size = 50
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(
        self, queryset: QuerySet[Any] | Sequence[Any], request: Request, view: APIView | None = None
    ) -> list[Any]:
        self.page_number = _positive(request, self.page_query_param, 1)
        per_page = min(
            _positive(request, self.page_size_query_param, self.page_size), self.max_page_size
        )
        paginator = DjangoPaginator(queryset, per_page)
        self.total_items = paginator.count
        self.total_pages = max(1, paginator.num_pages)
        try:
            return list(paginator.page(self.page_number).object_list)
        except InvalidPage:
            return []

    def get_paginated_response(self, data: Any) -> Response:
        contents = list(data)
        return Response(
            {
                "total_items": self.total_items,
                "total_pages": self.total_pages,
                "page_number": self.page_number,
                "size": len(contents),
                "first_page": self.page_number == 1,
                "last_page": self.page_number >= self.total_pages,
                "empty": self.total_items == 0,
                "contents": contents,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        number = {"type": "integer"}
        flag = {"type": "boolean"}
        return {
            "type": "object",
            "required": [
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
                "contents",
            ],
            "properties": {
                "total_items": number,
                "total_pages": number,
                "page_number": number,
                "size": number,
                "first_page": flag,
                "last_page": flag,
                "empty": flag,
                "contents": schema,
            },
        }

    @classmethod
    def parameters(cls) -> list[OpenApiParameter]:
        """The query parameters, for an operation's `extend_schema(parameters=…)`."""
        return [
            OpenApiParameter(
                cls.page_query_param, OpenApiTypes.INT, description="Page number, from 1."
            ),
            OpenApiParameter(
                cls.page_size_query_param,
                OpenApiTypes.INT,
                description=f"Items per page (≤ {cls.max_page_size}, default {cls.page_size}).",
            ),
        ]

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": parameter.name,
                "required": False,
                "in": "query",
                "description": parameter.description,
                "schema": {"type": "integer"},
            }
            for parameter in self.parameters()
        ]
