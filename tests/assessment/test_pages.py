"""Assessment pages: the form, the detail, the versions, the client overview section."""

import pytest
from django.utils import timezone

from polku.assessment import services
from polku.assessment.hooks import timeline_events
from polku.assessment.models import Assessment
from polku.core import hooks
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "assessed_on": timezone.localdate().strftime("%d.%m.%Y"),
        "work_ability_score": "4",
        "sickness_absence_days": "12",
        "health_functioning__client_status": "2",
        "health_functioning__professional_status": "1",
        "health_functioning__support_needed": "on",
        "health_functioning__client_view": "Väsyttää koko ajan.",
        "health_functioning__professional_view": "Terveystarkastus tarpeen.",
        "goals_dreams__client_view": "Haluan takaisin kaupan alalle.",
    }
    data.update(overrides)
    return data


def test_the_overview_invites_the_first_assessment(signed_in, client_record):
    page = signed_in.get(f"/clients/{client_record.pk}/").content.decode()
    assert f"/clients/{client_record.pk}/assessments/new/" in page
    assert 'id="assessment-heading"' in page


def test_the_form_shows_every_domain_with_both_views(signed_in, client_record):
    response = signed_in.get(f"/clients/{client_record.pk}/assessments/new/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("health_functioning", "goals_dreams", "digital_access", "strengths"):
        assert f'name="{name}__client_view"' in page
        assert f'name="{name}__professional_view"' in page
        assert f'name="{name}__client_status"' in page
    assert 'name="work_ability_score"' in page
    assert "style=" not in page


def test_saving_the_form_makes_a_version_and_signposts_appear_on_the_overview(
    signed_in, client_record
):
    response = signed_in.post(f"/clients/{client_record.pk}/assessments/new/", form_data())
    assessment = Assessment.objects.get(client=client_record)
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client_record.pk}/assessments/{assessment.pk}/"
    assert assessment.version == 1
    assert assessment.work_ability_score == 4

    page = signed_in.get(f"/clients/{client_record.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert 'data-signpost="low_work_ability"' in text
    assert 'data-signpost="serious_health_difficulty"' in text
    assert 'data-signpost="long_sickness_absence"' not in text
    assert "1326/2010" in text  # the suggested next step names the health check's source
    assert "Legal basis: Health Care Act (1326/2010), section 13" in text  # English style
    for language, cited in (
        ("fi", "Oikeusperusta: Terveydenhuoltolaki (1326/2010) 13 §"),
        ("sv", "Rättslig grund: Hälso- och sjukvårdslagen (1326/2010) 13 §"),
    ):
        page = signed_in.get(f"/clients/{client_record.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        assert cited in page.content.decode(), language


def test_a_drop_since_the_previous_version_is_signposted(signed_in, client_record, coordinator):
    services.record_assessment(
        client=client_record,
        by=coordinator,
        assessed_on=timezone.localdate(),
        work_ability_score=9,
        sickness_absence_days=None,
        domains={},
    )
    signed_in.post(
        f"/clients/{client_record.pk}/assessments/new/",
        form_data(work_ability_score="7", health_functioning__professional_status="3"),
    )
    text = signed_in.get(f"/clients/{client_record.pk}/").content.decode()
    assert 'data-signpost="work_ability_drop"' in text
    assert 'data-signpost="low_work_ability"' not in text


def test_no_signposts_for_a_good_situation(signed_in, client_record, coordinator):
    services.record_assessment(
        client=client_record,
        by=coordinator,
        assessed_on=timezone.localdate(),
        work_ability_score=8,
        sickness_absence_days=3,
        domains={"strengths": {"client_status": 4}},
    )
    text = signed_in.get(f"/clients/{client_record.pk}/").content.decode()
    assert "data-signpost=" not in text
    assert "8/10" in text


def test_bad_input_shows_the_error_summary_and_saves_nothing(signed_in, client_record):
    response = signed_in.post(
        f"/clients/{client_record.pk}/assessments/new/",
        form_data(
            assessed_on="31.2.2026",
            sickness_absence_days="-1",
            housing__client_view="<script>alert(1)</script>",
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert 'href="#id_housing__client_view"' in page
    assert 'href="#id_assessed_on"' in page
    assert 'href="#id_sickness_absence_days"' in page
    assert not Assessment.objects.exists()


def test_an_empty_assessment_is_refused_with_a_message(signed_in, client_record):
    response = signed_in.post(
        f"/clients/{client_record.pk}/assessments/new/",
        {"assessed_on": timezone.localdate().strftime("%d.%m.%Y")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_form_starts_from_the_previous_version(signed_in, client_record, coordinator):
    services.record_assessment(
        client=client_record,
        by=coordinator,
        assessed_on=timezone.localdate(),
        work_ability_score=6,
        sickness_absence_days=None,
        domains={"housing": {"client_view": "Asunto on liian kallis."}},
    )
    page = signed_in.get(f"/clients/{client_record.pk}/assessments/new/").content.decode()
    assert "Asunto on liian kallis." in page
    assert '<option value="6" selected>' in page


def test_detail_and_versions_show_the_changes(signed_in, client_record, coordinator):
    first = services.record_assessment(
        client=client_record,
        by=coordinator,
        assessed_on=timezone.localdate(),
        work_ability_score=6,
        sickness_absence_days=None,
        domains={"housing": {"client_status": 2, "client_view": "Asunto on liian kallis."}},
    )
    second = services.record_assessment(
        client=client_record,
        by=coordinator,
        assessed_on=timezone.localdate(),
        work_ability_score=8,
        sickness_absence_days=None,
        domains={"housing": {"client_status": 3}},
    )
    detail = signed_in.get(f"/clients/{client_record.pk}/assessments/{second.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "↑" in text
    assert f"/assessments/{first.pk}/" in text
    listing = signed_in.get(f"/clients/{client_record.pk}/assessments/").content.decode()
    assert "↑" in listing
    assert f"/assessments/{first.pk}/" in listing and f"/assessments/{second.pk}/" in listing
    first_page = signed_in.get(f"/clients/{client_record.pk}/assessments/{first.pk}/")
    assert "Asunto on liian kallis." in first_page.content.decode()


def test_another_clients_assessment_is_not_found(signed_in, client_record, coordinator):
    other = make_client(coordinator=coordinator, first_names="Eino")
    theirs = services.record_assessment(
        client=other,
        by=coordinator,
        assessed_on=timezone.localdate(),
        work_ability_score=6,
        sickness_absence_days=None,
        domains={},
    )
    response = signed_in.get(f"/clients/{client_record.pk}/assessments/{theirs.pk}/")
    assert response.status_code == 404


def test_each_assessment_is_a_happened_event_on_the_timeline(client_record, coordinator):
    assessment = services.record_assessment(
        client=client_record,
        by=coordinator,
        assessed_on=timezone.localdate(),
        work_ability_score=6,
        sickness_absence_days=None,
        domains={},
    )
    assert timeline_events in hooks.client_timeline.items()  # registered in assessment/hooks.py
    events = list(timeline_events(client_record))
    assert len(events) == 1
    assert events[0].state == "happened"
    assert events[0].day == assessment.assessed_on
    assert events[0].url == f"/clients/{client_record.pk}/assessments/{assessment.pk}/"


def test_a_warning_does_not_suggest_the_health_check_the_plan_has(
    signed_in, client_record, coordinator
):
    """Found in a walk (client 948): the health check was "Käynnissä" in the plan and the
    early warning still offered it, on the overview and on the coordinator's worklist."""
    from polku.plans.models import Goal, Plan, Step, StepStatus
    from polku.worklists import selectors as worklists

    services.record_assessment(
        client=client_record,
        by=coordinator,
        assessed_on=timezone.localdate(),
        work_ability_score=7,
        sickness_absence_days=None,
        domains={"health_functioning": {"client_status": 1, "support_needed": True}},
    )

    def shown():
        text = signed_in.get(f"/clients/{client_record.pk}/").content.decode()
        (row,) = worklists.work_ability_warnings(coordinator) or [{"signposts": []}]
        listed = {s.code for s in row["signposts"]}
        return 'data-signpost="serious_health_difficulty"' in text, listed

    assert shown() == (True, {"serious_health_difficulty"})
    own = Plan.objects.create(client=client_record, created_by=coordinator)
    goal = Goal.objects.create(plan=own, text="Jaksan töissä", created_by=coordinator)
    step = Step.objects.create(
        goal=goal,
        what="Terveystarkastus terveysasemalla",
        service_name="Työttömän terveystarkastus",
        responsible=coordinator,
        target_date=timezone.localdate(),
        status=StepStatus.IN_PROGRESS,
    )
    assert shown() == (False, set())
    step.status = StepStatus.CANCELLED  # a cancelled step does not answer the warning
    step.save()
    assert shown() == (True, {"serious_health_difficulty"})
