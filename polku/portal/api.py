"""The client's own data as JSON (under /api/v1/portal/), for the signed-in client only — the
portal session, never an id in the URL. Professionals are not portal users (403)."""

from typing import cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from polku.api.pagination import PagedListMixin
from polku.api.schema import ERR_403, ERR_PAGE
from polku.api.views import NoStoreMixin
from polku.audit.models import Action
from polku.audit.services import record
from polku.portal.http import PortalAPIRequest

from . import selectors, session


class IsPortalClient(BasePermission):
    message = "Sign in to the client portal first."

    def has_permission(self, request: Request, view: APIView) -> bool:
        client = session.current_client(request)
        if client is None:
            return False
        cast(PortalAPIRequest, request).portal_client = client
        return True


class MyStepSerializer(serializers.Serializer):
    what = serializers.CharField()
    target_date = serializers.DateField()
    status = serializers.CharField()
    i_do_it = serializers.BooleanField(source="responsible_is_client")


class MyGoalSerializer(serializers.Serializer):
    text = serializers.CharField()
    status = serializers.CharField()
    steps = MyStepSerializer(many=True, source="steps.all")


class MyPlanSerializer(serializers.Serializer):
    goals = MyGoalSerializer(many=True, help_text="Empty while no plan has been made.")


class MyAgreementSerializer(serializers.Serializer):
    what = serializers.CharField()
    due_on = serializers.DateField()
    i_do_it = serializers.BooleanField(source="owner_is_client")
    who = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()

    def get_who(self, agreement) -> str:
        return agreement.owner.get_full_name() if agreement.owner else ""

    def get_organisation(self, agreement) -> str:
        return agreement.owner.organisation.name if agreement.owner else ""


class MyConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    purpose = serializers.CharField()
    organisations = serializers.SerializerMethodField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)

    def get_organisations(self, consent) -> list[str]:
        return [organisation.name for organisation in consent.organisations.all()]


class MyApplicationSerializer(serializers.Serializer):
    service = serializers.CharField(source="service.name")
    status = serializers.CharField()
    task_kind = serializers.ChoiceField(
        choices=["send_information", "do", "send_application", "none"]
    )
    task = serializers.CharField(
        help_text="What the client must do, in plain words; empty if nothing."
    )
    waits_for = serializers.ListField(child=serializers.CharField(), source="reasons")
    decision = serializers.CharField()


class _PortalView(NoStoreMixin, APIView):
    authentication_classes: list = []
    permission_classes = [IsPortalClient]

    def _audit(self, request: PortalAPIRequest, what: str) -> None:
        record(
            actor=None,
            action=Action.VIEW,
            client=request.portal_client,
            target=f"portal:api:{what}",
            request=request,
            details={"by": "client"},
        )


class PlanView(_PortalView):
    @extend_schema(
        operation_id="portal_plan",
        tags=["portal"],
        summary="My plan",
        responses={200: MyPlanSerializer, 403: ERR_403},
    )
    def get(self, request: PortalAPIRequest) -> Response:
        self._audit(request, "plan")
        found = selectors.plan(request.portal_client)
        goals = list(found.goals.all()) if found else []
        return Response(MyPlanSerializer({"goals": goals}).data)


class AgreementsView(PagedListMixin, _PortalView):
    @extend_schema(
        operation_id="portal_agreements",
        tags=["portal"],
        summary="What was agreed and is still open",
        responses={200: MyAgreementSerializer(many=True), 403: ERR_403, 404: ERR_PAGE},
    )
    def get(self, request: PortalAPIRequest) -> Response:
        self._audit(request, "agreements")
        found = self.page_of(selectors.agreements(request.portal_client))
        return self.paged(MyAgreementSerializer(found, many=True).data)


class ConsentsView(PagedListMixin, _PortalView):
    @extend_schema(
        operation_id="portal_consents",
        tags=["portal"],
        summary="My consents",
        responses={200: MyConsentSerializer(many=True), 403: ERR_403, 404: ERR_PAGE},
    )
    def get(self, request: PortalAPIRequest) -> Response:
        self._audit(request, "consents")
        found = self.page_of(selectors.consents(request.portal_client))
        return self.paged(MyConsentSerializer(found, many=True).data)


class ApplicationsView(PagedListMixin, _PortalView):
    @extend_schema(
        operation_id="portal_applications",
        tags=["portal"],
        summary="My applications and what I must do",
        responses={200: MyApplicationSerializer(many=True), 403: ERR_403, 404: ERR_PAGE},
    )
    def get(self, request: PortalAPIRequest) -> Response:
        self._audit(request, "applications")
        rows, _ = selectors.applications(request.portal_client)
        return self.paged(MyApplicationSerializer(self.page_of(rows), many=True).data)
