"""Serializers of the API: input checks (lengths, choices, no markup, date order) and the
shapes of the answers. They never save: views pass validated data to polku.clients.services.

Read serializers expect their related objects loaded in advance (select_related /
prefetch_related in the views): the test settings make any lazy load of a related object an
error, so an N+1 query fails the tests."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from polku.accounts.models import Organisation, User
from polku.clients import hetu as hetu_rules
from polku.clients.models import (
    AccessRequest,
    Client,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    NetworkMember,
)
from polku.clients.services import CLIENT_FIELDS, consent_covers, hetu_error_message
from polku.core.validators import validate_no_markup, validate_postal_code

FREE_TEXT_FIELDS = (
    "first_names",
    "last_name",
    "interpreter_language",
    "phone",
    "street_address",
    "municipality",
)


# ---------------------------------------------------------------------------------------------
# Small shared shapes


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


class ErrorSerializer(serializers.Serializer):
    """Error answers other than field errors (403, 404, 405)."""

    detail = serializers.CharField()


class HetuSerializer(serializers.Serializer):
    hetu = serializers.CharField(help_text=_("The full personal identity code."))


# ---------------------------------------------------------------------------------------------
# Consents


class ConsentSerializer(serializers.ModelSerializer):
    """A consent as recorded. `in_force` tells whether it counts today."""

    organisations = OrganisationRefSerializer(many=True, read_only=True)
    recorded_by = PersonRefSerializer(read_only=True, allow_null=True)
    withdrawn_by = PersonRefSerializer(read_only=True, allow_null=True)
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "purpose",
            "description",
            "organisations",
            "valid_from",
            "valid_until",
            "given_how",
            "recorded_by",
            "recorded_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
            "in_force",
        ]
        read_only_fields = fields

    def get_in_force(self, consent: Consent) -> bool:
        return consent.is_valid_on(timezone.localdate())


class ConsentSummarySerializer(serializers.ModelSerializer):
    """A consent in the client's overview."""

    organisations = OrganisationRefSerializer(many=True, read_only=True)
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "purpose",
            "organisations",
            "valid_from",
            "valid_until",
            "withdrawn_at",
            "in_force",
        ]
        read_only_fields = fields

    def get_in_force(self, consent: Consent) -> bool:
        return consent.is_valid_on(timezone.localdate())


class ConsentInputSerializer(serializers.Serializer):
    """Give a consent: which organisations may exchange information, for what, from when to
    when, and how the client gave it."""

    organisations = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Organisation.objects.all(),
        allow_empty=False,
        help_text=_("Ids of the organisations (see /api/v1/organisations/)."),
        error_messages={"empty": _("Choose at least one organisation.")},
    )
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    description = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_markup],
    )
    given_how = serializers.ChoiceField(choices=ConsentMethod.choices)
    valid_from = serializers.DateField(
        required=False, help_text=_("ISO date (YYYY-MM-DD). Today if not given.")
    )
    valid_until = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("ISO date (YYYY-MM-DD), on or after valid_from. Open-ended if not given."),
    )

    def validate(self, attrs):
        attrs.setdefault("valid_from", timezone.localdate())
        start: dt.date = attrs["valid_from"]
        end: dt.date | None = attrs.get("valid_until")
        if end is not None and end < start:
            raise serializers.ValidationError(
                {"valid_until": _("The end date must be on or after the start date.")}
            )
        return attrs

    @staticmethod
    def service_arguments(data: dict) -> dict:
        """The keyword arguments of services.give_consent from validated data."""
        return {
            "organisations": list(data["organisations"]),
            "purpose": data["purpose"],
            "description": data.get("description", ""),
            "given_how": data["given_how"],
            "valid_from": data["valid_from"],
            "valid_until": data.get("valid_until"),
        }


class WithdrawConsentSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_markup],
    )


# ---------------------------------------------------------------------------------------------
# Network


class NetworkMemberSerializer(serializers.ModelSerializer):
    """A professional's period in the client's network; ended periods are the history."""

    professional = ProfessionalSerializer(read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = NetworkMember
        fields = [
            "id",
            "professional",
            "role",
            "responsibility",
            "started_at",
            "ended_at",
            "is_active",
        ]
        read_only_fields = fields


class AddMemberSerializer(serializers.Serializer):
    professional = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True).select_related("organisation"),
        help_text=_("Id of the professional to add."),
    )
    responsibility = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_markup],
    )


# ---------------------------------------------------------------------------------------------
# Clients


