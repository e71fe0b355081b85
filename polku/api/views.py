"""Base views of the REST API. Each app's endpoints live in its own `api.py` (views and
serializers) and `api_urls.py`, and build on these and on the rest of the kit in this
package: `schema` (texts and error answers for the OpenAPI document), `errors` (a service's
ValidationError as the 400 answer), `pagination`, `idempotency` and `permissions`."""

from typing import Any

from django.utils.cache import patch_cache_control
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class NoStoreMixin:
    """Answers with client data are never stored by browsers or proxies."""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]  # a mixin for APIViews
        patch_cache_control(response, no_store=True, private=True)
        return response


class ClientDataView(NoStoreMixin, APIView):
    """Base of the endpoints under /clients/{client_id}/."""
