"""The route plan's REST API (under /api/v1/clients/{client_id}/): the route plan (every
route, open or closed and why, with 12 months of income and every euro's explanation) and
the client's facts for the rules. Like the pages: the client comes through the access rule
(polku.access.policy.client_for, which audits it); writes go through polku.route_plans.services."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from polku.access import policy
from polku.api.schema import AUDIT_READ, AUDIT_WRITE, ERR_400, ERR_403, ERR_404, RULE, describe
from polku.api.views import ClientDataView
from polku.clients.models import Client
from polku.core.http import SignedInAPIRequest

from . import facts as client_facts
from . import presentation, selectors, services
from .models import Tenure

# ---------------------------------------------------------------------------------------------
# Serializers (they document the answers; the data is built by polku.route_plans.presentation)


class ParameterSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Parameter id under rules/parameters.")
    # DRF's serializer metaclass moves declared fields into _declared_fields, so these never
    # override Field.label / Field.source; the stubs cannot see that
    # (typeddjango/djangorestframework-stubs#158).
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="The parameter's name in the reader's language."
    )
    value = serializers.JSONField()
    value_text = serializers.CharField(help_text="The value with its unit, as shown (20 %).")
    valid_from = serializers.DateField()
    source = serializers.CharField(  # type: ignore[assignment]
        help_text="The source in the reader's language."
    )
    unverified = serializers.BooleanField()


class ComponentSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Component id of `polku-rules calc` (e.g. `wage`).")
    # As ParameterSerializer.source: a declared field, not Field.label at runtime
    # (typeddjango/djangorestframework-stubs#78).
    label = serializers.CharField()  # type: ignore[assignment]
    member = serializers.CharField(
        help_text=(
            "Whose it is: the member id of `polku-rules calc` (`applicant`, `partner`, "
            "`child1` …) or `household`; empty from an engine that does not say."
        )
    )
    member_label = serializers.CharField(
        help_text="The member in plain words (e.g. “lapsi (s. 2014)”); empty when one lives alone."
    )
    amount = serializers.FloatField(help_text="Euros per month, rounded to cents.")
    taxable = serializers.BooleanField()
    formula = serializers.CharField(help_text="The formula in words, in the reader's language.")
    parameters = ParameterSerializer(many=True)
    uncertain = serializers.BooleanField(help_text="An unverified parameter is used.")


class IncomeSerializer(serializers.Serializer):
    gross = serializers.FloatField()
    tax = serializers.FloatField(help_text="Income tax of the household.")
    tax_estimate = serializers.BooleanField(
        help_text="The tax is an estimate (no withholding percentage from a tax card)."
    )
    net = serializers.FloatField()
    components = ComponentSerializer(many=True)
    uncertain = serializers.BooleanField()


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    step = serializers.CharField(help_text="The route's step in this month.")
    today = IncomeSerializer(help_text="Today's situation (status quo) in this month.")
    route = IncomeSerializer()
    difference = serializers.FloatField(help_text="Route net − today's net.")
    income_trap = serializers.BooleanField(
        help_text="More gross income than today, yet less net (an income trap of the law)."
    )


class StepSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    service = serializers.CharField(help_text="The catalogue service's slug.")
    name = serializers.CharField()
    rule = serializers.CharField(help_text="Eligibility rule id (rules.references).")
    rule_label = serializers.CharField(help_text="The rule's name in the reader's language.")
    months = serializers.IntegerField()
    starts = serializers.CharField()
    ends = serializers.CharField()
    checkpoint = serializers.CharField()
    checkpoint_on = serializers.DateField(
        help_text="The day it was done, a running step's planned end, or its last month's end."
    )
    state = serializers.ChoiceField(
        choices=["done", "running", ""],
        help_text='In the client\'s plan: done, running (to its planned end), or "" to come.',
    )
    done_on = serializers.DateField(allow_null=True)
    kind = serializers.CharField(help_text="The `polku-rules calc` alternative kind.")
    alongside = serializers.BooleanField()
    eligibility = serializers.ChoiceField(choices=["eligible", "not_eligible", "needs_information"])
    reasons = serializers.ListField(child=serializers.CharField())
    opens_with = serializers.ListField(child=serializers.CharField())


class RouteSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["open", "needs_information", "closed", "done"],
        help_text=(
            "Decided by the first step still to come in the client's plan (a step done or"
            " running has answered its eligibility): `open`, `needs_information` or"
            " `closed`; `done` when the plan has done every step."
        ),
    )
    reasons = serializers.ListField(child=serializers.CharField())
    opens_with = serializers.ListField(child=serializers.CharField())
    missing_facts = serializers.ListField(child=serializers.CharField())
    overlooked = serializers.BooleanField(
        help_text=(
            "Likely open but not considered yet (no chosen route, plan step or application)."
        )
    )
    considered = serializers.BooleanField()
    assumptions = serializers.ListField(child=serializers.CharField())
    steps = StepSerializer(many=True)
    months = MonthSerializer(many=True)
    total_net = serializers.FloatField()
    total_difference = serializers.FloatField()
    income_trap = serializers.BooleanField()
    uncertain = serializers.BooleanField()


class RoutePlanSerializer(serializers.Serializer):
    client_id = serializers.IntegerField()
    months = serializers.ListField(child=serializers.CharField())
    missing_facts = serializers.ListField(child=serializers.CharField())
    routes = RouteSerializer(many=True)


def _facts_fields() -> dict[str, serializers.Field]:
    fields: dict[str, serializers.Field] = {}
    for name, kind in client_facts.EDITABLE.items():
        if kind == client_facts.BOOL:
            fields[name] = serializers.BooleanField(allow_null=True, required=False)
        elif kind == client_facts.INT:
            fields[name] = serializers.IntegerField(
                allow_null=True, required=False, min_value=0, max_value=services.INT_MAX
            )
        elif kind == client_facts.YEARS:
            fields[name] = serializers.ListField(
                child=serializers.IntegerField(),
                allow_null=True,
                required=False,
                max_length=services.CHILDREN_MAX,
                help_text=(
                    "Birth years of the children living at home (also those 18 or over), "
                    "oldest first; [] = none, null = unknown."
                ),
            )
        elif kind == client_facts.CHOICE:
            fields[name] = serializers.ChoiceField(
                choices=Tenure.choices, allow_null=True, required=False
            )
        elif kind == client_facts.PERCENT:
            fields[name] = serializers.DecimalField(
                max_digits=5,
                decimal_places=2,
                allow_null=True,
                required=False,
                min_value=0,
                max_value=100,
                coerce_to_string=False,
                help_text="From the client's tax card; null = unknown (the tax is estimated).",
            )
        else:
            fields[name] = serializers.DecimalField(
                max_digits=8 if name != "annual_earned_income" else 9,
                decimal_places=2,
                allow_null=True,
                required=False,
                min_value=0,
                max_value=services.MONEY_LIMITS.get(name),
                coerce_to_string=False,
            )
    return fields


FactsSerializer = type(
    "RouteFactsSerializer",
    (serializers.Serializer,),
    {
        "version": serializers.IntegerField(
            help_text="The version you read; send it back with a change (0 = none yet)."
        ),
        "updated_at": serializers.DateTimeField(read_only=True, allow_null=True),
        **_facts_fields(),
    },
)


def _facts_data(client: Client) -> dict:
    row = selectors.client_facts_row(client)
    data = {name: getattr(row, name) if row else None for name in client_facts.EDITABLE}
    data["tenure"] = data["tenure"] or None  # "" = unknown
    data["version"] = row.version if row else 0
    data["updated_at"] = row.updated_at if row else None
    return data


# ---------------------------------------------------------------------------------------------
# Views


class ServiceUnavailable(APIException):
    status_code = 503
    default_code = "rules_unavailable"


PLAN_DOC = (
    "The client's route plan: every route (a sequence of catalogue steps with checkpoints), "
    "whether it is open, closed or needs information and why (reasons and what would open "
    "it, in the language of the request), and for each route the net income per month over "
    "the next 12 months next to today's, computed by the rules engine. Every component "
    "carries its formula and parameters (value, the date it applies from, its source, and "
    "`unverified` for unconfirmed figures). The figures are estimates, not decisions."
)


class RoutePlanView(ClientDataView):
    @extend_schema(
        operation_id="client_route_plan",
        tags=["routes"],
        summary="The client's route plan",
        description=describe(PLAN_DOC, RULE, AUDIT_READ),
        responses={
            200: RoutePlanSerializer,
            403: ERR_403,
            404: ERR_404,
            503: OpenApiResponse(description="The rules engine is not available."),
        },
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="route_plan")
        try:
            view = selectors.route_plan(client)
        except selectors.EngineUnavailable:
            raise ServiceUnavailable(_("The benefit rules are not available now.")) from None
        except selectors.FactsRefused as error:
            raise serializers.ValidationError({"facts": [str(error)]}) from None
        data = {
            "client_id": client.pk,
            "months": view.months,
            "missing_facts": [f.name for f in view.missing],
            "routes": [presentation.route_context(p, household=view.household) for p in view.plans],
        }
        return Response(RoutePlanSerializer(data).data)


class RouteFactsView(ClientDataView):
    @extend_schema(
        operation_id="client_route_facts",
        tags=["routes"],
        summary="The client's facts for the rules",
        description=describe(
            "What the benefit rules need to know about the client and Polku does not hold "
            "elsewhere. `null` means unknown (the route plan shows it as needing information).",
            RULE,
            AUDIT_READ,
        ),
        responses={200: FactsSerializer, 403: ERR_403, 404: ERR_404},
    )
    def get(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="route_facts")
        return Response(FactsSerializer(_facts_data(client)).data)

    @extend_schema(
        operation_id="client_route_facts_update",
        tags=["routes"],
        summary="Change the client's facts for the rules",
        description=describe(
            "Change the facts given (others stay as they are; `null` makes a fact unknown). "
            "Send the `version` you read: a change made from a stale copy is refused (400).",
            RULE,
            AUDIT_READ,
            AUDIT_WRITE.format(action="update"),
        ),
        request=FactsSerializer,
        responses={200: FactsSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    )
    def patch(self, request: SignedInAPIRequest, client_id: int) -> Response:
        client = policy.client_for(request, client_id, target="route_facts")
        incoming = FactsSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        if "version" not in values:
            raise serializers.ValidationError({"version": [_("Send the version you read.")]})
        version = values.pop("version")
        services.update_facts(
            client=client,
            by=request.user,
            expected_version=version,
            values=values,
            request=request,
        )
        return Response(FactsSerializer(_facts_data(client)).data)
