"""Writes on the plan towards work. Each validates, saves whole or not at all (one
transaction), checks the plan version the user loaded (optimistic locking: a save from a
stale page raises polku.core.locking.StaleEdit and saves nothing), and writes its audit
event. Views (and later the API) call these with objects already taken within the client
that came through the access rule."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access import policy
from polku.accounts.models import Organisation, User
from polku.audit import services as audit
from polku.audit.models import Action
from polku.catalogue.models import Service
from polku.clients.models import Client
from polku.core.http import AnyRequest
from polku.core.locking import StaleEdit, bump_version
from polku.core.validators import checked

from . import selectors
from .models import OPEN_STEP_STATUSES, Goal, GoalStatus, Plan, Step, StepStatus

NO_PLAN_YET = 0  # the `expected_version` of a page loaded before the client had a plan

# What happens to an open step when its goal is achieved or dropped: done, cancelled, or
# moved to another active goal of the plan ("goal:<id>").
STEP_TO_DONE = StepStatus.DONE.value
STEP_TO_CANCELLED = StepStatus.CANCELLED.value
MOVE_TO_GOAL = "goal:"

GOAL_MAX = 500
STEP_WHAT_MAX = 500
SERVICE_MAX = 200


def _stale() -> StaleEdit:
    """The refusal polku.core.locking.bump_version gives, for a page loaded before the plan
    existed (or after it was removed): the same words, so the user sees one message."""
    return StaleEdit(
        _(
            "Someone else saved changes to this while you were editing. "
            "Your changes were not saved: reload the page to see theirs, then edit again."
        ),
        code="stale",
    )


def _text(model: type[Goal | Step], field: str, value: str | None) -> str:
    """Free text after the model field's rules (required, length, no markup)."""
    return checked(model, field, (value or "").strip())


def _audit(
    *,
    by: User,
    action: Action,
    client_id: int,
    target: str,
    request: AnyRequest | None,
    details: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=by,
        action=action,
        client=client_id,
        purpose=policy.purpose_for(by, client_id),
        target=target,
        request=request,
        details=details,
    )


# ---------------------------------------------------------------------------------------------
# The plan


@transaction.atomic
def create_plan(*, client: Client, by: User, request: AnyRequest | None = None) -> Plan:
    """Start the client's plan. A client has one plan: a second one is refused."""
    if Plan.objects.filter(client=client).exists():
        raise ValidationError(_("This client already has a plan."), code="exists")
    try:
        with transaction.atomic():
            plan = Plan.objects.create(client=client, created_by=by)
    except IntegrityError:  # started concurrently by someone else
        raise ValidationError(_("This client already has a plan."), code="exists") from None
    _audit(by=by, action=Action.CREATE, client_id=client.pk, target="plan", request=request)
    return plan


@transaction.atomic
def ensure_plan(*, client: Client, by: User, request: AnyRequest | None = None) -> Plan:
    """The client's plan, started now if there is none."""
    plan = Plan.objects.filter(client=client).first()
    if plan is not None:
        return plan
    try:
        return create_plan(client=client, by=by, request=request)
    except ValidationError:
        return Plan.objects.get(client=client)


def _plan_for_write(
    *, client: Client, by: User, expected_version: int, request: AnyRequest | None
) -> Plan:
    """Inside the caller's transaction: the client's plan with its version bumped, or
    StaleEdit. `expected_version` NO_PLAN_YET (0) means the user saw no plan: it is started
    now, unless someone else started it meanwhile (then the page was stale)."""
    if expected_version is None:
        raise _stale()
    if expected_version == NO_PLAN_YET:
        if Plan.objects.filter(client=client).exists():
            raise _stale()
        try:
            plan = create_plan(client=client, by=by, request=request)
        except ValidationError:
            raise _stale() from None
        bump_version(plan, plan.version)
        return plan
    existing = Plan.objects.filter(client=client).first()
    if existing is None:
        raise _stale()
    bump_version(existing, expected_version)
    return existing


