"""The organisations in the REST API (under /api/v1/organisations/), and the shapes that name
a professional or an organisation in other apps' answers (who recorded, who is a member)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from polku.api.schema import ERR_403, ERR_PAGE

from .models import Organisation, User


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "is_public_authority", "municipality"]
        read_only_fields = fields


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]
        read_only_fields = fields


class PersonRefSerializer(serializers.Serializer):
    """A professional named in a record (who recorded, who ended): id and name only."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user: User) -> str:
        return user.get_full_name() or user.get_username()


class ProfessionalSerializer(PersonRefSerializer):
    """A network member's professional, with profession and organisation (select_related)."""

    profession = serializers.CharField(read_only=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)


class OrganisationListView(generics.ListAPIView):
    queryset = Organisation.objects.order_by("name")
    serializer_class = OrganisationSerializer

    @extend_schema(
        operation_id="organisations_list",
        tags=["organisations"],
        summary="Organisations",
        description=(
            "All organisations, by name: for choosing the organisations a consent covers. "
            "Not personal data; not audited."
        ),
        responses={200: OrganisationSerializer(many=True), 403: ERR_403, 404: ERR_PAGE},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
