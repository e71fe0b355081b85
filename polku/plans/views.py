"""Plan pages. Thin: the client comes first through polku.access.policy (which audits it),
goals and steps are looked up only within that client (polku.plans.selectors), and every
change goes through polku.plans.services (validation, optimistic locking, audit)."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from polku.access import policy
from polku.audit.models import Action
from polku.clients import selectors as client_selectors
from polku.clients.models import Client
from polku.clients.timeline import groups_for
from polku.core.formviews import handle_form
from polku.core.http import SignedInRequest
from polku.core.pdf import pdf_response, render_pdf

from . import selectors, services
from .forms import AssignStepForm, GoalEditForm, GoalForm, StepForm, StepStatusForm
from .models import Goal, Plan, Step


def _version(plan: Plan | None) -> int:
    return plan.version if plan is not None else services.NO_PLAN_YET


def _to_plan(client: Client, anchor: str = "") -> HttpResponse:
    return redirect(_plan_url(client, anchor))


def _plan_url(client: Client, anchor: str = "") -> str:
    url = reverse("plans:plan", args=[client.pk])
    return f"{url}#{anchor}" if anchor else url


def _errors_of(form: forms.BaseForm) -> str:
    """A small form of the plan page that was refused (by itself or by the service, whose
    errors handle_form put on it) answers with its errors as one message on the plan."""
    return " ".join(str(message) for messages_ in form.errors.values() for message in messages_)


@dataclass(frozen=True)
class StepRow:
    """A step of the plan page with its status form."""

    step: Step
    status_form: StepStatusForm


@dataclass(frozen=True)
class GoalRow:
    """A goal of the plan page with its steps' rows."""

    goal: Goal
    steps: list[StepRow]


@dataclass(frozen=True)
class UnassignedRow:
    """A step without a responsible person, with the form that assigns one."""

    step: Step
    assign_form: AssignStepForm


@login_required
def plan_page(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="plan")
    plan = selectors.plan_of(client)
    version = _version(plan)
    goals = [
        GoalRow(
            goal,
            [
                StepRow(
                    step,
                    StepStatusForm(
                        initial={"status": step.status, "version": version},
                        prefix=f"step{step.pk}",
                    ),
                )
                for step in goal.steps.all()
            ],
        )
        for goal in selectors.goals_with_steps(plan)
    ]
    unassigned: list[UnassignedRow] = []
    if steps_to_assign := selectors.unassigned_steps(client):
        people = _assignable(client)
        unassigned = [
            UnassignedRow(
                step,
                AssignStepForm(
                    initial={"version": version},
                    step=step,
                    professionals=people,
                    prefix=f"assign{step.pk}",
                ),
            )
            for step in steps_to_assign
        ]
    return render(
        request,
        "plans/plan.html",
        {
            "client": client,
            "plan": plan,
            "goals": goals,
            "version": version,
            "unassigned": unassigned,
        },
    )


@login_required
@require_POST
def step_assign(request: SignedInRequest, client_id: int, step_id: int) -> HttpResponse:
    """Give a step nobody is responsible for to a professional of the client's network."""
    client = policy.client_for(request, client_id, target="plan")
    step = selectors.step_in(client, step_id)
    form = AssignStepForm(
        request.POST, step=step, professionals=_assignable(client), prefix=f"assign{step.pk}"
    )
    if response := handle_form(
        request,
        form,
        lambda: services.assign_step(
            step=step,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            responsible=form.person(),
            request=request,
        ),
        success_url=_plan_url(client, f"step-{step.pk}"),
        message=_("The step now has a responsible professional."),
    ):
        return response
    messages.error(request, _errors_of(form))
    return _to_plan(client, "unassigned-heading")


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="plan")
    plan = selectors.plan_of(client)
    form = GoalForm(request.POST or None, initial={"version": _version(plan)})
    if response := handle_form(
        request,
        form,
        lambda: services.add_goal(
            client=client,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            text=form.cleaned_data["text"],
            request=request,
        ),
        success_url=lambda goal: _plan_url(client, f"goal-{goal.pk}"),
        message=_("The goal was added to the plan."),
        creates=True,
    ):
        return response
    return render(request, "plans/goal_form.html", {"client": client, "form": form, "goal": None})


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: SignedInRequest, client_id: int, goal_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="plan")
    goal = selectors.goal_in(client, goal_id)
    plan = selectors.plan_of(client)
    initial = {
        "text": goal.text,
        "status": goal.status,
        "order": goal.order,
        "version": _version(plan),
    }
    open_steps = services.open_steps_of(goal)
    form = GoalEditForm(
        request.POST or None,
        initial=initial,
        open_steps=open_steps,
        other_goals=[g for g in selectors.active_goals(client) if g.pk != goal.pk],
    )
    if response := handle_form(
        request,
        form,
        lambda: services.update_goal(
            goal=goal,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            text=form.cleaned_data["text"],
            status=form.cleaned_data["status"],
            order=form.cleaned_data["order"],
            open_steps=form.step_decisions(),
            request=request,
        ),
        success_url=_plan_url(client, f"goal-{goal.pk}"),
        message=_("The goal was saved."),
    ):
        return response
    return render(
        request,
        "plans/goal_form.html",
        {"client": client, "form": form, "goal": goal, "open_steps": open_steps},
    )