# ---------------------------------------------------------------------------------------------
# Goals


@transaction.atomic
def add_goal(
    *, client: Client, by: User, expected_version: int, text: str, request: AnyRequest | None = None
) -> Goal:
    """A new goal in the client's own words, last in the plan."""
    text = _text(Goal, "text", text)
    plan = _plan_for_write(client=client, by=by, expected_version=expected_version, request=request)
    last = plan.goals.order_by("-order").values_list("order", flat=True).first()
    goal = Goal(plan=plan, text=text, order=(last or 0) + 1, created_by=by)
    goal.full_clean(exclude=["plan", "created_by"])
    goal.save()
    _audit(
        by=by,
        action=Action.CREATE,
        client_id=client.pk,
        target="plan_goal",
        request=request,
        details={"goal": goal.pk},
    )
    return goal


def open_steps_of(goal: Goal) -> list[Step]:
    """The goal's steps still planned or in progress, by target date."""
    return list(
        Step.objects.filter(goal_id=goal.pk, status__in=OPEN_STEP_STATUSES).order_by(
            "target_date", "id"
        )
    )


def _step_names(steps: list[Step]) -> str:
    return "; ".join(f"“{step.what}”" for step in steps)


def _settle_open_steps(
    *, goal: Goal, decisions: Mapping[int, str], by: User, request: AnyRequest | None
) -> dict[str, str]:
    """Inside update_goal's transaction, after the version check: each open step of a goal
    being closed is marked done, cancelled or moved to another active goal of the plan, as
    `decisions` (step id → STEP_TO_DONE, STEP_TO_CANCELLED or "goal:<id>") says. A step
    without a decision refuses the whole change: no open step is left under a closed goal,
    where every worklist (which counts the steps of active goals) would lose it."""
    steps = open_steps_of(goal)
    undecided = [step for step in steps if not decisions.get(step.pk)]
    if undecided:
        raise ValidationError(
            _(
                "The goal still has open steps: %(steps)s. Decide for each one whether it "
                "was done, is cancelled or moves to another active goal; only then can the "
                "goal be marked achieved or dropped."
            )
            % {"steps": _step_names(undecided)},
            code="open_steps",
        )
    targets = {
        g.pk: g
        for g in Goal.objects.filter(plan_id=goal.plan_id, status=GoalStatus.ACTIVE).exclude(
            pk=goal.pk
        )
    }
    client_id = _client_id_of_goal(goal)
    today = timezone.localdate()
    settled: dict[str, str] = {}
    for step in steps:
        decision = decisions[step.pk]
        if decision == STEP_TO_DONE:
            step.status, step.done_on = StepStatus.DONE, today
            changed = ["done_on", "status"]
        elif decision == STEP_TO_CANCELLED:
            step.status, step.done_on = StepStatus.CANCELLED, None
            changed = ["status"]
        else:
            target_id = decision.removeprefix(MOVE_TO_GOAL)
            target = targets.get(int(target_id)) if target_id.isdigit() else None
            if not decision.startswith(MOVE_TO_GOAL) or target is None:
                raise ValidationError(
                    _(
                        "The step “%(step)s” can be marked done or cancelled, or moved to "
                        "another active goal of the plan. Choose one from the list."
                    )
                    % {"step": step.what},
                    code="open_steps",
                )
            step.goal = target
            changed = ["goal"]
        step.full_clean(exclude=["goal", "responsible", "organisation", "service", "created_by"])
        step.save()
        _audit(
            by=by,
            action=Action.UPDATE,
            client_id=client_id,
            target="plan_step",
            request=request,
            details={
                "goal": step.goal_id,
                "step": step.pk,
                "changed": changed,
                "closed_goal": goal.pk,
            },
        )
        settled[str(step.pk)] = decision
    return settled


