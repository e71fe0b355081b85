"""The indicators as JSON (under /api/v1/research/): for service managers and researchers,
with the dashboard's filters. Aggregates only; every call is audited."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from polku.access import resolver
from polku.api.schema import ERR_400, ERR_403
from polku.api.views import NoStoreMixin
from polku.audit.models import Action
from polku.audit.services import record
from polku.core.http import SignedInAPIRequest

from . import disclosure, indicators, selectors
from .forms import FilterForm


class IndicatorSerializer(serializers.Serializer):
    id = serializers.CharField()
    group = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.FloatField(
        allow_null=True,
        help_text="The headline figure; null when there are no cases or it is hidden.",
    )
    headline = serializers.CharField(
        allow_null=True,
        help_text=(
            "What the headline figure is, when that depends on the data (the page says it "
            "next to the figure): e.g. the outcomes' follow-up point, “in work at 6 months — "
            "no client who entered in the period has reached 12 months yet”; else null."
        ),
    )
    no_value = serializers.CharField(
        allow_null=True,
        help_text=(
            "Why there is no headline figure, in words (the page says the same), e.g. that no "
            "client of the period has reached 12 months yet; null when there is a figure or it "
            "is hidden."
        ),
    )
    value_hidden = serializers.BooleanField(
        help_text=(
            "The headline is hidden: it rests on fewer than k clients, or a group of fewer "
            "than k could be worked out from it (`value_hidden_why`)."
        )
    )
    value_hidden_why = serializers.ChoiceField(
        choices=["small", "complement"],
        allow_null=True,
        help_text=(
            "Why the headline is hidden: `small` — its cases or the clients it counts are "
            "fewer than k; `complement` — it is not small, but the rest of its cases is. "
            "Null when it is shown."
        ),
    )
    cases = serializers.IntegerField(
        allow_null=True, help_text="How many cases the figure rests on; null when fewer than k."
    )
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text=(
            "The table; a hidden cell is null (listed in `hidden`, why: `hidden_why`). A cell "
            "with no figure — nothing to count or compute it from, e.g. an outcome horizon no "
            "client has reached yet — is null too and not in `hidden`: neither is a zero."
        ),
    )
    hidden = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="The [row, column] of every hidden cell.",
    )
    hidden_why = serializers.ListField(
        child=serializers.ChoiceField(choices=["small", "rests_on_small_group", "complement"]),
        help_text=(
            "Why each cell of `hidden` (in the same order) is hidden: `small` — it is a "
            "number of 1 to k − 1 (the page says “under k”); `rests_on_small_group` — a "
            "share or figure resting on fewer than k clients; `complement` — not small, "
            "but hidden so that a group of fewer than k cannot be worked out from it and "
            "the other figures or totals (the page says “hidden” for these two)."
        ),
    )
    notes = serializers.ListField(
        child=serializers.CharField(),
        help_text=(
            "Sentences under the table: e.g. that a month of a table by month is still in "
            "progress (its row is marked so too)."
        ),
    )


class IndicatorsSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    k = serializers.IntegerField(
        help_text=(
            "Figures resting on fewer than k clients are hidden: POLKU_RESEARCH_K, or the "
            "larger k asked for."
        )
    )
    indicators = IndicatorSerializer(many=True)


FILTERS = [
    OpenApiParameter("start", OpenApiTypes.DATE, description="Period start (d.m.yyyy)."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Period end (d.m.yyyy)."),
    OpenApiParameter("region", str, description="The clients' municipality."),
    OpenApiParameter("organisation", int, description="An organisation in the network."),
    OpenApiParameter("age_band", str, enum=["under_30", "30_49", "50_plus"]),
    OpenApiParameter("language", str, enum=["fi", "sv", "en"]),
    OpenApiParameter("cohort", int, description="A pilot or cohort (its id)."),
]
K = OpenApiParameter(
    "k",
    int,
    description=(
        "Hide figures resting on fewer than k clients. Default and smallest allowed: "
        "POLKU_RESEARCH_K (5 unless configured); a smaller k, or one over 100, is refused "
        "with 400 naming `k`."
    ),
)


class IndicatorsView(NoStoreMixin, APIView):
    @extend_schema(
        operation_id="research_indicators",
        tags=["research"],
        summary="Every indicator for a period and population",
        description=(
            "Service managers and researchers only (others: 403). The period defaults to the "
            "last 12 months. Each indicator carries its written definition, the headline "
            "figure, how many cases it rests on and its table. Every figure resting on fewer "
            "than k clients is null and listed in `hidden` (the same rule as the dashboard, "
            "the report and the CSV tables). Audited."
        ),
        parameters=[*FILTERS, K],
        responses={200: IndicatorsSerializer, 400: ERR_400, 403: ERR_403},
    )
    def get(self, request: SignedInAPIRequest) -> Response:
        if not resolver.can_view_dashboard(request.user):
            raise PermissionDenied
        form = FilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            # ErrorDict is a dict of lists of messages, which the stubs do not accept.
            raise serializers.ValidationError(form.errors)  # type: ignore[arg-type]
        filters = form.filters()
        k = disclosure.threshold()
        if "k" in request.GET:
            try:
                k = disclosure.checked_k(request.GET["k"])
            except ValueError as error:
                raise serializers.ValidationError({"k": [str(error)]}) from None
        results = selectors.shown(filters, k)
        record(
            actor=request.user,
            action=Action.VIEW,
            target="research:indicators",
            request=request,
            details={"filters": filters.key()},
        )
        data = {
            "start": filters.start,
            "end": filters.end,
            "k": k,
            "indicators": [
                {
                    "id": key,
                    "group": str(indicator.group),
                    "title": str(indicator.title),
                    "definition": str(indicator.definition),
                    "unit": str(indicator.unit),
                    "value": results[key].value,
                    "headline": (
                        str(results[key].headline) if results[key].headline is not None else None
                    ),
                    "no_value": (
                        str(results[key].no_value)
                        if results[key].value is None
                        and not results[key].value_hidden
                        and results[key].no_value
                        else None
                    ),
                    "value_hidden": results[key].value_hidden,
                    "value_hidden_why": results[key].value_hidden_why,
                    "cases": None if results[key].cases_hidden else results[key].cases,
                    "columns": [str(c) for c in results[key].columns],
                    "rows": [[disclosure.plain(c) for c in row] for row in results[key].rows],
                    "hidden": [list(cell) for cell in results[key].hidden_cells],
                    "hidden_why": results[key].hidden_why,
                    "notes": [str(n) for n in results[key].notes],
                }
                for key, indicator in indicators.REGISTRY.items()
            ],
        }
        return Response(IndicatorsSerializer(data).data)
