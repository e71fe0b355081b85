"""The plan pages: the plan with goals and steps, adding and editing them (bad input gets a
clear message, nothing is half-saved), the client's path, and the overview section. Goals
and steps are looked up only within the client: another client's id answers 404."""

import pytest

from polku.audit.models import AuditEvent
from polku.clients import services as client_services
from polku.plans import services
from polku.plans.models import Goal, Step
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client
from tests.plans.helpers import goal, in_days, in_english, step, version_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def http(signed_in):
    return in_english(signed_in)


def _plan_url(client):
    return f"/clients/{client.pk}/plan/"


def test_an_empty_plan_invites_the_first_goal(http, client_record):
    page = http.get(_plan_url(client_record)).content.decode()
    assert "No goals yet" in page
    assert f"/clients/{client_record.pk}/plan/goals/new/" in page


def test_adding_the_first_goal_through_the_page(http, client_record):
    form = http.get(f"/clients/{client_record.pk}/plan/goals/new/").content.decode()
    assert 'name="version" value="0"' in form
    response = http.post(
        f"/clients/{client_record.pk}/plan/goals/new/",
        {"text": "Haluan töihin keittiöön", "version": "0"},
    )
    assert response.status_code == 302
    made = Goal.objects.get()
    assert response["Location"].endswith(f"/plan/#goal-{made.pk}")
    page = http.get(_plan_url(client_record)).content.decode()
    assert "Haluan töihin keittiöön" in page


