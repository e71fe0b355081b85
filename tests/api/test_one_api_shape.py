"""One API shape (issue 19, item 4): every list is paged by the project's one pagination
class, a service's ValidationError is answered by polku.api in one place (the service's own
message, in the language of the request), and polku/api is the kit only."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from polku.api.errors import as_drf_error
from polku.api.pagination import MAX_PAGE_SIZE, PagePagination
from polku.audit.models import AuditEvent
from tests.factories import ProfessionalFactory
from tests.meetings.helpers import plan

pytestmark = pytest.mark.django_db


def _schema_of(document, response):
    schema = response["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_no_operation_answers_a_bare_list(signed_in):
    """Every GET that answers a list answers a page of it: nothing returns everything."""
    document = json.loads(signed_in.get("/api/v1/openapi.json").content)
    lists = []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if not operation:
            continue
        schema = _schema_of(document, operation["responses"]["200"])
        assert schema.get("type") != "array", f"GET {path} answers a bare list"
        names = {p["name"] for p in operation.get("parameters", [])}
        if "results" in schema.get("properties", {}):
            assert {"page", "page_size"} <= names, path
            lists.append(path)
        elif "contents" in schema.get("properties", {}):  # the HSDS page
            assert {"page", "per_page"} <= names, path
            lists.append(path)
    assert "/api/v1/clients/{client_id}/meetings/" in lists
    assert "/api/v1/referrals/queue/" in lists
    assert "/api/v1/hsds/services" in lists


def test_the_page_size_is_capped():
    factory = APIRequestFactory()
    request = Request(factory.get("/", {"page_size": 10_000}))
    page = PagePagination().paginate_queryset(list(range(500)), request)
    assert len(page) == MAX_PAGE_SIZE
    default = PagePagination().paginate_queryset(list(range(500)), Request(factory.get("/")))
    assert len(default) == 50


def test_meetings_are_paged_and_a_page_beyond_the_last_is_404(
    signed_in, client_record, coordinator
):
    made = [
        plan(
            client_record,
            coordinator,
            starts_at=timezone.now() + dt.timedelta(days=days),
            ends_at=timezone.now() + dt.timedelta(days=days, hours=1),
        )
        for days in (1, 2, 3)
    ]
    base = f"/api/v1/clients/{client_record.pk}/meetings/"
    first = signed_in.get(base, {"page_size": 2}).json()
    assert first["count"] == 3 and first["previous"] is None
    assert [m["id"] for m in first["results"]] == [made[2].pk, made[1].pk]
    second = signed_in.get(base, {"page_size": 2, "page": 2}).json()
    assert [m["id"] for m in second["results"]] == [made[0].pk] and second["next"] is None
    assert signed_in.get(base, {"page_size": 2, "page": 3}).status_code == 404


def test_a_service_refusal_is_answered_with_the_services_message(
    signed_in, client_record, coordinator
):
    """The agreement's owner must be in the client's network: the service's rule, checked
    once, its message in the language of the request (Finnish here)."""
    meeting = plan(client_record, coordinator)
    stranger = ProfessionalFactory(organisation=coordinator.organisation)
    before = AuditEvent.objects.filter(target__startswith="agreement:").count()
    answer = signed_in.post(
        f"/api/v1/clients/{client_record.pk}/meetings/{meeting.pk}/agreements/",
        {"what": "Hakee", "due_on": timezone.localdate().isoformat(), "owner": stranger.pk},
        content_type="application/json",
        headers={"accept-language": "fi"},
    )
    assert answer.status_code == 400
    assert answer.json()["owner"] == [f"{stranger.get_full_name()} ei kuulu asiakkaan verkostoon."]
    assert AuditEvent.objects.filter(target__startswith="agreement:").count() == before
    assert not meeting.agreements.exists()


def test_a_refusal_not_tied_to_a_field_is_under_non_field_errors(
    signed_in, client_record, coordinator
):
    meeting = plan(client_record, coordinator)
    answer = signed_in.post(f"/api/v1/clients/{client_record.pk}/meetings/{meeting.pk}/close/")
    assert answer.status_code == 400
    assert answer.json()["non_field_errors"]


def test_django_errors_become_drf_errors_keyed_like_the_input():
    by_field = as_drf_error(DjangoValidationError({"what": ["Say what."], "__all__": ["No."]}))
    assert by_field.detail == {"what": ["Say what."], "non_field_errors": ["No."]}
    nested = as_drf_error(
        DjangoValidationError({"purpose": ["Choose."], "hetu": ["Bad."]}),
        nested={"consent": {"purpose"}},
    )
    assert nested.detail == {"consent": {"purpose": ["Choose."]}, "hetu": ["Bad."]}
    plain = as_drf_error(DjangoValidationError("Not yet."))
    assert plain.detail == {"non_field_errors": ["Not yet."]}


def test_the_api_package_is_the_kit_only():
    """polku/api holds no endpoints of its own: its URLs only include the apps' api_urls and
    serve the OpenAPI document."""
    from django.urls import URLResolver

    from polku.api import urls

    own = [p for p in urls.urlpatterns if not isinstance(p, URLResolver)]
    assert [p.name for p in own] == ["openapi"]
