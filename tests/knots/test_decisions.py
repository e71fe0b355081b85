"""A decision settles what waited for it — in the model, the walk, the client's summary, the
page, the API, the scan and the research indicators; and a benefit without a known target
processing time is still flagged after a long wait, against a stated, sourced yardstick."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from polku.audit.models import AuditEvent
from polku.knots import indicators, plain, scan, selectors, services
from polku.knots import opening as knot_opening
from polku.knots.models import Blocker, KnotOpening, StepOutcome
from tests.knots.factories import application, catalogue_service
from tests.meetings.helpers import plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(client_record, coordinator, story):
    """The seed's knot client: four pending applications, one waiting for another's decision,
    one for further information, two for each other; no online credentials."""
    client_record.has_online_credentials = False
    client_record.can_read_kela_messages = False
    client_record.save()
    applications = {a.service.name_fi: a for a in selectors.knot(client_record).applications}
    return applications


def _walk(client_record, coordinator):
    return knot_opening.start(meeting=plan(client_record, coordinator), by=coordinator)


def test_a_decision_resolves_the_blockers_that_waited_for_it(client_record, coordinator, seed):
    rehab, unemployment = seed["Kuntoutusraha"], seed["Yleistuki"]
    services.set_status(application=rehab, status="decided_granted", by=coordinator)
    waited = Blocker.objects.get(application=unemployment, waits_for=rehab)
    own = Blocker.objects.get(application=rehab, waits_for=unemployment)
    assert waited.resolved_at is not None and waited.resolved_by_id == coordinator.pk
    assert own.resolved_at is not None  # a decided application waits for nothing
    assert AuditEvent.objects.filter(target=f"blocker:{waited.pk}").exists()
    knot = selectors.knot(client_record)
    assert knot.result.deadlocks == []
    assert {b.pk for b in knot.open_blockers} == set(
        Blocker.objects.filter(
            application__service__name_fi__in=["Sairauspäiväraha", "Asumistuki"]
        ).values_list("pk", flat=True)
    )
    # withdrawing an application settles what waited for it, too
    services.set_status(application=seed["Sairauspäiväraha"], status="withdrawn", by=coordinator)
    assert not Blocker.objects.filter(resolved_at__isnull=True).exists()


def test_the_walk_counts_a_decision_made_at_the_table(client_record, coordinator, seed):
    """The seed: the pay certificate is handed over, the sickness allowance and the
    rehabilitation allowance are decided at the table — every blocker is settled and the
    knot counts as opened in one meeting; the scan and the indicators agree."""
    opening = _walk(client_record, coordinator)
    assert (opening.blockers_at_start, opening.deadlocks_at_start) == (4, 1)
    step = knot_opening.current_step(opening)
    assert step.blocker.what == "Palkkatodistus"
    knot_opening.resolve_step(opening=opening, step_id=step.pk, by=coordinator)
    services.set_status(
        application=seed["Sairauspäiväraha"], status="decided_granted", by=coordinator
    )
    services.set_status(application=seed["Kuntoutusraha"], status="decided_granted", by=coordinator)
    assert knot_opening.current_step(opening) is None  # nothing left to walk
    finished = knot_opening.finish(opening=opening, by=coordinator)
    outcomes = list(finished.steps.values_list("outcome", flat=True))
    assert outcomes == [StepOutcome.RESOLVED] * 4
    assert knot_opening.opened_in_one_meeting(finished, outcomes)
    found = scan.scan()
    assert (found.open_blockers, found.deadlocked) == (0, [])
    today = timezone.localdate()
    figures = indicators.figures(today - dt.timedelta(days=1), today)
    assert figures["knots_opened_in_one_meeting"] == 1
    assert figures["knots_opened_in_one_meeting_share"] == 1.0


def test_the_summary_never_says_a_decision_is_still_awaited(client_record, coordinator, seed):
    opening = _walk(client_record, coordinator)
    services.set_status(application=seed["Kuntoutusraha"], status="decided_granted", by=coordinator)
    with translation.override("fi"):
        summary = plain.summary(KnotOpening.objects.select_related("client").get(pk=opening.pk))
        decided = [(a.service.name_fi, words) for a, words in summary.decisions]
        cleared = [(a.service.name_fi, words) for a, words in summary.cleared]
        pending = {p.application.service.name_fi: p.reasons for p in summary.pending}
    day = timezone.localdate()
    assert decided == [("Kuntoutusraha", f"Hakemus hyväksyttiin {day.day}.{day.month}.{day.year}.")]
    assert cleared == [
        (
            "Yleistuki",
            "Tämä hakemus ei enää odota toisen hakemuksen päätöstä: Kuntoutusraha.",
        )
    ]
    assert pending["Yleistuki"] == []
    assert not any("Kuntoutusraha" in reason for reasons in pending.values() for reason in reasons)


def test_the_rendered_summary_reads_in_plain_finnish(signed_in, client_record, coordinator, seed):
    """The seed's situation after the meeting, as the client reads it: short sentences,
    "sinä", everyday words, names in their base form."""
    opening = _walk(client_record, coordinator)
    step = knot_opening.current_step(opening)
    knot_opening.agree_step(
        opening=opening,
        step_id=step.pk,
        by=coordinator,
        what="Pyydä palkkatodistus entiseltä työnantajalta",
        due_on=timezone.localdate() + dt.timedelta(days=7),
        owner_is_client=True,
    )
    services.set_status(application=seed["Kuntoutusraha"], status="decided_granted", by=coordinator)
    knot_opening.finish(opening=opening, by=coordinator)
    page = signed_in.get(
        f"/clients/{client_record.pk}/meetings/{opening.meeting_id}/knot/summary/"
    ).content.decode()
    main = page[page.index("<main") :]
    day = timezone.localdate()
    for sentence in (
        f"Hei {client_record.first_names}! Tässä on yhteenveto tapaamisestamme",
        "<strong>Kuntoutusraha</strong>: Päätös on tehty. Hakemus hyväksyttiin "
        f"{day.day}.{day.month}.{day.year}.",
        "<strong>Yleistuki</strong>: Tämä hakemus ei enää odota toisen hakemuksen päätöstä: "
        "Kuntoutusraha.",
        "Mitä sinun pitää tehdä",
        "Pyydä palkkatodistus entiseltä työnantajalta",
        "Hanki verkkopankkitunnukset. Silloin voit lukea Kelan viestejä.",
        "Nämä hakemukset odottavat vielä",
        "<strong>Sairauspäiväraha</strong>: Hakemukseen tarvitaan lisää tietoa: Palkkatodistus. "
        "Työnantaja antaa tiedon.",
        "<strong>Asumistuki</strong>: Tämä hakemus odottaa ensin toisen hakemuksen päätöstä: "
        "Sairauspäiväraha.",
        "<strong>Yleistuki</strong>: Hakemus on käsittelyssä. Sinulta ei puutu mitään.",
    ):
        assert sentence in main, sentence
    for unplain in ("taholta", "pysäytä sitä", "päätöstä hakemukseen", "vyyhti", " — "):
        assert unplain not in main, unplain


def test_the_page_records_a_decision_and_the_wait_is_gone(signed_in, client_record, seed):
    rehab = seed["Kuntoutusraha"]
    url = f"/clients/{client_record.pk}/knot/"
    before = signed_in.get(url).content.decode()
    assert 'id="deadlock-heading"' in before
    assert '<details class="row-action">' in before  # the status change behind a disclosure
    response = signed_in.post(
        f"{url}applications/{rehab.pk}/status/", {f"s{rehab.pk}-status": "decided_granted"}
    )
    assert response.status_code == 302
    page = signed_in.get(url).content.decode()
    order = page[page.index('id="order-heading"') : page.index('id="apps-heading"')]
    assert 'id="deadlock-heading"' not in page
    assert "Kuntoutusraha" not in order and "Yleistuki" not in order
    meeting = plan(client_record, rehab.created_by)
    section = signed_in.get(f"/clients/{client_record.pk}/meetings/{meeting.pk}/").content.decode()
    assert "Asiakkaan hakemukset odottavat 2 asiaa." in section  # was 4: two settled


def test_the_api_shows_the_blocker_resolved(signed_in, client_record, seed):
    rehab = seed["Kuntoutusraha"]
    base = f"/api/v1/clients/{client_record.pk}/"
    response = signed_in.patch(
        f"{base}applications/{rehab.pk}/",
        {"status": "decided_partly_granted"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = signed_in.get(base + "knot/").json()
    waiting = [b for b in body["blockers"] if b["waits_for"] == rehab.pk]
    assert waiting and all(b["resolved"] for b in waiting)
    assert body["analysis"]["deadlocks"] == []
    assert all(row["application"] != str(rehab.pk) for row in body["analysis"]["order"])


def test_an_unknown_target_is_flagged_against_the_stated_yardstick(
    signed_in, client_record, coordinator
):
    """Sickness allowance and yleistuki have no published target in the catalogue: a wait of
    45 days is flagged against the longest target the same organisation publishes (35 days,
    with its source on that entry's page), and the page says which is which."""
    catalogue_service("rehab-solutions", days=35, name="Kuntoutusratkaisut")
    sickness = application(
        client_record, coordinator, slug="sickness", name="Sairauspäiväraha", days=None, days_ago=45
    )
    application(
        client_record, coordinator, slug="general", name="Yleistuki", days=None, days_ago=20
    )
    knot = selectors.knot(client_record)
    assert knot.result.overdue == [
        {
            "application": str(sickness.pk),
            "waited_days": 45,
            "expected_days": 35,
            "basis": "fallback",
        }
    ]
    page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
    assert page.count("Ei tiedossa.") == 2
    assert (
        "Pitkää odotusta verrataan saman toimijan pisimpään julkaistuun tavoiteaikaan "
        "samanlajisille (etuus): 35 päivää (Kuntoutusratkaisut)."
    ) in page
    assert "45 päivää; tavoiteaika ei tiedossa, vertailuaika 35 päivää" in page
    body = signed_in.get(f"/api/v1/clients/{client_record.pk}/knot/").json()
    assert {a["processing_fallback_days"] for a in body["applications"]} == {35}
    assert body["analysis"]["overdue"][0]["basis"] == "fallback"
    assert scan.scan().overdue == [client_record.pk]


def test_the_yardstick_is_of_the_same_kind(signed_in, client_record, coordinator):
    """The sickness allowance (a benefit) is never measured against the same provider's
    rehabilitation decision (Kelan ammatillinen kuntoutus, 35 days): only against its
    benefits; with no benefit's target published, there is no yardstick at all."""
    rehabilitation = catalogue_service("ammatillinen", days=35, name="Ammatillinen kuntoutus")
    rehabilitation.kind = "rehabilitation"
    rehabilitation.save()
    sickness = application(
        client_record, coordinator, slug="sickness", name="Sairauspäiväraha", days=None, days_ago=45
    )
    assert sickness.service.kind == "benefit"
    assert sickness.service.provider_id == rehabilitation.provider_id
    knot = selectors.knot(client_record)
    assert knot.fallbacks == {} and knot.result.overdue == []
    page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
    assert "Pitkää odotusta verrataan" not in page
    assert scan.scan().overdue == []
    catalogue_service("kuntoutusraha", days=21, name="Kuntoutusraha")  # a benefit: like
    knot = selectors.knot(client_record)
    assert knot.fallbacks[sickness.pk].service.slug == "kuntoutusraha"
    assert knot.result.overdue[0]["expected_days"] == 21


def test_no_yardstick_is_said_on_the_page(signed_in, client_record, coordinator):
    application(client_record, coordinator, slug="alone", name="Palvelu", days=None, days_ago=99)
    Service = type(selectors.knot(client_record).applications[0].service)
    Service.objects.filter(slug="alone").update(processing_time_source="")
    page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
    assert "Julkaistua vertailuaikaa ei ole, joten pitkää odotusta ei merkitä." in page


def test_the_migration_settles_blockers_left_open_before(client_record, coordinator, seed):
    """Data recorded before decisions settled their blockers: the migration resolves the
    waits for decisions already made and the blockers of decided applications, and a walk
    under way counts them as resolved at the table."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("polku.knots.migrations.0003_settle_blockers_of_decisions")
    opening = _walk(client_record, coordinator)
    rehab = seed["Kuntoutusraha"]
    type(rehab).objects.filter(pk=rehab.pk).update(
        status="decided_granted", decision_date=timezone.localdate()
    )  # as before: the status changed, the blockers left open
    migration.settle(apps, None)
    still_open = set(Blocker.objects.filter(resolved_at__isnull=True).values_list("pk", flat=True))
    assert still_open == set(
        Blocker.objects.filter(
            application__service__name_fi__in=["Sairauspäiväraha", "Asumistuki"]
        ).values_list("pk", flat=True)
    )
    resolved_steps = opening.steps.filter(outcome=StepOutcome.RESOLVED)
    assert {s.blocker.application.service.name_fi for s in resolved_steps} == {
        "Kuntoutusraha",
        "Yleistuki",
    }