def _assignable(client: Client) -> list:
    """Who can be responsible for a step: network professionals who see the client under the
    access rule (a consent in force covering their organisation), as the step then lands on
    their worklist. A responsible professional who no longer sees the client is not offered:
    the step is given to someone who does (polku.plans.services checks the same rule)."""
    return [
        p for p in client_selectors.network_professionals(client) if policy.can_see(p, client.pk)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def step_new(request: SignedInRequest, client_id: int, goal_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="plan")
    goal = selectors.goal_in(client, goal_id)
    plan = selectors.plan_of(client)
    form = StepForm(
        request.POST or None,
        initial={"version": _version(plan)},
        professionals=_assignable(client),
    )
    if response := handle_form(
        request,
        form,
        lambda: services.add_step(
            goal=goal,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            request=request,
            **form.service_arguments(),
        ),
        success_url=lambda step: _plan_url(client, f"step-{step.pk}"),
        message=_("The step was added to the plan."),
        creates=True,
    ):
        return response
    return render(
        request,
        "plans/step_form.html",
        {"client": client, "form": form, "goal": goal, "step": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request: SignedInRequest, client_id: int, step_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="plan")
    step = selectors.step_in(client, step_id)
    plan = selectors.plan_of(client)
    form = StepForm(
        request.POST or None,
        initial=StepForm.initial_for(step, _version(plan)),
        professionals=_assignable(client),
        step=step,
    )
    if response := handle_form(
        request,
        form,
        lambda: services.update_step(
            step=step,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            request=request,
            **form.service_arguments(),
        ),
        success_url=_plan_url(client, f"step-{step.pk}"),
        message=_("The step was saved."),
    ):
        return response
    return render(
        request,
        "plans/step_form.html",
        {"client": client, "form": form, "goal": step.goal, "step": step},
    )


@login_required
@require_POST
def step_status(request: SignedInRequest, client_id: int, step_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="plan")
    step = selectors.step_in(client, step_id)
    form = StepStatusForm(request.POST, prefix=f"step{step.pk}")
    if response := handle_form(
        request,
        form,
        lambda: services.set_step_status(
            step=step,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            status=form.cleaned_data["status"],
            request=request,
        ),
        success_url=_plan_url(client, f"step-{step.pk}"),
        message=_("The status of the step was saved."),
    ):
        return response
    messages.error(request, _errors_of(form))
    return _to_plan(client, f"step-{step.pk}")


@login_required
def path_page(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="path")
    groups = groups_for(client)
    return render(
        request,
        "plans/path.html",
        {"client": client, "groups": groups, "today": timezone.localdate()},
    )


@login_required
def plan_pdf(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, action=Action.EXPORT, target="plan_pdf")
    context = {**selectors.printable_plan(client), "today": timezone.localdate()}
    data = render_pdf("plans/plan_print.html", context, language=client.preferred_language)
    return pdf_response(data, f"plan-{client.pk}.pdf")