@transaction.atomic
def update_goal(
    *,
    goal: Goal,
    by: User,
    expected_version: int,
    text: str | None = None,
    status: str | None = None,
    order: int | None = None,
    open_steps: Mapping[int, str] | None = None,
    request: AnyRequest | None = None,
) -> Goal:
    """Change a goal's words, status (active, achieved, dropped) or place in the plan.
    Marking a goal achieved or dropped settles its open steps as `open_steps` says (step id →
    done, cancelled or "goal:<id>" of another active goal); an open step without a decision
    refuses the change (code "open_steps") and nothing is saved."""
    plan = Plan.objects.get(pk=goal.plan_id)
    changed: dict[str, Any] = {}
    if text is not None:
        new = _text(Goal, "text", text)
        if new != goal.text:
            changed["text"] = new
    if status is not None and status != goal.status:
        if status not in GoalStatus.values:
            raise ValidationError({"status": _("Choose a status from the list.")})
        changed["status"] = status
    if order is not None and order != goal.order:
        if order < 0:
            raise ValidationError({"order": _("The order must be zero or more.")})
        changed["order"] = order
    bump_version(plan, expected_version)
    settled: dict[str, str] = {}
    if changed.get("status", goal.status) != GoalStatus.ACTIVE:
        # Also a goal closed earlier that still has open steps (from before this rule):
        # any save of it settles them.
        settled = _settle_open_steps(goal=goal, decisions=open_steps or {}, by=by, request=request)
    for name, value in changed.items():
        setattr(goal, name, value)
    goal.full_clean(exclude=["plan", "created_by"])
    goal.save()
    details: dict[str, Any] = {"goal": goal.pk, "changed": sorted(changed)}
    if settled:
        details["open_steps"] = settled
    _audit(
        by=by,
        action=Action.UPDATE,
        client_id=plan.client_id,
        target="plan_goal",
        request=request,
        details=details,
    )
    return goal


# ---------------------------------------------------------------------------------------------
# Steps


def _check_responsible(
    *,
    client_id: int,
    responsible: User | None,
    responsible_is_client: bool,
    open_for_assignment: bool = False,
) -> None:
    if open_for_assignment and (responsible is not None or responsible_is_client):
        raise ValidationError(
            {"responsible": _("A step left for the coordinator to assign has nobody responsible.")}
        )
    if open_for_assignment:
        return
    if responsible_is_client and responsible is not None:
        raise ValidationError(
            {
                "responsible": _(
                    "Choose either the client or a professional as responsible, not both."
                )
            }
        )
    if not responsible_is_client and responsible is None:
        raise ValidationError(
            {"responsible": _("Choose who is responsible: the client or a professional.")}
        )
    if responsible is not None and not policy.can_see(responsible, client_id):
        # The step lands on the responsible professional's worklist, which lists only the
        # clients they may see: the access rule decides (network membership and a consent in
        # force covering their organisation), not a copy of it.
        raise ValidationError(
            {
                "responsible": _(
                    "The responsible professional must be in the client's network and see the "
                    "client under a consent in force covering their organisation."
                )
            }
        )


def _check_done_on(status: str, done_on: dt.date | None) -> dt.date | None:
    if status != StepStatus.DONE:
        return None
    today = timezone.localdate()
    done_on = done_on or today
    if done_on > today:
        raise ValidationError({"done_on": _("The day it was done cannot be in the future.")})
    return done_on


def _organisation_id(responsible: User | None, organisation: Organisation | None) -> int | None:
    """The step's organisation: the one chosen, else the responsible professional's."""
    if organisation is not None:
        return organisation.pk
    return responsible.organisation_id if responsible is not None else None


def _service(service: Service | None, service_name: str) -> tuple[Service | None, str]:
    """The step's service: an entry on the map, or free text for something not on the map.
    Free text that names an entry of the map (in any of its languages) is linked to it."""
    service_name = _text(Step, "service_name", service_name)
    if service is not None and service_name:
        raise ValidationError(
            {
                "service_name": _(
                    "Choose the service on the map, or write one that is not on the map — not both."
                )
            }
        )
    if service is None and service_name:
        named = selectors.map_entry_named(service_name)
        if named is not None:
            return named, ""
    return service, service_name


