"""The referrals REST API (under /api/v1/referrals/). Like the web pages: the partner reads
only the limited view (status, named worker, outcome category), the receiving team lists its
queue and claims; anyone else gets 404. Writes go through polku.referrals.services."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from polku.api.idempotency import IdempotentCreate
from polku.api.pagination import PagedListMixin
from polku.api.schema import ERR_400, ERR_403, ERR_PAGE, describe
from polku.api.views import NoStoreMixin
from polku.audit import services as audit
from polku.audit.models import Action
from polku.clients.models import ConsentPurpose, Language
from polku.core import channels
from polku.core.channels import REFERRAL_CHANNELS
from polku.core.http import SignedInAPIRequest

from . import selectors, services
from .models import ReceivingTeam, Urgency

ACCESS = (
    "Access: the referring organisation's workers see only the status, the named worker and "
    "the outcome category (never the client's other data; nothing once the client has "
    "withdrawn the consent); the receiving team's members and service manager see the whole "
    "referral. Anyone else gets **404**, as for a referral that does not exist."
)
AUDIT = "Audit: every answer writes an audit event (who, which referral, from where)."
ERR_404 = OpenApiResponse(description="No such referral, or not yours to see (the same answer).")


class PartnerStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    client_name = serializers.CharField(
        help_text="The referred client's name, shown to the referring partner while the "
        "consent is in force."
    )
    team = serializers.CharField()
    organisation = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    named_worker = serializers.CharField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    received_at = serializers.DateTimeField()
    deadline = serializers.DateField()
    working_days_left = serializers.IntegerField(
        source="days_left",
        allow_null=True,
        help_text="Finnish working days to the deadline of the first contact (negative: "
        "overdue), null once the client has been contacted; the same count as the "
        "receiving team's queue.",
    )
    overdue = serializers.BooleanField()


class ReferralCreateSerializer(serializers.Serializer):
    team = serializers.PrimaryKeyRelatedField(queryset=ReceivingTeam.objects.all())
    first_names = serializers.CharField(max_length=100, allow_blank=True)
    last_name = serializers.CharField(max_length=100, allow_blank=True)
    hetu = serializers.CharField(max_length=20, allow_blank=True)
    identity_confirmed = serializers.BooleanField()
    situation = serializers.CharField(max_length=4000, allow_blank=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    consent_in_person = serializers.BooleanField()
    consent_scope = serializers.CharField(max_length=500, allow_blank=True)
    consent_covers_partner = serializers.BooleanField(default=False)
    contact_channel = serializers.ChoiceField(choices=channels.choices(REFERRAL_CHANNELS))
    contact_details = serializers.CharField(max_length=200, allow_blank=True, default="")
    preferred_language = serializers.ChoiceField(choices=Language.choices, default=Language.FINNISH)
    partner_present = serializers.BooleanField(default=False)


class ClaimSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, allow_blank=True, default="")


class QueueItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    team = serializers.CharField(source="team.name")
    first_names = serializers.CharField()
    last_name = serializers.CharField()
    urgency = serializers.CharField()
    status = serializers.CharField()
    received_at = serializers.DateTimeField()
    deadline = serializers.DateField()
    working_days_left = serializers.IntegerField(source="days_left", allow_null=True)
    overdue = serializers.BooleanField()
    named_worker = serializers.SerializerMethodField()
    partner_organisation = serializers.CharField(source="partner_organisation.name")

    def get_named_worker(self, obj) -> str:
        return obj.named_worker.get_full_name() if obj.named_worker_id else ""


def _public(row: dict) -> dict:
    row = dict(row)
    row.pop("audit_client_id", None)
    return row


def _audit(
    request: SignedInAPIRequest,
    target: str,
    *,
    action: Action = Action.VIEW,
    client_id: int | None = None,
    **details: object,
) -> None:
    # Every referral page is work under the client's consent to the referral (given in person
    # with the partner worker): that is the audit trail's "why" (the client's "who looked").
    audit.record(
        actor=request.user,
        action=action,
        client=client_id,
        target=target,
        purpose=ConsentPurpose.REFERRAL,
        request=request,
        details=details,
    )


class ReferralListView(IdempotentCreate, PagedListMixin, NoStoreMixin, APIView):
    def replay(self, request: SignedInAPIRequest, pk: int) -> Response:
        row = selectors.partner_view(request.user, pk)
        return Response(PartnerStatusSerializer(_public(row)).data)

    @extend_schema(
        operation_id="referrals_list",
        tags=["referrals"],
        summary="Referrals your organisation has made",
        description=describe(
            "The referrals made by your organisation whose consent is in force, newest "
            "first, each with the status, the named worker and the outcome category only; "
            "paginated (`page`, `page_size`).",
            ACCESS,
            AUDIT,
        ),
        responses={200: PartnerStatusSerializer(many=True), 403: ERR_403, 404: ERR_PAGE},
    )
    def get(self, request: SignedInAPIRequest) -> Response:
        rows = self.page_of(selectors.partner_list(request.user))
        # The page shows the referred clients' names: the audit trail records whose.
        shown = [r["pk"] for r in rows]
        _audit(
            request,
            "referral_list:partner",
            action=Action.LIST,
            referrals=shown,
            client_names_shown=shown,
        )
        return self.paged(PartnerStatusSerializer([_public(r) for r in rows], many=True).data)

    @extend_schema(
        operation_id="referrals_create",
        tags=["referrals"],
        summary="Make a referral with the client present",
        description=describe(
            "A partner worker (of a non-authority organisation) refers the client to a "
            "receiving team. The identity is confirmed and the consent given in person with "
            "the client present (`identity_confirmed`, `consent_in_person` must be true); the "
            "personal identity code is validated; the situation is required. The deadline of "
            "the first contact is counted in Finnish working days from the urgency. Saved "
            "whole or not at all. Answers the partner's limited view.",
            ACCESS,
            AUDIT,
        ),
        request=ReferralCreateSerializer,
        responses={201: PartnerStatusSerializer, 400: ERR_400, 403: ERR_403},
    )
    def post(self, request: SignedInAPIRequest) -> Response:
        given = ReferralCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        data["language"] = data.pop("preferred_language")
        referral = services.create_referral(
            by=request.user, team=data.pop("team"), data=data, request=request
        )
        row = selectors.partner_view_of(referral)
        return Response(PartnerStatusSerializer(_public(row)).data, status=status.HTTP_201_CREATED)


class ReferralDetailView(NoStoreMixin, APIView):
    @extend_schema(
        operation_id="referrals_status",
        tags=["referrals"],
        summary="A referral's status (the partner's view)",
        description=describe(
            "The status, the named worker and the outcome category of a referral your "
            "organisation made.",
            ACCESS,
            AUDIT,
        ),
        responses={200: PartnerStatusSerializer, 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, referral_id: int) -> Response:
        row = selectors.partner_view(request.user, referral_id)
        _audit(
            request,
            f"referral:{row['pk']}:status",
            client_id=row["audit_client_id"],
            client_name_shown=True,
        )
        return Response(PartnerStatusSerializer(_public(row)).data)


class QueueView(PagedListMixin, NoStoreMixin, APIView):
    @extend_schema(
        operation_id="referrals_queue",
        tags=["referrals"],
        summary="Your team's referral queue",
        description=describe(
            "Open referrals of the teams you belong to, the most urgent first, then by "
            "deadline; `working_days_left` counts Finnish working days to the deadline "
            "(negative: overdue), null once the client has been contacted. Paginated "
            "(`page`, `page_size`).",
            ACCESS,
            AUDIT,
        ),
        responses={200: QueueItemSerializer(many=True), 403: ERR_403, 404: ERR_PAGE},
    )
    def get(self, request: SignedInAPIRequest) -> Response:
        referrals = selectors.with_time_left(
            self.page_of(selectors.queue(request.user)), today=timezone.localdate()
        )
        _audit(request, "referral_queue", action=Action.LIST, referrals=[r.pk for r in referrals])
        return self.paged(QueueItemSerializer(referrals, many=True).data)


class ClaimView(NoStoreMixin, APIView):
    @extend_schema(
        operation_id="referrals_claim",
        tags=["referrals"],
        summary="Claim a referral: you become its named worker",
        description=describe(
            "Only one worker can claim a referral: when two claim at the same moment, one "
            "gets 200 and the other 400 (already claimed).",
            ACCESS,
            AUDIT,
        ),
        request=ClaimSerializer,
        responses={200: QueueItemSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, referral_id: int) -> Response:
        referral = selectors.team_referral(request.user, referral_id)
        given = ClaimSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.claim(
            referral=referral,
            by=request.user,
            note=given.validated_data["note"],
            request=request,
        )
        referral = selectors.team_referral(request.user, referral_id)
        selectors.with_time_left([referral])
        return Response(QueueItemSerializer(referral).data)