def test_a_bad_goal_shows_the_error_summary_and_saves_nothing(http, client_record):
    response = http.post(
        f"/clients/{client_record.pk}/plan/goals/new/",
        {"text": "<script>alert(1)</script>", "version": "0"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in page and "HTML tags" in page
    assert not Goal.objects.exists()


def test_a_form_without_the_version_is_refused_clearly(http, client_record):
    response = http.post(f"/clients/{client_record.pk}/plan/goals/new/", {"text": "Haluan töihin"})
    assert "which version of the plan" in response.content.decode()
    assert not Goal.objects.exists()


def test_adding_a_step_with_a_finnish_date(http, client_record, coordinator, kela):
    made = goal(client_record, coordinator)
    url = f"/clients/{client_record.pk}/plan/goals/{made.pk}/steps/new/"
    form = http.get(url).content.decode()
    assert coordinator.get_full_name() in form
    response = http.post(
        url,
        {
            "what": "Työkokeilu lounasravintolassa",
            "responsible": str(coordinator.pk),
            "organisation": "",
            "service_name": "Työkokeilu",
            "target_date": in_days(10).strftime("%d.%m.%Y"),
            "status": "planned",
            "done_on": "",
            "version": str(version_of(client_record)),
        },
    )
    assert response.status_code == 302, response.content.decode()
    made_step = Step.objects.get()
    assert made_step.organisation_id == kela.pk
    assert made_step.target_date == in_days(10)
    page = http.get(_plan_url(client_record)).content.decode()
    assert "Työkokeilu lounasravintolassa" in page
    assert in_days(10).strftime("%-d.%-m.%Y") in page
    assert kela.name in page


def test_a_step_without_responsible_or_date_gets_messages(http, client_record, coordinator):
    made = goal(client_record, coordinator)
    response = http.post(
        f"/clients/{client_record.pk}/plan/goals/{made.pk}/steps/new/",
        {
            "what": "Jotain",
            "responsible": "",
            "target_date": "31.2.2026",
            "status": "planned",
            "version": str(version_of(client_record)),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_responsible"' in page and 'href="#id_target_date"' in page
    assert not Step.objects.exists()


def test_a_professional_outside_the_network_is_not_offered(http, client_record, coordinator, kela):
    outsider = ProfessionalFactory(organisation=kela, first_name="Ulla", last_name="Ulkopuoli")
    made = goal(client_record, coordinator)
    url = f"/clients/{client_record.pk}/plan/goals/{made.pk}/steps/new/"
    assert "Ulkopuoli" not in http.get(url).content.decode()
    response = http.post(
        url,
        {
            "what": "Jotain",
            "responsible": str(outsider.pk),
            "target_date": in_days(3).strftime("%d.%m.%Y"),
            "status": "planned",
            "version": str(version_of(client_record)),
        },
    )
    assert response.status_code == 200
    assert not Step.objects.exists()


def test_editing_a_step_and_marking_it_done(http, client_record, coordinator):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    url = f"/clients/{client_record.pk}/plan/steps/{made.pk}/edit/"
    form = http.get(url).content.decode()
    assert "Työkokeilu lounasravintolassa" in form
    response = http.post(
        url,
        {
            "what": "Työkokeilu kahvilassa",
            "responsible": "client",
            "organisation": "",
            "service_name": "",
            "target_date": in_days(5).strftime("%d.%m.%Y"),
            "status": "done",
            "done_on": "",
            "version": str(version_of(client_record)),
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.what == "Työkokeilu kahvilassa"
    assert made.responsible_is_client and made.status == "done" and made.done_on
    assert AuditEvent.objects.filter(client=client_record, target="plan_step", action="update")


def test_quick_status_change_on_the_plan_page(http, client_record, coordinator):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    page = http.get(_plan_url(client_record)).content.decode()
    assert f'name="step{made.pk}-version"' in page
    response = http.post(
        f"/clients/{client_record.pk}/plan/steps/{made.pk}/status/",
        {
            f"step{made.pk}-status": "in_progress",
            f"step{made.pk}-version": version_of(client_record),
        },
    )
    assert response.status_code == 302
    assert Step.objects.get(pk=made.pk).status == "in_progress"


def test_another_clients_goal_or_step_is_not_found(http, client_record, coordinator, kela):
    other_client = make_client(coordinator=coordinator, first_names="Ville", last_name="Muu")
    other_goal = goal(other_client, coordinator, text="Toisen asiakkaan tavoite")
    other_step = step(other_goal, coordinator, other_client)
    goal(client_record, coordinator)
    base = f"/clients/{client_record.pk}/plan"
    for url in (
        f"{base}/goals/{other_goal.pk}/edit/",
        f"{base}/goals/{other_goal.pk}/steps/new/",
        f"{base}/steps/{other_step.pk}/edit/",
    ):
        assert http.get(url).status_code == 404, url
    response = http.post(
        f"{base}/steps/{other_step.pk}/status/",
        {f"step{other_step.pk}-status": "done", f"step{other_step.pk}-version": "9"},
    )
    assert response.status_code == 404
    assert Step.objects.get(pk=other_step.pk).status == "planned"


def test_the_path_groups_what_happened_and_what_is_planned(http, client_record, coordinator):
    made_goal = goal(client_record, coordinator, text="Haluan töihin")
    done = step(made_goal, coordinator, client_record, what="Terveystarkastus")
    services.set_step_status(
        step=done, by=coordinator, expected_version=version_of(client_record), status="done"
    )
    step(made_goal, coordinator, client_record, what="Työkokeilu", target_date=in_days(20))
    cancelled = step(made_goal, coordinator, client_record, what="Peruttu kurssi")
    services.set_step_status(
        step=cancelled,
        by=coordinator,
        expected_version=version_of(client_record),
        status="cancelled",
    )
    page = http.get(f"/clients/{client_record.pk}/path/").content.decode()
    happened = page.index('id="path-happened"')
    agreed = page.index('id="path-agreed"')
    planned = page.index('id="path-planned"')
    assert happened < page.index("Terveystarkastus") < agreed
    assert happened < page.index("Goal set: Haluan töihin") < agreed
    assert planned < page.index("Työkokeilu<") or planned < page.index(">Työkokeilu")
    assert "Peruttu kurssi" not in page
    assert AuditEvent.objects.filter(client=client_record, target="path").exists()


def test_the_overview_shows_goals_and_the_next_three_steps(http, client_record, coordinator):
    made_goal = goal(client_record, coordinator, text="Haluan töihin keittiöön")
    for days, what in [(40, "Neljäs"), (10, "Ensimmäinen"), (30, "Kolmas"), (20, "Toinen")]:
        step(made_goal, coordinator, client_record, what=what, target_date=in_days(days))
    page = http.get(f"/clients/{client_record.pk}/").content.decode()
    section = page[page.index('id="plan-heading"') :]
    assert "Haluan töihin keittiöön" in section
    assert section.index("Ensimmäinen") < section.index("Toinen") < section.index("Kolmas")
    assert "Neljäs" not in section
    assert f"/clients/{client_record.pk}/plan/" in section
    assert f"/clients/{client_record.pk}/path/" in section


def test_a_step_of_a_member_who_left_passes_to_the_coordinator(http, client_record, coordinator):
    """Leaving the network, the member no longer sees the client: their open step passes to
    the coordinator (end_membership) and the edit form no longer offers them."""
    employment = OrganisationFactory(name="TE-palvelut", kind="employment")
    colleague = ProfessionalFactory(organisation=employment)
    client_record.consents.get().organisations.add(employment)
    member = client_services.add_member(
        client=client_record, by=coordinator, professional=colleague
    )
    made = step(goal(client_record, coordinator), coordinator, client_record, responsible=colleague)
    client_services.end_membership(member=member, by=coordinator)
    made.refresh_from_db()
    assert made.responsible_id == coordinator.pk
    assert made.organisation_id == employment.pk  # the organisation that provides it stays
    form = http.get(f"/clients/{client_record.pk}/plan/steps/{made.pk}/edit/")
    assert form.status_code == 200
    page = form.content.decode()
    assert f'value="{coordinator.pk}" selected' in page
    assert colleague.get_full_name() and colleague.get_full_name() not in page


def test_the_step_form_offers_only_members_who_see_the_client(http, client_record, coordinator):
    """A network member whose organisation no consent covers does not see the client, so a
    step given to them would be on nobody's worklist: not offered, and refused if posted."""
    uncovered = ProfessionalFactory(
        first_name="Ulla",
        last_name="Ulkopuolinen",
        organisation=OrganisationFactory(name="Järjestö ry", kind="employment"),
    )
    client_services.add_member(client=client_record, by=coordinator, professional=uncovered)
    made = goal(client_record, coordinator)
    url = f"/clients/{client_record.pk}/plan/goals/{made.pk}/steps/new/"
    page = http.get(url).content.decode()
    assert coordinator.get_full_name() in page
    assert "Ulkopuolinen" not in page
    response = http.post(
        url,
        {
            "what": "Työkokeilu",
            "responsible": str(uncovered.pk),
            "organisation": "",
            "service_name": "",
            "target_date": in_days(10).strftime("%d.%m.%Y"),
            "status": "planned",
            "done_on": "",
            "version": str(version_of(client_record)),
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Step.objects.exists()


def test_pages_are_audited_for_the_member_who_sees_them(client, client_record, coordinator):
    login(client, coordinator)
    client.get(f"/clients/{client_record.pk}/plan/")
    event = AuditEvent.objects.filter(client=client_record, target="plan").last()
    assert event.actor_id == coordinator.pk and event.action == "view"
