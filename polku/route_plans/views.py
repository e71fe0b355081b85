"""Route plan and screening pages. Thin: the client comes through polku.access.policy first
(which audits it); every change goes through polku.route_plans.services."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polku.access import policy, resolver
from polku.clients.models import Client
from polku.core import memo, rules_labels
from polku.core.forms import choice_field
from polku.core.formviews import handle_form, run_action
from polku.core.http import SignedInRequest
from polku.plans import selectors as plan_selectors

from . import chart, definitions, presentation, selectors, services, tasks
from .forms import ChooseRouteForm, FactsForm
from .models import RunStatus, ScreeningRun

if TYPE_CHECKING:  # annotations only
    from polku.accounts.models import User

logger = logging.getLogger(__name__)


@login_required
@require_GET
def route_plan(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="route_plan")
    return _plan_page(request, client)


def _plan_page(
    request: SignedInRequest,
    client: Client,
    *,
    status: int = 200,
    choose_form: ChooseRouteForm | None = None,
) -> HttpResponse:
    try:
        view = selectors.route_plan(client)
    except selectors.EngineUnavailable:
        return render(request, "route_plans/unavailable.html", {"client": client}, status=503)
    except selectors.FactsRefused as error:
        logger.warning("Route plan of client %s refused by the rules: %s", client.pk, error)
        return render(
            request, "route_plans/unavailable.html", {"client": client, "refused": True}, status=422
        )
    # A closed route cannot be chosen, and a route all done has nothing left to add.
    choosable = [p.route for p in view.plans if p.status not in ("closed", "done")]
    if choose_form is None:
        wanted = request.GET.get("route", "")
        choose_form = ChooseRouteForm(
            routes=choosable,
            initial={"route": wanted if wanted in {r.id for r in choosable} else ""},
        )
    else:  # a refused choice: offer only what can be chosen, keep the errors
        choice_field(choose_form, "route").choices = choice_field(
            ChooseRouteForm(routes=choosable), "route"
        ).choices
    return render(
        request,
        "route_plans/route_plan.html",
        {
            "client": client,
            "view": view,
            "routes_html": _routes_html(view),
            "overlooked": [
                {"id": p.route.id, "title": _(p.route.title)} for p in view.plans if p.overlooked
            ],
            "choose_form": choose_form,
            "can_choose": bool(choosable),
            "missing": view.missing,
        },
        status=status,
    )


# What shapes the routes' part of the page besides the plans: the presentation, the charts,
# the templates, the labels and formats of figures and dates, and the translations.
ROUTES_HTML_SOURCES = (
    "polku/route_plans/views.py",
    "polku/route_plans/presentation.py",
    "polku/route_plans/chart.py",
    "polku/route_plans/templates/route_plans/_route*.html",
    "polku/route_plans/templates/route_plans/_income.html",
    "polku/route_plans/templates/route_plans/_formula.html",
    "polku/core/rules_labels.py",
    "polku/core/charts.py",
    "polku/core/money.py",
    "polku/core/dates.py",
    "polku/core/templatetags/*.py",
    "polku/core/formats/**/*.py",
    "locale/*/LC_MESSAGES/django.mo",
    "requirements.lock",  # the engine's and the libraries' versions
)
ROUTES_HTML_KEEP_SECONDS = 2 * 24 * 3600  # the plan's key holds the day


def _routes_html(view: selectors.RoutePlanView) -> SafeString:
    """The routes (open, needing information, closed), each with its chart, steps, income
    table and each distinct component explanation once under it (the cells link to theirs),
    and the tax's explanations: the bulk of the page, rendered once
    for the plan's key (selectors.RoutePlanView.key) in the reader's language and kept in
    the shared cache. Nothing in it depends on the request or the reader but the language."""

    def render_routes() -> str:
        routes = []
        explained = _IncomeCells()
        taxes = presentation.TaxSections()
        texts: dict[str, dict] = {}  # each distinct explanation in the language once
        for plan in view.plans:
            labels = [presentation.month_label(m, short=True) for m in view.months]
            svg = chart.line_chart(
                chart_id=f"chart-{plan.route.id}",
                title=_("Net income per month: %(route)s and today")
                % {"route": _(plan.route.title)},
                labels=labels,
                series=[
                    ("today", _("Today"), [m.status_quo_net for m in plan.months]),
                    ("route", _("This route"), [m.net for m in plan.months]),
                ],
            )
            route = presentation.route_context(
                plan,
                svg,
                household=view.household,
                taxes=taxes,
                explanations=presentation.Explanations(plan.route.id, texts),
            )
            for month in route["months"]:
                month["today_html"] = explained(month["today"])
                month["route_html"] = explained(month["route"])
            routes.append(route)
        return render_to_string(
            "route_plans/_routes.html",
            {
                "open_routes": [r for r in routes if r["status"] == "open"],
                "unknown_routes": [r for r in routes if r["status"] == "needs_information"],
                "closed_routes": [r for r in routes if r["status"] == "closed"],
                "done_routes": [r for r in routes if r["status"] == "done"],
                "taxes": taxes.sections,
            },
        )

    if not view.key:  # computed with an engine the caller gave: nothing to keep it under
        return mark_safe(render_routes())  # noqa: S308 (a template's output, autoescaped)
    key = memo.content_key(
        "route_plans:routes_html", memo.fingerprint(ROUTES_HTML_SOURCES), view.key, get_language()
    )
    html = memo.remembered(key, render_routes, timeout=ROUTES_HTML_KEEP_SECONDS)
    return mark_safe(html)  # noqa: S308 (a template's output, autoescaped)


class _IncomeCells:
    """A month's income (route_plans/_income.html: gross − tax = net and each component,
    linked to its explanation under the route's table), rendered once for its content: a
    route's months often repeat, so a page renders each distinct cell once and reuses its
    HTML."""

    def __init__(self) -> None:
        self.template = get_template("route_plans/_income.html")
        self.rendered: dict[str, SafeString] = {}

    def __call__(self, income: dict) -> SafeString:
        content = repr(income)  # plain values: equal text, equal cell
        if " at 0x" in content:  # an object without its value in its text: not comparable
            return mark_safe(self.template.render({"income": income}))  # noqa: S308 (as below)
        if content not in self.rendered:
            html = self.template.render({"income": income})
            self.rendered[content] = mark_safe(html)  # noqa: S308 (a template's output)
        return self.rendered[content]


@login_required
@require_POST
def choose(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="route_plan")
    form = ChooseRouteForm(request.POST)

    def chosen(choice) -> str:
        """The messages after the choice: what was done, then what needs attention."""
        route = definitions.BY_ID[choice.route]
        messages.success(
            request,
            _("The route “%(route)s” is now in the plan with its checkpoints as steps.")
            % {"route": _(route.title)},
        )
        if choice.unknown:
            messages.warning(
                request,
                _(
                    "The route was chosen while some facts are not known: %(unknown)s "
                    "Check them before the first checkpoint."
                )
                % {"unknown": " ".join(choice.unknown)},
            )
        if plan_selectors.unassigned_steps(client):
            messages.warning(
                request,
                _(
                    "Nobody in the client's network works in the organisation that "
                    "provides some of the steps: choose who is responsible for them."
                ),
            )
        return ""  # given above, in this order

    if response := handle_form(
        request,
        form,
        lambda: services.choose_route(
            client=client,
            by=request.user,
            route_id=form.cleaned_data["route"],
            goal_text=form.cleaned_data["goal"],
            starts_on=form.cleaned_data["starts_on"],
            request=request,
        ),
        success_url=lambda choice: (
            reverse("plans:plan", args=[client.pk]) + f"#goal-{choice.goal_id}"
        ),
        message=chosen,
        creates=True,
    ):
        return response
    return _plan_page(request, client, status=400, choose_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def facts_edit(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="route_facts")
    row = selectors.client_facts_row(client)
    form = FactsForm(request.POST or None, row=row)
    if response := handle_form(
        request,
        form,
        lambda: services.update_facts(
            client=client,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
            request=request,
        ),
        success_url=reverse("route_plans:plan", args=[client.pk]),
        message=_("The facts were saved."),
    ):
        return response
    return render(
        request,
        "route_plans/facts_form.html",
        {"client": client, "form": form, "row": row},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def screening(request: SignedInRequest) -> HttpResponse:
    if not resolver.works_with_clients(request.user):
        raise PermissionDenied
    visible = Client.objects.visible_to(request.user)
    flags = list(selectors.flags_for(request.user, visible))
    clients = {f.client_id: f.client for f in flags}
    rows: dict[int, dict] = {}
    for flag in flags:
        row = rows.setdefault(flag.client_id, {"client": flag.client, "rules": []})
        row["rules"].append(rules_labels.rule_label(flag.rule))
    # Needs information: shown apart, with the missing facts named (computed now).
    mine = services.coordinated_clients(request.user, visible).order_by(
        "last_name", "first_names", "pk"
    )
    try:
        unknown = services.needs_information(mine)
    except selectors.EngineUnavailable:
        unknown = {}
    unknown_rows = [{"client": c, **unknown[c.pk]} for c in mine if c.pk in unknown]
    clients.update({row["client"].pk: row["client"] for row in unknown_rows})
    policy.audit_listed(request, list(clients.values()))
    return render(
        request,
        "route_plans/screening.html",
        {"rows": list(rows.values()), "unknown_rows": unknown_rows, **_run_context(request.user)},
    )


def _run_context(user: User) -> dict:
    run = selectors.latest_run()
    return {
        "run": run,
        "can_start": resolver.can_start_screening(user),
        "running": run is not None and run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
    }


@login_required
@require_GET
def screening_progress(request: SignedInRequest) -> HttpResponse:
    """The latest run's progress only (no client data): polled by the page while running."""
    if not resolver.works_with_clients(request.user):
        raise PermissionDenied  # a part of the screening page, refused as it is
    return render(request, "route_plans/_run.html", _run_context(request.user))


@login_required
@require_POST
def screening_run(request: SignedInRequest) -> HttpResponse:
    """Start a screening. The button's form has a one-use token (polku.core.submissions): the
    same form sent again — a double click after a quick run, a reload — starts no second run
    and is told "The form had already been sent."; one run at a time is the database's rule
    (services.create_run)."""

    def start() -> ScreeningRun:
        run = services.create_run(by=request.user)
        tasks.population_screening.enqueue(run_id=run.pk)
        return run

    def refused(error: ValidationError) -> HttpResponse:
        if isinstance(error, services.ScreeningNotAllowed):
            raise PermissionDenied(error.messages[0])
        messages.error(request, error.messages[0])
        return redirect("route_plans:screening")

    return run_action(
        request,
        start,
        success_url=reverse("route_plans:screening"),
        message=_("The screening was started."),
        on_error=refused,
        creates=True,
    )
