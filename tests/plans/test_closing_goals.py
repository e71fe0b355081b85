"""A goal is marked achieved or dropped only with its open steps settled (done, cancelled or
moved to another active goal), all or nothing: the worklists count only the steps of active
goals, so an open step left under a closed goal would fall off every worklist."""

import pytest
from django.utils import timezone

from polku.audit.models import AuditEvent
from polku.plans import services
from polku.plans.models import Goal, GoalStatus, Step, StepStatus
from polku.worklists import selectors as worklists
from tests.conftest import login
from tests.plans.helpers import goal, step, version_of

pytestmark = pytest.mark.django_db


def _open_under_closed_goals():
    return Step.objects.filter(status__in=["planned", "in_progress"]).exclude(
        goal__status=GoalStatus.ACTIVE
    )


def _close(made, client_record, coordinator, status="achieved", **kwargs):
    return services.update_goal(
        goal=made,
        by=coordinator,
        expected_version=version_of(client_record),
        status=status,
        **kwargs,
    )


@pytest.mark.parametrize("status", ["achieved", "dropped"])
def test_a_goal_with_open_steps_is_not_closed_without_a_decision(
    client_record, coordinator, status
):
    made = goal(client_record, coordinator)
    first = step(made, coordinator, client_record, what="Työkokeilu kahvilassa")
    step(made, coordinator, client_record, what="CV valmiiksi")
    before = version_of(client_record)
    with pytest.raises(services.ValidationError) as refused:
        _close(made, client_record, coordinator, status, open_steps={first.pk: "done"})
    assert refused.value.code == "open_steps"
    assert "“CV valmiiksi”" in refused.value.messages[0]
    assert "Työkokeilu" not in refused.value.messages[0]  # decided: not named
    made.refresh_from_db()
    assert made.status == GoalStatus.ACTIVE and version_of(client_record) == before
    assert Step.objects.filter(status=StepStatus.PLANNED).count() == 2  # nothing half-saved


def test_closing_settles_each_open_step_in_one_change(client_record, coordinator):
    made = goal(client_record, coordinator)
    other = goal(client_record, coordinator, text="Haluan ajokortin")
    done = step(made, coordinator, client_record, what="Työkokeilu")
    cancelled = step(made, coordinator, client_record, what="Kurssi")
    moved = step(made, coordinator, client_record, what="Autokoulu")
    before = version_of(client_record)
    _close(
        made,
        client_record,
        coordinator,
        open_steps={done.pk: "done", cancelled.pk: "cancelled", moved.pk: f"goal:{other.pk}"},
    )
    made.refresh_from_db()
    assert made.status == GoalStatus.ACHIEVED and version_of(client_record) == before + 1
    done.refresh_from_db(), cancelled.refresh_from_db(), moved.refresh_from_db()
    assert (done.status, done.done_on) == (StepStatus.DONE, timezone.localdate())
    assert cancelled.status == StepStatus.CANCELLED
    assert (moved.goal_id, moved.status) == (other.pk, StepStatus.PLANNED)
    assert not _open_under_closed_goals().exists()
    event = AuditEvent.objects.filter(target="plan_goal", action="update").last()
    assert event.details["open_steps"] == {
        str(done.pk): "done",
        str(cancelled.pk): "cancelled",
        str(moved.pk): f"goal:{other.pk}",
    }
    steps_audited = AuditEvent.objects.filter(
        target="plan_step", action="update", details__closed_goal=made.pk
    )
    assert steps_audited.count() == 3
    # The moved step is still among the open steps every worklist counts.
    assert worklists._open_steps().filter(pk=moved.pk).exists()


def test_a_step_moves_only_to_another_active_goal_of_the_plan(client_record, coordinator):
    made = goal(client_record, coordinator)
    dropped = goal(client_record, coordinator, text="Haluan ajokortin")
    _close(dropped, client_record, coordinator, status="dropped")
    open_one = step(made, coordinator, client_record)
    for target in (dropped.pk, made.pk, 999999):
        with pytest.raises(services.ValidationError) as refused:
            _close(made, client_record, coordinator, open_steps={open_one.pk: f"goal:{target}"})
        assert refused.value.code == "open_steps"
    made.refresh_from_db()
    assert made.status == GoalStatus.ACTIVE


def test_a_stale_page_is_refused_before_any_step_changes(client_record, coordinator):
    made = goal(client_record, coordinator)
    open_one = step(made, coordinator, client_record)
    with pytest.raises(services.StaleEdit):
        services.update_goal(
            goal=made,
            by=coordinator,
            expected_version=version_of(client_record) - 1,
            status="achieved",
            open_steps={open_one.pk: "done"},
        )
    open_one.refresh_from_db()
    assert open_one.status == StepStatus.PLANNED


