"""The plan's part of the client overview and of the client's path (polku.core.hooks).

On the overview: active goals, the next steps and how many steps wait for someone to be made
responsible. On the path (polku.clients.timeline): a goal set is something that happened; a
step in progress is ongoing, a planned one is planned for its target date, a done one happened
on the day it was done, each with its status. Cancelled steps are left out."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.clients.models import Client
from polku.clients.timeline import State, TimelineEvent
from polku.core import hooks
from polku.core.http import SignedInRequest

from . import selectors
from .models import OPEN_STEP_STATUSES, Goal, GoalStatus, Plan, Step, StepStatus

# What is true of a step now: a work trial in progress is ongoing, not planned.
STEP_STATES: dict[str, State] = {
    StepStatus.DONE: "happened",
    StepStatus.IN_PROGRESS: "ongoing",
    StepStatus.PLANNED: "planned",
}


@hooks.client_sections.register
def plan_section(request: SignedInRequest, client: Client) -> dict:
    next_steps, unassigned = selectors.overview_steps(client)
    return {
        "plan_section": {
            "goals": selectors.active_goals(client),
            "next_steps": next_steps,
            "unassigned": unassigned,
        }
    }


def _who(step: Step) -> str:
    if step.responsible_is_client:
        return _("Responsible: the client")
    responsible = step.responsible  # None without a query when nobody is responsible
    if responsible is None:
        return _("Responsible: nobody yet")
    name = responsible.get_full_name() or responsible.username
    return _("Responsible: %(name)s") % {"name": name}


@hooks.client_timeline.register
def plan_events(client: Client) -> list[TimelineEvent]:
    url = reverse("plans:plan", kwargs={"client_id": client.pk})
    events = [
        TimelineEvent(
            day=timezone.localdate(goal.created_at),
            state="happened",
            kind="goal",
            title=_("Goal set: %(goal)s") % {"goal": goal.text},
            url=f"{url}#goal-{goal.pk}",
        )
        for goal in Goal.objects.filter(plan__client=client)
    ]
    for step in selectors.steps_of(client).exclude(status=StepStatus.CANCELLED):
        done = step.status == StepStatus.DONE
        parts = [_who(step)]
        if step.organisation is not None:
            parts.append(step.organisation.name)
        if step.service_label:
            parts.append(step.service_label)
        parts.append(_("Goal: %(goal)s") % {"goal": step.goal.text})
        events.append(
            TimelineEvent(
                day=(step.done_on or step.target_date) if done else step.target_date,
                state=STEP_STATES.get(step.status, "planned"),
                kind="step",
                title=step.what,
                detail=" · ".join(parts),
                url=f"{url}#step-{step.pk}",
                status=str(step.get_status_display()),
            )
        )
    return events


@hooks.owns_open_work.register
def owns_open_steps(client_id: int, professional_id: int) -> bool:
    """An open step of an active goal of the client is the professional's."""
    return Step.objects.filter(
        goal__plan__client_id=client_id,
        goal__status=GoalStatus.ACTIVE,
        responsible_id=professional_id,
        status__in=OPEN_STEP_STATUSES,
    ).exists()


@hooks.pass_open_work.register
def pass_open_steps(client_id: int, from_id: int, to_id: int) -> list[str]:
    """The leaver's open steps of the client pass to `to_id`. The organisation that provides
    each step stays; the plan's version moves on so a plan page loaded before cannot save the
    former member back."""
    steps = list(
        Step.objects.filter(
            goal__plan__client_id=client_id,
            responsible_id=from_id,
            status__in=OPEN_STEP_STATUSES,
        ).values_list("pk", flat=True)
    )
    if steps:
        Step.objects.filter(pk__in=steps).update(responsible_id=to_id)
        Plan.objects.filter(client_id=client_id).update(version=F("version") + 1)
    return [f"plan_step:{pk}" for pk in steps]