class ClientSerializer(serializers.ModelSerializer):
    """The client's own details. The personal identity code is shown masked only; the full
    code comes from the audited hetu endpoint."""

    # Documented as a plain string: `format: email` would not admit the empty string that
    # a client without an email address has.
    email = serializers.CharField(
        read_only=True, help_text="An email address, or empty when none is recorded."
    )

    class Meta:
        model = Client
        fields = [
            "id",
            "first_names",
            "last_name",
            "hetu_masked",
            "birth_date",
            *[name for name in CLIENT_FIELDS if name not in ("first_names", "last_name")],
            "status",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class ClientDetailSerializer(ClientSerializer):
    """The client's overview: details, the active network (coordinator first) and consents.
    The view attaches `active_network` and `all_consents` by prefetching."""

    network = NetworkMemberSerializer(source="active_network", many=True, read_only=True)
    consents = ConsentSummarySerializer(source="all_consents", many=True, read_only=True)

    class Meta(ClientSerializer.Meta):
        fields = [*ClientSerializer.Meta.fields, "network", "consents"]
        read_only_fields = fields


class ClientListItemSerializer(serializers.ModelSerializer):
    """A client in a list. The view attaches `current_coordinator` (selectors.with_coordinator)."""

    coordinator = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = [
            "id",
            "first_names",
            "last_name",
            "hetu_masked",
            "birth_date",
            "status",
            "coordinator",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_coordinator(self, client: Client):
        seats = getattr(client, "current_coordinator", [])
        return PersonRefSerializer(seats[0].professional).data if seats else None


class ClientInputSerializer(serializers.ModelSerializer):
    """The client's editable details (PATCH takes any subset, with the `version` read)."""

    class Meta:
        model = Client
        fields = list(CLIENT_FIELDS)
        extra_kwargs = {
            **{name: {"validators": [validate_no_markup]} for name in FREE_TEXT_FIELDS},
            "postal_code": {"validators": [validate_postal_code]},
        }

    def validate(self, attrs):
        current = self.instance
        needs = attrs.get(
            "needs_interpreter", current.needs_interpreter if current is not None else False
        )
        if not needs:
            language = attrs.get("interpreter_language")
            if language:
                raise serializers.ValidationError(
                    {
                        "interpreter_language": _(
                            "Give the interpreter language only when an interpreter is needed."
                        )
                    }
                )
            if "needs_interpreter" in attrs:
                # No interpreter any more: the language goes with it.
                attrs["interpreter_language"] = ""
        return attrs


class ClientCreateSerializer(ClientInputSerializer):
    """Record a new client. With `consent` the client is active at once; without it the
    client stays in intake, visible only to the recorder until a consent is recorded."""

    hetu = serializers.CharField(
        max_length=11,
        min_length=11,
        help_text=_("Personal identity code, e.g. 010190-123A. Stored encrypted, shown masked."),
    )
    consent = ConsentInputSerializer(required=False, allow_null=True, default=None)

    class Meta(ClientInputSerializer.Meta):
        fields = ["hetu", *ClientInputSerializer.Meta.fields, "consent"]

    def validate_hetu(self, value: str) -> str:
        try:
            return hetu_rules.parse(value).value
        except hetu_rules.InvalidHetu as error:
            raise serializers.ValidationError(hetu_error_message(error)) from None

    def consent_arguments(self) -> dict | None:
        consent = self.validated_data.get("consent")
        return None if consent is None else ConsentInputSerializer.service_arguments(consent)


class ClientChangeSerializer(ClientInputSerializer):
    """A change of details: any subset of the fields, and the `version` you read."""

    version = serializers.IntegerField(
        min_value=1,
        help_text=_(
            "The version of the details you read (from the overview). A change made from a "
            "stale copy is refused with 409."
        ),
    )

    class Meta(ClientInputSerializer.Meta):
        fields = [*ClientInputSerializer.Meta.fields, "version"]


class RecordAnswerSerializer(serializers.Serializer):
    """The one answer to recording a client, whether or not the person was a client."""

    detail = serializers.CharField()


class AccessRequestSerializer(serializers.ModelSerializer):
    """A professional's request to join the client's network (they tried to record the client;
    they were not told the client exists)."""

    requested_by = ProfessionalSerializer(read_only=True)
    consent_covers = serializers.SerializerMethodField()

    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "requested_by",
            "requested_at",
            "status",
            "decided_at",
            "decision_note",
            "consent_covers",
        ]
        read_only_fields = fields

    def get_consent_covers(self, item) -> bool:
        """Whether a consent in force today covers the asker's organisation."""
        return consent_covers(item.client, item.requested_by.organisation_id)


class AccessDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("grant", "grant"), ("decline", "decline")],
        help_text=_("grant: the professional joins the network; decline: the request ends."),
    )
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_markup],
        help_text=_("Not shown to the professional who asked."),
    )


class ClientSearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_markup],
    )


class RevealHetuSerializer(serializers.Serializer):
    purpose = serializers.CharField(
        max_length=200,
        validators=[validate_no_markup],
        help_text=_("Why the full code is needed; stored in the audit trail."),
    )