def test_a_goal_without_open_steps_closes_as_before(client_record, coordinator):
    made = goal(client_record, coordinator)
    finished = step(made, coordinator, client_record, status="done")
    _close(made, client_record, coordinator)
    made.refresh_from_db(), finished.refresh_from_db()
    assert made.status == GoalStatus.ACHIEVED and finished.status == StepStatus.DONE


def test_no_path_leaves_an_open_step_under_a_closed_goal(client_record, coordinator, signed_in):
    """Every way a goal's status or a step's status changes: the service, the goal page, a
    step reopened or added under a closed goal, and the API (which only reads the plan)."""
    made = goal(client_record, coordinator)
    open_one = step(made, coordinator, client_record)
    with pytest.raises(services.ValidationError):
        _close(made, client_record, coordinator)
    url = f"/clients/{client_record.pk}/plan/goals/{made.pk}/edit/"
    page = signed_in.post(
        url,
        {
            "text": made.text,
            "status": "achieved",
            "order": made.order,
            "version": version_of(client_record),
        },
    )
    assert page.status_code == 200
    assert not _open_under_closed_goals().exists()
    _close(made, client_record, coordinator, open_steps={open_one.pk: "done"})
    open_one.refresh_from_db()
    for reopen in (
        lambda: services.set_step_status(
            step=open_one,
            by=coordinator,
            expected_version=version_of(client_record),
            status="planned",
        ),
        lambda: services.update_step(
            step=open_one,
            by=coordinator,
            expected_version=version_of(client_record),
            status="in_progress",
        ),
        lambda: step(made, coordinator, client_record),
    ):
        with pytest.raises(services.ValidationError) as refused:
            reopen()
        assert refused.value.code == "goal_not_active"
    page = signed_in.post(
        f"/clients/{client_record.pk}/plan/steps/{open_one.pk}/status/",
        {
            f"step{open_one.pk}-status": "planned",
            f"step{open_one.pk}-version": version_of(client_record),
        },
    )
    assert page.status_code == 302
    plan_api = f"/api/v1/clients/{client_record.pk}/plan/"
    for method in (signed_in.post, signed_in.put, signed_in.patch, signed_in.delete):
        assert method(plan_api, {}, content_type="application/json").status_code == 405
    assert not _open_under_closed_goals().exists()
    assert Goal.objects.get(pk=made.pk).status == GoalStatus.ACHIEVED


# ---------------------------------------------------------------------------------------------
# The goal page, in Finnish (the default language)


@pytest.fixture
def finnish(client, coordinator):
    return login(client, coordinator)


def test_the_page_lists_the_open_steps_and_refuses_in_finnish(finnish, client_record, coordinator):
    made = goal(client_record, coordinator)
    open_one = step(made, coordinator, client_record, what="Työkokeilu kahvilassa")
    url = f"/clients/{client_record.pk}/plan/goals/{made.pk}/edit/"
    form = finnish.get(url).content.decode()
    assert "Tavoitteen avoimet askeleet" in form
    assert f"/clients/{client_record.pk}/plan/#step-{open_one.pk}" in form
    assert "Kaikki avoimet askeleet" in form and "Peruttu" in form
    response = finnish.post(
        url,
        {
            "text": made.text,
            "status": "achieved",
            "order": made.order,
            "version": version_of(client_record),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tavoitteella on vielä avoimia askeleita: “Työkokeilu kahvilassa”" in page
    made.refresh_from_db()
    assert made.status == GoalStatus.ACTIVE


def test_the_page_settles_all_open_steps_with_one_choice(finnish, client_record, coordinator):
    made = goal(client_record, coordinator)
    other = goal(client_record, coordinator, text="Haluan ajokortin")
    first = step(made, coordinator, client_record, what="Työkokeilu")
    second = step(made, coordinator, client_record, what="Kurssi")
    url = f"/clients/{client_record.pk}/plan/goals/{made.pk}/edit/"
    assert "Siirrä tavoitteeseen “Haluan ajokortin”" in finnish.get(url).content.decode()
    response = finnish.post(
        url,
        {
            "text": made.text,
            "status": "dropped",
            "order": made.order,
            "open_steps_all": f"goal:{other.pk}",
            f"open_step_{second.pk}": "cancelled",
            "version": version_of(client_record),
        },
    )
    assert response.status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert first.goal_id == other.pk and second.status == StepStatus.CANCELLED
    assert Goal.objects.get(pk=made.pk).status == GoalStatus.DROPPED