def _client_id_of_goal(goal: Goal) -> int:
    return Plan.objects.filter(pk=goal.plan_id).values_list("client_id", flat=True).get()


@transaction.atomic
def add_step(
    *,
    goal: Goal,
    by: User,
    expected_version: int,
    what: str,
    target_date: dt.date,
    responsible: User | None = None,
    responsible_is_client: bool = False,
    organisation: Organisation | None = None,
    service: Service | None = None,
    service_name: str = "",
    status: str = StepStatus.PLANNED,
    done_on: dt.date | None = None,
    open_for_assignment: bool = False,
    request: AnyRequest | None = None,
) -> Step:
    """A step under an active goal. The organisation defaults to the responsible
    professional's organisation. `open_for_assignment`: nobody is responsible yet (the
    organisation that provides it is known); the coordinator assigns it on the plan page."""
    client_id = _client_id_of_goal(goal)
    what = _text(Step, "what", what)
    service, service_name = _service(service, service_name)
    if target_date is None:
        raise ValidationError({"target_date": _("Give a target date, e.g. 15.3.2026.")})
    if status not in StepStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if goal.status != GoalStatus.ACTIVE:
        raise ValidationError(
            _("Steps can be added only to an active goal. Make the goal active first."),
            code="goal_not_active",
        )
    _check_responsible(
        client_id=client_id,
        responsible=responsible,
        responsible_is_client=responsible_is_client,
        open_for_assignment=open_for_assignment,
    )
    done_on = _check_done_on(status, done_on)
    plan = Plan.objects.get(pk=goal.plan_id)
    bump_version(plan, expected_version)
    step = Step(
        goal=goal,
        what=what,
        responsible=responsible,
        responsible_is_client=responsible_is_client,
        service=service,
        service_name=service_name,
        target_date=target_date,
        status=status,
        done_on=done_on,
        created_by=by,
    )
    step.organisation_id = _organisation_id(responsible, organisation)
    step.full_clean(exclude=["goal", "responsible", "organisation", "service", "created_by"])
    step.save()
    _audit(
        by=by,
        action=Action.CREATE,
        client_id=client_id,
        target="plan_step",
        request=request,
        details={"goal": goal.pk, "step": step.pk},
    )
    return step


_UNSET: Any = object()


