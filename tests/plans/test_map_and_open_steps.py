"""A plan step points to an entry of the map (free text only for something not on the map),
and a step may wait for the coordinator to assign it: the plan page lists such steps and
assigns them, the overview counts them, and the API, PDF and portal say what is true."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from polku.audit.models import AuditEvent
from polku.catalogue import loader
from polku.catalogue.models import Service
from polku.clients import services as client_services
from polku.plans import selectors, services
from polku.plans.models import Step
from tests.factories import ProfessionalFactory
from tests.plans.helpers import goal, in_days, in_english, step, version_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    loader.load()


@pytest.fixture
def http(signed_in):
    return in_english(signed_in)


def _trial():
    return Service.objects.get(slug="tyokokeilu")


def test_a_step_points_to_a_map_entry(client_record, coordinator, catalogue):
    made = step(goal(client_record, coordinator), coordinator, client_record, service=_trial())
    assert made.service_id == _trial().pk and made.service_name == ""
    with translation.override("sv"):
        assert made.service_label == _trial().name_sv


@pytest.mark.parametrize("text", ["Työkokeilu", "  työkokeilu ", "Arbetsprövning", "tyokokeilu"])
def test_free_text_naming_an_entry_is_linked_to_it(client_record, coordinator, catalogue, text):
    made = step(goal(client_record, coordinator), coordinator, client_record, service_name=text)
    assert made.service_id == _trial().pk and made.service_name == ""


def test_free_text_stays_for_what_is_not_on_the_map(client_record, coordinator, catalogue):
    made = step(
        goal(client_record, coordinator),
        coordinator,
        client_record,
        service_name="Kuntosaliryhmä",
    )
    assert made.service_id is None and made.service_name == "Kuntosaliryhmä"
    assert made.service_label == "Kuntosaliryhmä"


def test_both_an_entry_and_free_text_are_refused(client_record, coordinator, catalogue):
    made_goal = goal(client_record, coordinator)
    before = version_of(client_record)
    with pytest.raises(ValidationError) as error:
        step(
            made_goal,
            coordinator,
            client_record,
            service=_trial(),
            service_name="Kuntosaliryhmä",
        )
    assert "service_name" in error.value.message_dict
    assert not Step.objects.exists() and version_of(client_record) == before


def test_the_migration_links_existing_texts_that_name_an_entry(
    client_record, coordinator, catalogue
):
    made_goal = goal(client_record, coordinator)
    named = step(made_goal, coordinator, client_record, service_name="Kuntosaliryhmä")
    other = step(made_goal, coordinator, client_record, service_name="Kuntosaliryhmä 2")
    Step.objects.filter(pk=named.pk).update(service_name="Palkkatuettu työ ")
    migration = importlib.import_module("polku.plans.migrations.0003_link_step_services_to_the_map")
    from django.apps import apps

    migration.link(apps, None)
    named.refresh_from_db()
    other.refresh_from_db()
    assert named.service.slug == "palkkatuki" and named.service_name == ""
    assert other.service_id is None and other.service_name == "Kuntosaliryhmä 2"


def test_the_step_form_offers_the_map_grouped_by_kind(http, client_record, coordinator, catalogue):
    made_goal = goal(client_record, coordinator)
    page = http.get(
        f"/clients/{client_record.pk}/plan/goals/{made_goal.pk}/steps/new/"
    ).content.decode()
    assert '<optgroup label="Employment service">' in page
    assert '<optgroup label="Benefit">' in page
    assert f'<option value="{_trial().pk}">Work trial</option>' in page
    response = http.post(
        f"/clients/{client_record.pk}/plan/goals/{made_goal.pk}/steps/new/",
        {
            "what": "Työkokeilu lounasravintolassa",
            "responsible": str(coordinator.pk),
            "service": str(_trial().pk),
            "target_date": "15.3.2027",
            "status": "planned",
            "version": str(version_of(client_record)),
        },
    )
    assert response.status_code == 302
    made = Step.objects.get()
    assert made.service_id == _trial().pk
    plan_page = http.get(f"/clients/{client_record.pk}/plan/").content.decode()
    assert '<a href="/map/services/tyokokeilu/">Work trial</a>' in plan_page


def test_a_step_points_to_a_ptv_service_through_the_form(
    http, client_record, coordinator, catalogue, tmp_path
):
    """Issue #21: a plan step can point to a service read from Suomi.fi's catalogue (PTV);
    the plan links it and its page names the source."""
    from polku.catalogue.models import Source
    from polku.catalogue.ptv import client as ptv_client
    from polku.catalogue.ptv import samples, sync

    samples.write(tmp_path / "ptv", ("743",), compress=False)
    sync.run(ptv_client.PtvClient(ptv_client.FolderTransport(tmp_path / "ptv")), ["743"])
    ptv = Service.objects.get(name_fi="Työnhakijan palvelut, Seinäjoki")
    assert ptv.source == Source.PTV
    made_goal = goal(client_record, coordinator)
    form_url = f"/clients/{client_record.pk}/plan/goals/{made_goal.pk}/steps/new/"
    assert f'<option value="{ptv.pk}">{ptv.name_en}</option>' in http.get(form_url).content.decode()
    response = http.post(
        form_url,
        {
            "what": "Ilmoittautuminen työnhakijaksi",
            "responsible": "client",
            "service": str(ptv.pk),
            "target_date": "15.3.2027",
            "status": "planned",
            "version": str(version_of(client_record)),
        },
    )
    assert response.status_code == 302
    made = Step.objects.get()
    assert made.service_id == ptv.pk and made.service_name == ""
    plan_page = http.get(f"/clients/{client_record.pk}/plan/").content.decode()
    assert f'<a href="/map/services/{ptv.slug}/">{ptv.name_en}</a>' in plan_page
    service_page = http.get(f"/map/services/{ptv.slug}/").content.decode()
    assert "Suomi.fi-palvelutietovaranto" in service_page


def _open_step(client_record, coordinator, organisation):
    made_goal = goal(client_record, coordinator)
    return services.add_step(
        goal=made_goal,
        by=coordinator,
        expected_version=version_of(client_record),
        what="Työkokeilu: arvioitu työnantajan kanssa",
        target_date=in_days(60),
        organisation=organisation,
        open_for_assignment=True,
    )


def test_an_open_step_is_listed_on_the_plan_and_assigned_there(
    http, client_record, coordinator, municipality
):
    made = _open_step(client_record, coordinator, municipality)
    assert made.is_unassigned and made.organisation_id == municipality.pk
    counsellor = ProfessionalFactory(organisation=municipality)
    client_services.add_member(client=client_record, by=coordinator, professional=counsellor)
    page = http.get(f"/clients/{client_record.pk}/plan/").content.decode()
    assert 'id="unassigned-heading"' in page and "Nobody yet" in page
    # In the network but not under the consent: cannot see the client, so not offered.
    assert f'value="{counsellor.pk}"' not in page
    client_services.give_consent(
        client=client_record,
        by=coordinator,
        organisations=[coordinator.organisation, municipality],
        purpose="coordination",
        given_how="in_person",
        valid_from=timezone.localdate(),
    )
    page = http.get(f"/clients/{client_record.pk}/plan/").content.decode()
    assert f'<optgroup label="{municipality.name}">' in page  # its organisation first
    assert f'value="{counsellor.pk}"' in page
    overview = http.get(f"/clients/{client_record.pk}/").content.decode()
    assert "1 step of the plan has nobody responsible yet" in overview

    response = http.post(
        f"/clients/{client_record.pk}/plan/steps/{made.pk}/assign/",
        {
            f"assign{made.pk}-responsible": str(counsellor.pk),
            f"assign{made.pk}-version": str(version_of(client_record)),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#step-{made.pk}")
    made.refresh_from_db()
    assert made.responsible_id == counsellor.pk and made.organisation_id == municipality.pk
    assert AuditEvent.objects.filter(target="plan_step", action="update").exists()
    assert selectors.unassigned_steps(client_record) == []
    assert (
        'id="unassigned-heading"'
        not in http.get(f"/clients/{client_record.pk}/plan/").content.decode()
    )


def test_an_open_step_cannot_be_given_to_someone_outside_the_network(
    http, client_record, coordinator, municipality
):
    made = _open_step(client_record, coordinator, municipality)
    outsider = ProfessionalFactory(organisation=municipality)
    response = http.post(
        f"/clients/{client_record.pk}/plan/steps/{made.pk}/assign/",
        {
            f"assign{made.pk}-responsible": str(outsider.pk),
            f"assign{made.pk}-version": str(version_of(client_record)),
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.is_unassigned


def test_an_assigned_step_is_not_reassigned_through_the_open_list(
    client_record, coordinator, municipality
):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    with pytest.raises(ValidationError):
        services.assign_step(
            step=made,
            by=coordinator,
            expected_version=version_of(client_record),
            responsible=coordinator,
        )


def test_api_pdf_and_portal_say_who_and_which_service(
    http, client_record, coordinator, municipality, catalogue
):
    made = _open_step(client_record, coordinator, municipality)
    services.update_step(
        step=made, by=coordinator, expected_version=version_of(client_record), service=_trial()
    )
    data = http.get(f"/api/v1/clients/{client_record.pk}/plan/").json()
    row = data["goals"][0]["steps"][0]
    assert row["responsible"] is None and row["responsible_is_client"] is False
    assert row["organisation"] == municipality.name
    assert row["service"] == {"id": _trial().pk, "slug": "tyokokeilu", "name": "Work trial"}
    assert row["service_name"] == ""

    context = {**selectors.printable_plan(client_record), "today": timezone.localdate()}
    with translation.override("sv"):
        printed = render_to_string("plans/plan_print.html", context)
    assert "Arbetsprövning" in printed and municipality.name in printed


def test_the_demo_links_its_free_text_services_to_the_map(client_record, coordinator, catalogue):
    from polku.demo.builders import plans as demo

    made_goal = goal(client_record, coordinator)
    made = step(made_goal, coordinator, client_record, service_name="Kuntosaliryhmä")
    Step.objects.filter(pk=made.pk).update(service_name="Kuntouttava työtoiminta")
    kept = step(made_goal, coordinator, client_record, service_name="Velkaneuvonta")
    demo.build(seed=1)
    made.refresh_from_db()
    kept.refresh_from_db()
    assert made.service_id == Service.objects.get(slug="kuntouttava-tyotoiminta").pk
    assert kept.service_id is None and kept.service_name == "Velkaneuvonta"
    assert demo.summary() == "Plan steps: 1 of 2 point to an entry of the map."
