"""Opening the seed's benefit knot in one meeting, in a real browser, in Finnish.

The knot client of seed 000: four pending Kela applications — the sickness allowance waits for
further information (a pay certificate), the housing allowance waits for the sickness
allowance's decision, the rehabilitation allowance and yleistuki wait for each other — and no
online credentials, so the client cannot read Kela's requests. The coordinator sees the knot
with its deadlock and the order that opens it, starts "open the knot" in the meeting, hands the
pay certificate over at the table, agrees the client's own task, records the two decisions the
Kela expert makes at the table (each settles what waited for it), and reads the client's
plain-language summary: nothing in it contradicts itself. Every page is checked with axe-core
(check_page)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from polku.catalogue.models import Service
from polku.knots import indicators, services
from polku.knots.models import Blocker
from tests.knots.conftest import story  # noqa: F401 - the seeds' story, as a fixture
from tests.knots.factories import catalogue_service
from tests.meetings.helpers import plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _decide(page, check_page, knot_url, application, walk_url):
    """The Kela expert's decision, recorded on the knot page through the row's compact status
    control; then back to the walk."""
    page.goto(knot_url)
    row = page.locator(f"#application-{application.pk}")
    row.locator("summary").click()
    row.locator(f"#id_s{application.pk}-status").select_option("decided_granted")
    check_page()
    row.locator("button[type=submit]").click()
    expect(page.locator(f"#application-{application.pk}")).to_contain_text("Päätetty: myönnetty")
    check_page()
    page.goto(walk_url)
    check_page()


def test_the_seeds_knot_is_opened_in_one_meeting(
    page,
    check_page,
    sign_in,
    screenshot,
    coordinator,
    client_record,
    story,  # noqa: F811
):
    client_record.has_online_credentials = False
    client_record.can_read_kela_messages = False
    client_record.save()
    sickness, housing = story["sickness"], story["housing"]
    rehab = Blocker.objects.get(application__service__name_fi="Kuntoutusraha").application
    services.add_blocker(
        application=sickness,
        kind="client_action",
        by=coordinator,
        what="Pankkitunnukset Kelan viestien lukemiseen",
        owner_is_client=True,
    )
    # as in the catalogue: no published target for the sickness allowance and yleistuki; Kela's
    # longest published target (rehabilitation decisions, 35 days) is the stated yardstick
    Service.objects.filter(name_fi__in=["Sairauspäiväraha", "Yleistuki"]).update(
        processing_time_days=None, processing_time_source=""
    )
    catalogue_service("kuntoutusratkaisut", days=35, name="Kuntoutusratkaisut")
    meeting = plan(client_record, coordinator)
    sign_in(coordinator)

    # the knot: the deadlock named, the order that opens it, the digital-access flag
    knot_url = f"/clients/{client_record.pk}/knot/"
    page.goto(knot_url)
    expect(page.locator("h1")).to_contain_text("Etuussolmu")
    deadlock = page.locator("section[aria-labelledby=deadlock-heading] li").first
    expect(deadlock).to_contain_text("Kuntoutusraha")
    expect(deadlock).to_contain_text("Yleistuki")
    first_row = page.locator("section[aria-labelledby=order-heading] tbody tr").first
    expect(first_row).to_contain_text("Palkkatodistus")
    expect(page.get_by_role("note").first).to_contain_text("Kelan viestejä")
    expect(page.locator("figure.knot-graph svg")).to_be_visible()
    # the applications table reads as a table: one line a row, the status change folded away
    rows = page.locator("table.knot-applications tbody tr")
    expect(rows).to_have_count(4)
    for n in range(4):
        assert rows.nth(n).bounding_box()["height"] < 100
    expect(page.locator("table.knot-applications form").first).to_be_hidden()
    sickness_row = page.locator(f"#application-{sickness.pk}")
    expect(sickness_row).to_contain_text("Ei tiedossa.")
    expect(sickness_row).to_contain_text("35 päivää (Kuntoutusratkaisut)")
    expect(sickness_row).to_contain_text("yli vertailuajan")
    expect(page.locator("section[aria-labelledby=apps-heading]")).to_contain_text(
        "Sairauspäiväraha (40 päivää; tavoiteaika ei tiedossa, vertailuaika 35 päivää)"
    )
    screenshot("knot-page")
    check_page()

    # the meeting: start opening the knot
    base = f"/clients/{client_record.pk}/meetings/{meeting.pk}/"
    walk_url = f"{base}knot/"
    page.goto(base)
    expect(page.locator("main")).to_contain_text("Aloita solmun avaaminen")
    check_page()
    page.locator(f"form[action='{base}knot/start/'] button").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(walk_url)}$"))
    expect(page.locator("h1")).to_contain_text("Solmun avaaminen")
    open_now = page.get_by_test_id("open-now")
    expect(open_now).to_have_text("5")
    expect(page.locator("#step-heading")).to_contain_text("1")
    expect(page.locator("#step-heading ~ p").first).to_contain_text("Palkkatodistus")
    # the agreement is prefilled with what must be done, not with the blocker's type
    expect(page.locator("#id_agreement-what")).to_have_value(
        "Toimita lisäselvitys Kelalle: Palkkatodistus (hakemus: Sairauspäiväraha)"
    )
    check_page()

    # 1. the pay certificate is handed over at the table
    page.locator("button[name=decision][value=resolved]").click()
    expect(open_now).to_have_text("4")
    check_page()

    # 2. the client's own task: online credentials, with a date
    expect(page.locator("#id_agreement-what")).to_have_value(
        "Pankkitunnukset Kelan viestien lukemiseen"
    )
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    page.locator("#id_agreement-what").fill("Hankin verkkopankkitunnukset pankista")
    page.locator("#id_agreement-owner").select_option("client")
    page.locator("#id_agreement-due_on").fill(due)
    page.locator("button[name=decision][value=agree]").click()
    expect(page.locator("section[aria-labelledby=done-heading] tbody tr")).to_have_count(2)
    check_page()

    # 3. the housing allowance waits for the sickness allowance: Kela decides it at the table
    expect(page.locator("#id_agreement-what")).to_have_value(
        "Pyydä Kelaa ratkaisemaan ensin: Sairauspäiväraha (sitä odottaa Asumistuki)"
    )
    expect(page.get_by_role("link", name="Kirjaa päätös: Sairauspäiväraha")).to_have_attribute(
        "href", f"{knot_url}#application-{sickness.pk}"
    )
    screenshot("knot-walk")
    _decide(page, check_page, knot_url, sickness, walk_url)
    expect(open_now).to_have_text("2")  # the housing allowance no longer waits
    expect(page.locator("section[aria-labelledby=done-heading] tbody tr")).to_have_count(3)

    # 4. the deadlock: the rehabilitation allowance is decided first, yleistuki is freed
    expect(page.locator("[role=note]").first).to_contain_text("lukkiutuma")
    _decide(page, check_page, knot_url, rehab, walk_url)
    expect(open_now).to_have_text("0")
    expect(page.locator("main")).to_contain_text("Jokainen este on käsitelty.")
    expect(page.locator("section[aria-labelledby=done-heading] tbody tr")).to_have_count(5)
    check_page()

    page.locator(f"form[action='{base}knot/finish/'] button").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(base)}knot/summary/$"))
    main = page.locator("main")
    day = timezone.localdate()
    decided = f"Päätös on tehty. Hakemus hyväksyttiin {day.day}.{day.month}.{day.year}."
    for sentence in (
        f"Sairauspäiväraha: {decided}",
        f"Kuntoutusraha: {decided}",
        "Asumistuki: Tämä hakemus ei enää odota toisen hakemuksen päätöstä: Sairauspäiväraha.",
        "Yleistuki: Tämä hakemus ei enää odota toisen hakemuksen päätöstä: Kuntoutusraha.",
        "Hankin verkkopankkitunnukset pankista",
        "Yleistuki: Hakemus on käsittelyssä. Sinulta ei puutu mitään.",
        "Asumistuki: Hakemus on käsittelyssä. Sinulta ei puutu mitään.",
    ):
        expect(main).to_contain_text(sentence)
    expect(main).not_to_contain_text("odottaa ensin toisen hakemuksen päätöstä")
    expect(main).not_to_contain_text("vyyhti")
    screenshot("knot-summary")
    check_page()

    # the meeting page and the research figure: opened in one meeting
    page.goto(base)
    expect(page.locator("main")).to_contain_text("Solmu avattiin tässä tapaamisessa.")
    check_page()
    today = timezone.localdate()
    figures = indicators.figures(today - dt.timedelta(days=1), today)
    assert figures["knots_opened_in_one_meeting"] == 1
    housing.refresh_from_db()
    assert housing.is_open  # decided later, by Kela; nothing holds it up now
    assert not Blocker.objects.filter(resolved_at__isnull=True).exists()
