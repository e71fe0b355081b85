"""Network meetings in the REST API (under /api/v1/clients/{client_id}/meetings/): the
client's meetings, one meeting with its participants, agreements and next contact, adding an
agreement and closing the meeting. Like the pages: the client through the access rule
(audited), writes through polku.meetings.services."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from polku.access import policy
from polku.accounts.models import User
from polku.api.idempotency import IdempotentCreate
from polku.api.pagination import PagedListMixin
from polku.api.schema import AUDIT_READ, AUDIT_WRITE, ERR_400, ERR_403, ERR_404, RULE, describe
from polku.api.views import ClientDataView
from polku.core.http import SignedInAPIRequest

from . import selectors, services
from .models import Agreement, Meeting


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")
    organisation = serializers.CharField(source="organisation.name", allow_null=True)


class AgreementSerializer(serializers.ModelSerializer):
    owner = PersonSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "what", "owner", "owner_is_client", "due_on", "status", "done_at"]


class AgreementInSerializer(serializers.Serializer):
    what = serializers.CharField(max_length=500)
    due_on = serializers.DateField()
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True).select_related("organisation"),
        required=False,
        allow_null=True,
        default=None,
        help_text="A network member's id; or owner_is_client.",
    )
    owner_is_client = serializers.BooleanField(default=False)


class MeetingSerializer(serializers.ModelSerializer):
    organiser = PersonSerializer(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "mode",
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "client_present",
            "status",
            "organiser",
            "closed_at",
            "version",
        ]


class NextContactSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    channel = serializers.CharField()
    contact_by = PersonSerializer(allow_null=True)
    client_contacts = serializers.BooleanField()
    done_at = serializers.DateTimeField(allow_null=True)


class MeetingDetailSerializer(MeetingSerializer):
    participants = serializers.SerializerMethodField()
    agreements = serializers.SerializerMethodField()
    next_contact = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "agenda",
            "participants",
            "agreements",
            "next_contact",
        ]

    def get_participants(self, meeting) -> list[dict[str, Any]]:
        people = [p.professional for p in meeting.participant_list]
        return list(PersonSerializer(people, many=True).data)

    def get_agreements(self, meeting) -> list[dict[str, Any]]:
        return list(AgreementSerializer(meeting.agreement_list, many=True).data)

    def get_next_contact(self, meeting) -> dict | None:
        found = meeting.the_next_contact
        return NextContactSerializer(found).data if found else None


class MeetingListView(PagedListMixin, ClientDataView):
    @extend_schema(
        operation_id="client_meetings",
        tags=["meetings"],
        summary="The client's meetings, newest first",
        description=describe("Paginated (`page`, `page_size`).", RULE, AUDIT_READ),
        responses={200: MeetingSerializer(many=True), 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="meetings")
        found = self.page_of(selectors.meetings(client).select_related("organiser__organisation"))
        return self.paged(MeetingSerializer(found, many=True).data)


class MeetingDetailView(ClientDataView):
    @extend_schema(
        operation_id="client_meeting",
        tags=["meetings"],
        summary="One meeting with participants, agreements and the next contact",
        description=describe(RULE, AUDIT_READ),
        responses={200: MeetingDetailSerializer, 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int, meeting_id: int) -> Response:
        client = policy.client_for(request, client_id, target=f"meeting:{int(meeting_id)}")
        return Response(MeetingDetailSerializer(selectors.meeting(client, meeting_id)).data)


class AgreementListView(IdempotentCreate, ClientDataView):
    def replay(
        self, request: SignedInAPIRequest, pk: int, client_id: int, meeting_id: int
    ) -> Response:
        client = policy.client_for(request, client_id, target=f"meeting:{int(meeting_id)}")
        return Response(AgreementSerializer(selectors.agreement(client, meeting_id, pk)).data)

    @extend_schema(
        operation_id="client_meeting_agreement_create",
        tags=["meetings"],
        summary="Record an agreement: who does what by when",
        description=describe(
            "The owner is a professional in the client's network, or the client "
            "(`owner_is_client`). The date cannot be past; a closed meeting cannot change.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="create"),
        ),
        request=AgreementInSerializer,
        responses={201: AgreementSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int, meeting_id: int) -> Response:
        client = policy.client_for(request, client_id, target=f"meeting:{int(meeting_id)}")
        meeting = selectors.meeting(client, meeting_id)
        incoming = AgreementInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        # whether the owner is in the client's network is the service's rule
        agreement = services.add_agreement(
            meeting=meeting,
            by=request.user,
            what=data["what"],
            due_on=data["due_on"],
            owner=data["owner"],
            owner_is_client=data["owner_is_client"],
            request=request,
        )
        return Response(AgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)


class MeetingCloseView(ClientDataView):
    @extend_schema(
        operation_id="client_meeting_close",
        tags=["meetings"],
        summary="Close the meeting",
        description=describe(
            "Refused (400) until the meeting has started (a meeting is held at or after its "
            "start) and has at least one agreement and the next contact.",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=None,
        responses={200: MeetingSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def post(self, request: SignedInAPIRequest, client_id: int, meeting_id: int) -> Response:
        client = policy.client_for(request, client_id, target=f"meeting:{int(meeting_id)}")
        meeting = selectors.meeting(client, meeting_id)
        services.close_meeting(meeting=meeting, by=request.user, request=request)
        return Response(MeetingSerializer(meeting).data)
