"""The client portal in a real browser on a phone screen (390 × 844), in Finnish and in
Swedish (seeds 000, 003): sign in with the code the coordinator gave, open the compact menu
from the keyboard, read the next meeting and fetch its calendar file, read the plan and the
applications (one with further information requested: the task is stated), withdraw a
consent after the confirmation that says what stops, answer the feedback on a meeting, see
who has looked as a log grouped by day and visit in words, and write a council proposal that
waits for moderation. Every page is checked with axe-core (check_page) and must not scroll
sideways on the phone."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from polku.audit.models import Action
from polku.audit.services import record
from polku.clients.models import Consent
from polku.knots import services as knots
from polku.meetings import services as meetings
from polku.plans.models import Goal, Plan, Step
from polku.portal import services
from polku.portal.models import Feedback, Proposal, ProposalStatus
from tests.knots.factories import application
from tests.meetings.helpers import complete, plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
WORDS = {
    "fi": {
        "menu": "Valikko",
        "task": "Mitä sinun pitää tehdä:",
        "asked": "pyytää sinulta lisää tietoja",
        "stops": "Mikä loppuu",
        "purpose": "Monialainen palvelujen yhteensovittaminen ja suunnittelu",
        "plan_seen": "Suunnitelmasi: katsoi",
        "folded": "(5 kertaa)",
        "waiting": "Odottaa tarkistusta",
        "who_sees": "Kuka sen näkee",
    },
    "sv": {
        "menu": "Meny",
        "task": "Det här behöver du göra:",
        "asked": "vill ha mer information av dig",
        "stops": "Vad som slutar",
        "purpose": "Sektorsövergripande samordning och planering av tjänster",
        "plan_seen": "Din plan: tittade",
        "folded": "(5 gånger)",
        "waiting": "Väntar på granskning",
        "who_sees": "Vem som ser det",
    },
}


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_client_on_a_phone(
    page, check_page, screenshot, language, client_record, coordinator, kela
):
    words = WORDS[language]
    client_record.preferred_language = language
    client_record.save()
    own_plan = Plan.objects.create(client=client_record, created_by=coordinator)
    goal = Goal.objects.create(plan=own_plan, text="Työkokeilu kahvilassa", created_by=coordinator)
    Step.objects.create(
        goal=goal,
        what="Työkokeilun aloituspalaveri",
        responsible=coordinator,
        target_date=timezone.localdate() + dt.timedelta(days=10),
        created_by=coordinator,
    )
    held = plan(
        client_record,
        coordinator,
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=2),
    )
    complete(held, coordinator)
    meetings.close_meeting(meeting=held, by=coordinator)
    upcoming = plan(client_record, coordinator)
    asked = application(client_record, coordinator, slug="ttt", name="Työttömyysturva")
    knots.set_status(application=asked, status="further_information_requested", by=coordinator)
    for _ in range(5):  # a worklist opened five times: one line in the log
        record(actor=coordinator, action=Action.LIST, client=client_record, target="client_list")
    record(
        actor=coordinator,
        action=Action.VIEW,
        client=client_record,
        target="plan",
        purpose="coordination,benefits",
    )
    code = services.create_code(client=client_record, by=coordinator)
    page.set_viewport_size(PHONE)

    page.goto("/portal/sign-in/")
    check_page()
    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    main = page.locator("main")
    expect(main).to_contain_text(coordinator.get_full_name())
    check_page()
    _no_sideways_scroll(page)

    # The menu is one button; the first screen shows the page, not the menu.
    menu = page.locator("summary.portal-menu__button")
    expect(menu).to_have_text(words["menu"])
    expect(page.locator("nav.portal-nav a").first).to_be_hidden()
    assert page.locator("main h1").bounding_box()["y"] < PHONE["height"] / 3
    screenshot(f"portal-home-{language}")

    def go(href: str) -> None:
        """Open the menu from the keyboard and follow a link."""
        page.locator("summary.portal-menu__button").focus()
        page.keyboard.press("Enter")
        link = page.locator(f"nav.portal-nav a[href='{href}']")
        expect(link).to_be_visible()
        link.click()
        expect(page).to_have_url(re.compile(re.escape(href) + r"(\?.*)?$"))

    # The next meeting and its calendar file.
    calendar = page.locator(f"main a[href='/portal/meetings/{upcoming.pk}/calendar.ics']")
    expect(calendar).to_be_visible()
    ics = page.request.get(calendar.get_attribute("href"))
    assert ics.ok and ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics.text()

    go("/portal/plan/")
    expect(main).to_contain_text("Työkokeilu kahvilassa")
    expect(main).to_contain_text("Työkokeilun aloituspalaveri")
    check_page()

    go("/portal/applications/")
    card = page.locator("main li.card[data-task='send_information']")
    expect(card).to_contain_text("Työttömyysturva")
    expect(card).to_contain_text(words["task"])
    expect(card).to_contain_text(words["asked"])
    check_page()
    screenshot(f"portal-applications-{language}")
    _no_sideways_scroll(page)

    go("/portal/consents/")
    check_page()
    consent = Consent.objects.get(client=client_record, withdrawn_at__isnull=True)
    page.locator(f"main a[href='/portal/consents/{consent.pk}/withdraw/']").click()
    expect(main).to_contain_text(words["stops"])
    for organisation in consent.organisations.all():
        expect(page.locator("main .withdraw-organisations")).to_contain_text(organisation.name)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None  # asking is not withdrawing
    check_page()
    screenshot(f"portal-consent-withdraw-{language}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("main a[href$='/withdraw/']")).to_have_count(0)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    check_page()

    go("/portal/feedback/")
    form = page.locator("main form").first
    form.locator("input[value=yes]").check()
    form.locator("input[name$='-heard'][value='5']").check()
    form.locator("input[name$='-overall'][value='4']").check()
    check_page()
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    check_page()
    answer = Feedback.objects.get()
    assert answer.client is None and (answer.heard, answer.overall) == (5, 4)

    go("/portal/who-looked/")
    visit = page.locator("main .disclosure-visit").first
    expect(page.locator("main .disclosure-day h2").first).to_be_visible()
    expect(visit).to_contain_text(coordinator.get_full_name())
    expect(visit).to_contain_text(coordinator.organisation.name)
    expect(visit).to_contain_text(words["plan_seen"])
    expect(visit).to_contain_text(words["folded"])
    expect(visit).to_contain_text(words["purpose"])
    expect(main).not_to_contain_text("coordination,benefits")
    expect(page.locator("main table")).to_have_count(0)  # cards, readable on a phone
    box = visit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    check_page()
    _no_sideways_scroll(page)
    screenshot(f"portal-who-looked-{language}")

    go("/portal/council/")
    page.locator("main textarea").fill("Iltavastaanotto kerran viikossa")
    page.locator("main form[aria-labelledby='propose-heading'] button[type=submit]").click()
    expect(main).to_contain_text(words["who_sees"])
    assert not Proposal.objects.exists()  # nothing is sent before the writer confirms
    check_page()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    own = page.locator("main li.card[data-status='pending']")
    expect(own).to_contain_text("Iltavastaanotto kerran viikossa")
    expect(own).to_contain_text(words["waiting"])
    assert Proposal.objects.get().status == ProposalStatus.PENDING
    check_page()
    screenshot(f"portal-council-{language}")
    _no_sideways_scroll(page)
