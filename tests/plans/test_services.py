"""The plan's services: goals and steps are validated, saved whole or not at all, and
audited; a step has one responsible — the client or a professional, never both (also held
by the database) — or, left by a chosen route for the coordinator, nobody yet."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polku.audit.models import AuditEvent
from polku.clients import services as client_services
from polku.plans import services
from polku.plans.models import Goal, Plan, Step, StepStatus
from tests.factories import OrganisationFactory, ProfessionalFactory
from tests.plans.helpers import goal, in_days, step, version_of

pytestmark = pytest.mark.django_db


def test_the_first_goal_starts_the_plan_and_is_audited(client_record, coordinator):
    made = goal(client_record, coordinator, text="  Haluan oppia kokiksi  ")
    plan = Plan.objects.get(client=client_record)
    assert made.text == "Haluan oppia kokiksi"
    assert made.order == 1
    assert plan.created_by_id == coordinator.pk
    targets = set(
        AuditEvent.objects.filter(client=client_record, action="create").values_list(
            "target", flat=True
        )
    )
    assert {"plan", "plan_goal"} <= targets


def test_goals_are_appended_in_order(client_record, coordinator):
    first = goal(client_record, coordinator, text="Ensimmäinen")
    second = goal(client_record, coordinator, text="Toinen")
    assert (first.order, second.order) == (1, 2)
    assert list(Goal.objects.filter(plan__client=client_record)) == [first, second]


def test_a_client_has_one_plan(client_record, coordinator):
    services.create_plan(client=client_record, by=coordinator)
    with pytest.raises(ValidationError):
        services.create_plan(client=client_record, by=coordinator)
    again = services.ensure_plan(client=client_record, by=coordinator)
    assert Plan.objects.filter(client=client_record).count() == 1
    assert again.client_id == client_record.pk


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x" * 501, "<script>alert(1)</script>", "katso javascript:alert(1)", "a\x00b"],
)
def test_a_bad_goal_is_refused_and_nothing_is_saved(client_record, coordinator, text):
    with pytest.raises(ValidationError) as error:
        services.add_goal(client=client_record, by=coordinator, expected_version=0, text=text)
    assert "text" in error.value.message_dict
    assert not Plan.objects.filter(client=client_record).exists()
    assert not Goal.objects.exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=520))
def test_goal_text_rule(client_record, coordinator, text):
    """Any text up to 500 characters without markup is kept (trimmed); anything else is
    refused with a message on the field, and the plan version does not move."""
    plan = services.ensure_plan(client=client_record, by=coordinator)
    before = version_of(client_record)
    stripped = text.strip()
    acceptable = 0 < len(stripped) <= 500 and not {"<", ":", "\x00"} & set(stripped)
    try:
        made = services.add_goal(
            client=client_record, by=coordinator, expected_version=before, text=text
        )
    except ValidationError as error:
        assert "text" in error.message_dict
        assert version_of(client_record) == before
        assert not acceptable
    else:
        assert made.text == stripped
        assert 0 < len(made.text) <= 500
        assert version_of(client_record) == before + 1
    assert plan.pk == Plan.objects.get(client=client_record).pk


def test_update_goal_changes_words_and_status(client_record, coordinator):
    made = goal(client_record, coordinator)
    services.update_goal(
        goal=made,
        by=coordinator,
        expected_version=version_of(client_record),
        text="Haluan töihin leipomoon",
        status="achieved",
    )
    made.refresh_from_db()
    assert (made.text, made.status) == ("Haluan töihin leipomoon", "achieved")
    event = AuditEvent.objects.filter(client=client_record, target="plan_goal").last()
    assert event.action == "update"
    assert event.details["changed"] == ["status", "text"]


def test_a_step_takes_the_responsible_professionals_organisation(client_record, coordinator, kela):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    assert made.organisation_id == kela.pk
    assert made.status == StepStatus.PLANNED and made.done_on is None
    assert AuditEvent.objects.filter(
        client=client_record, action="create", target="plan_step"
    ).exists()


def test_a_step_of_the_client_themself_may_name_an_organisation(client_record, coordinator):
    college = OrganisationFactory(name="Sedu", kind="education")
    made = step(
        goal(client_record, coordinator),
        coordinator,
        client_record,
        responsible=None,
        responsible_is_client=True,
        organisation=college,
        service_name="Hakeminen yhteishaussa",
    )
    assert made.responsible_id is None and made.organisation_id == college.pk


@pytest.mark.parametrize(
    "who",
    [
        {"responsible": None, "responsible_is_client": False},
        {"responsible_is_client": True},  # and the professional too
    ],
)
def test_a_step_has_exactly_one_responsible(client_record, coordinator, who):
    made_goal = goal(client_record, coordinator)
    before = version_of(client_record)
    with pytest.raises(ValidationError) as error:
        step(made_goal, coordinator, client_record, **who)
    assert "responsible" in error.value.message_dict
    assert not Step.objects.exists()
    assert version_of(client_record) == before


def test_the_database_holds_never_both_responsible(client_record, coordinator):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(pk=made.pk).update(responsible_is_client=True)
    # Nobody yet (a step left for the coordinator to assign) is a state the database allows.
    Step.objects.filter(pk=made.pk).update(responsible=None)
    assert Step.objects.get(pk=made.pk).is_unassigned


def test_the_database_holds_done_on_only_when_done(client_record, coordinator):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(pk=made.pk).update(done_on=timezone.localdate())
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(pk=made.pk).update(status="done")


def test_the_responsible_professional_must_be_in_the_network(client_record, coordinator, kela):
    outsider = ProfessionalFactory(organisation=kela)
    with pytest.raises(ValidationError) as error:
        step(goal(client_record, coordinator), coordinator, client_record, responsible=outsider)
    assert "network" in " ".join(error.value.message_dict["responsible"])
    client_services.add_member(client=client_record, by=coordinator, professional=outsider)
    made = step(Goal.objects.get(), coordinator, client_record, responsible=outsider)
    assert made.responsible_id == outsider.pk


def test_the_responsible_professional_must_see_the_client(client_record, coordinator):
    """In the network is not enough: the access rule decides (a consent in force covering
    their organisation), as the step lands on their worklist — adding, editing and
    assigning alike."""
    ngo = OrganisationFactory(name="Järjestö ry", kind="employment")
    member = ProfessionalFactory(organisation=ngo)
    client_services.add_member(client=client_record, by=coordinator, professional=member)
    made_goal = goal(client_record, coordinator)
    with pytest.raises(ValidationError) as error:
        step(made_goal, coordinator, client_record, responsible=member)
    assert "consent" in " ".join(error.value.message_dict["responsible"])
    mine = step(made_goal, coordinator, client_record)
    with pytest.raises(ValidationError):
        services.update_step(
            step=mine,
            by=coordinator,
            expected_version=version_of(client_record),
            responsible=member,
        )
    open_step = step(
        made_goal,
        coordinator,
        client_record,
        responsible=None,
        organisation=ngo,
        open_for_assignment=True,
    )
    with pytest.raises(ValidationError):
        services.assign_step(
            step=open_step,
            by=coordinator,
            expected_version=version_of(client_record),
            responsible=member,
        )
    assert Step.objects.get(pk=mine.pk).responsible_id == coordinator.pk
    assert Step.objects.get(pk=open_step.pk).responsible_id is None
    client_record.consents.get().organisations.add(ngo)  # now a consent covers Järjestö ry
    assigned = services.assign_step(
        step=open_step,
        by=coordinator,
        expected_version=version_of(client_record),
        responsible=member,
    )
    assert assigned.responsible_id == member.pk


def test_steps_are_added_only_to_active_goals(client_record, coordinator):
    made = goal(client_record, coordinator)
    services.update_goal(
        goal=made, by=coordinator, expected_version=version_of(client_record), status="dropped"
    )
    with pytest.raises(ValidationError):
        step(made, coordinator, client_record)
    assert not Step.objects.exists()


def test_marking_done_records_the_day_and_reopening_clears_it(client_record, coordinator):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    services.set_step_status(
        step=made, by=coordinator, expected_version=version_of(client_record), status="done"
    )
    made.refresh_from_db()
    assert made.done_on == timezone.localdate()
    services.set_step_status(
        step=made,
        by=coordinator,
        expected_version=version_of(client_record),
        status="in_progress",
    )
    made.refresh_from_db()
    assert (made.status, made.done_on) == ("in_progress", None)


def test_done_cannot_be_in_the_future(client_record, coordinator):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    with pytest.raises(ValidationError) as error:
        services.update_step(
            step=made,
            by=coordinator,
            expected_version=version_of(client_record),
            status="done",
            done_on=in_days(1),
        )
    assert "done_on" in error.value.message_dict
    made.refresh_from_db()
    assert made.status == "planned"


def test_changing_the_responsible_to_the_client_keeps_one_responsible(client_record, coordinator):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    services.update_step(
        step=made,
        by=coordinator,
        expected_version=version_of(client_record),
        responsible=None,
        responsible_is_client=True,
        organisation=None,
    )
    made.refresh_from_db()
    assert made.responsible_is_client and made.responsible_id is None
    assert made.organisation_id is None


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(statuses=st.lists(st.sampled_from(StepStatus.values), min_size=1, max_size=6))
def test_status_changes_keep_done_on_consistent(client_record, coordinator, statuses):
    """Whatever order the status changes come in: a done step has a day that is not in the
    future, and any other step has none; each change moves the plan version by one."""
    made_goal = Goal.objects.filter(plan__client=client_record).first() or goal(
        client_record, coordinator
    )
    made = step(made_goal, coordinator, client_record)
    for status in statuses:
        before = version_of(client_record)
        services.set_step_status(step=made, by=coordinator, expected_version=before, status=status)
        stored = Step.objects.get(pk=made.pk)
        assert stored.status == status
        assert (stored.done_on is not None) == (status == "done")
        if stored.done_on:
            assert stored.done_on <= timezone.localdate()
        assert version_of(client_record) == before + 1