@transaction.atomic
def update_step(
    *,
    step: Step,
    by: User,
    expected_version: int,
    what: str | None = None,
    target_date: dt.date | None = None,
    responsible: User | None = _UNSET,
    responsible_is_client: bool | None = None,
    organisation: Organisation | None = _UNSET,
    service: Service | None = _UNSET,
    service_name: str | None = None,
    status: str | None = None,
    done_on: dt.date | None = _UNSET,
    request: AnyRequest | None = None,
) -> Step:
    """Change a step; arguments left out stay as they are. Marking a step done records the
    day (today unless given); moving it out of done clears the day."""
    goal = Goal.objects.get(pk=step.goal_id)
    client_id = _client_id_of_goal(goal)
    changed: set[str] = set()

    def change(name: str, value: object) -> None:
        if getattr(step, name) != value:
            setattr(step, name, value)
            changed.add(name)

    if what is not None:
        change("what", _text(Step, "what", what))
    if service is not _UNSET or service_name is not None:
        current = None
        if service is _UNSET and step.service_id is not None:
            current = Service.objects.filter(pk=step.service_id).first()
        new_service, new_text = _service(
            current if service is _UNSET else service,
            step.service_name if service_name is None else service_name,
        )
        new_service_id = new_service.pk if new_service is not None else None
        if new_service_id != step.service_id:
            step.service = new_service
            changed.add("service")
        change("service_name", new_text)
    if target_date is not None:
        change("target_date", target_date)
    if status is not None:
        if status not in StepStatus.values:
            raise ValidationError({"status": _("Choose a status from the list.")})
        change("status", status)

    if responsible is not _UNSET or responsible_is_client is not None:
        new_responsible = None if responsible is _UNSET else responsible
        new_is_client = bool(responsible_is_client)
        new_id = new_responsible.pk if new_responsible is not None else None
        if (new_is_client, new_id) != (step.responsible_is_client, step.responsible_id):
            _check_responsible(
                client_id=client_id,
                responsible=new_responsible,
                responsible_is_client=new_is_client,
            )
            step.responsible = new_responsible
            step.responsible_is_client = new_is_client
            changed.add("responsible")
    if organisation is not _UNSET:
        new_org_id = organisation.pk if organisation is not None else None
        if new_org_id is None and step.responsible_id is not None:
            new_org_id = (
                User.objects.filter(pk=step.responsible_id)
                .values_list("organisation_id", flat=True)
                .get()
            )
        if new_org_id != step.organisation_id:
            step.organisation_id = new_org_id
            changed.add("organisation")

    if "status" in changed and step.is_open and goal.status != GoalStatus.ACTIVE:
        raise ValidationError(
            _(
                "A step of a goal that is achieved or dropped cannot be reopened: no worklist "
                "would show it. Make the goal active first, or add the step to an active goal."
            ),
            code="goal_not_active",
        )
    wanted_done_on = step.done_on if done_on is _UNSET else done_on
    new_done_on = _check_done_on(step.status, wanted_done_on)
    if new_done_on != step.done_on:
        step.done_on = new_done_on
        changed.add("done_on")

    plan = Plan.objects.get(pk=goal.plan_id)
    bump_version(plan, expected_version)
    step.full_clean(exclude=["goal", "responsible", "organisation", "service", "created_by"])
    step.save()
    _audit(
        by=by,
        action=Action.UPDATE,
        client_id=client_id,
        target="plan_step",
        request=request,
        details={"goal": goal.pk, "step": step.pk, "changed": sorted(changed)},
    )
    return step


def set_step_status(
    *,
    step: Step,
    by: User,
    expected_version: int,
    status: str,
    done_on: dt.date | None = None,
    request: AnyRequest | None = None,
) -> Step:
    """The quick status change of a step (planned, in progress, done, cancelled). Marked
    done without a day: today (a step already done keeps its day)."""
    return update_step(
        step=step,
        by=by,
        expected_version=expected_version,
        status=status,
        done_on=_UNSET if done_on is None else done_on,
        request=request,
    )


def assign_step(
    *,
    step: Step,
    by: User,
    expected_version: int,
    responsible: User,
    request: AnyRequest | None = None,
) -> Step:
    """Give a step that has nobody responsible to a professional of the client's network.
    The organisation that provides it stays; a step without one takes the professional's."""
    if not step.is_unassigned:
        raise ValidationError(
            _("Someone is already responsible for this step. Edit the step to change it."),
            code="assigned",
        )
    return update_step(
        step=step,
        by=by,
        expected_version=expected_version,
        responsible=responsible,
        responsible_is_client=False,
        organisation=_UNSET if step.organisation_id else None,
        request=request,
    )


def link_free_text_services() -> int:
    """Point every step whose free-text service names a current map entry to that entry
    (the text is cleared); other texts stay. The same rule as migration 0003 applies to the
    data that existed then; the demo uses it after building its plans. Returns the steps
    linked."""
    linked = 0
    texts = Step.objects.filter(service__isnull=True).exclude(service_name="")
    for text in list(texts.values_list("service_name", flat=True).distinct()):
        entry = selectors.map_entry_named(text)
        if entry is not None:
            linked += Step.objects.filter(service__isnull=True, service_name=text).update(
                service=entry, service_name=""
            )
    return linked
