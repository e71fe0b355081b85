"""Every word a user sees is in their language: the main pages walked in a real browser with
the interface in Finnish (and in Swedish), on demo-like data (polku.demo at a small size),
failing on ISO dates, the rules engine's code names and English words in the visible text
(tests/visible_language.py), with the page and the offending text.

The walk: sign in as a coordinator — my clients, the client page, the worklist, the map, the
search and several service pages, the route plan with every euro's explanation opened, the
facts, the knot, the plan and the path, the meetings and a held meeting, the assessments, the
screening list — as a service manager the team view and the research dashboard, as Kela's
special-services worker the referral queue and a referral, and as the client the portal's
pages. Every page is checked with axe-core too (tests/browser/conftest.py)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from polku.accounts.models import User
from polku.clients.models import Client, NetworkMember
from polku.demo import generator
from polku.knots.models import Application
from polku.meetings.models import Meeting, MeetingStatus
from polku.portal import services as portal
from polku.referrals.models import Referral
from polku.route_plans.models import ClientFacts
from tests.browser.conftest import PASSWORD, SCREENSHOTS
from tests.visible_language import findings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERVICE_PAGES = (
    "yleistuki",
    "tyomarkkinatuki",
    "kuntoutusraha",
    "kelan-sairauspaivaraha",
    "tyokokeilu",
    "kulukorvaus",
    "palkkatuki",
    "turvakoti",
)
VISIBLE_TEXT = """() => {
    const parts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll("[aria-label], [alt], [title], [placeholder]")) {
        if (el.closest("[hidden], [aria-hidden=true]")) continue;
        for (const name of ["aria-label", "alt", "title", "placeholder"]) {
            if (el.getAttribute(name)) parts.push(el.getAttribute(name));
        }
    }
    return parts.join("\\n");
}"""


def _story_client() -> tuple[Client, User]:
    """The demo client with the most to show: a knot, a plan, held meetings, assessments and
    the route plan's facts; and their coordinator."""
    with_knot = set(Application.objects.values_list("client_id", flat=True))
    with_facts = set(ClientFacts.objects.values_list("client_id", flat=True))
    held = set(
        Meeting.objects.filter(status=MeetingStatus.CLOSED).values_list("client_id", flat=True)
    )
    candidates = (
        Client.objects.filter(pk__in=with_knot & with_facts & held, status="active")
        .exclude(plan__isnull=True)
        .exclude(assessments__isnull=True)
        .order_by("pk")
    )
    client = candidates.first()
    assert client is not None, "the demo has no client with a knot, plan, meetings and facts"
    member = (
        NetworkMember.objects.active()
        .select_related("professional")
        .get(client=client, role="coordinator")
    )
    return client, member.professional


def _password(username: str) -> User:
    user = User.objects.get(username=username)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def demo():
    assert generator.load_demo(clients=80, seed=15) is not None


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_main_pages_speak_the_readers_language(
    page, check_page, sign_in, screenshot, live_server, demo, language
):
    client, coordinator = _story_client()
    client.preferred_language = language
    client.save(update_fields=["preferred_language"])
    coordinator.set_password(PASSWORD)
    coordinator.save(update_fields=["password"])
    # Proper names on the pages that read as English words in a word list.
    allow = ("Lakeuden Työttömät ry",)
    found: list[str] = []

    def visit(path: str, *, expand: bool = False, timeout: float | None = None) -> None:
        page.goto(path, timeout=timeout)
        expect(page.locator("html")).to_have_attribute("lang", language)
        if expand:  # every euro's explanation and every other disclosure opened
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        check_page()
        text = page.evaluate(VISIBLE_TEXT)
        found.extend(f"{path}: {problem}" for problem in findings(text, language, allow=allow))

    def sign_in_as(user, lands_on: str = "/") -> None:
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        sign_in(user, lands_on)

    sign_in_as(coordinator)
    base = f"/clients/{client.pk}"
    held = Meeting.objects.filter(client=client, status=MeetingStatus.CLOSED).latest("starts_at")
    assessment = client.assessments.order_by("-pk").first()
    for path in (
        "/",
        f"{base}/",
        "/worklist/",
        "/map/",
        "/map/services/",
        "/map/services/?q=kuntoutus",
        *(f"/map/services/{slug}/" for slug in SERVICE_PAGES),
        f"{base}/routes/facts/",
        f"{base}/knot/",
        f"{base}/plan/",
        f"{base}/path/",
        f"{base}/meetings/",
        f"{base}/meetings/{held.pk}/",
        f"{base}/meetings/new/",
        f"{base}/assessments/",
        f"{base}/assessments/{assessment.pk}/",
        "/routes/screening/",
    ):
        visit(path)
    visit(f"{base}/routes/", expand=True)
    # each explanation is written once per route, under its table
    explained = page.locator("section.routes-explained:has(.routes-parameters)").first
    expect(explained).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    explained.screenshot(path=str(SCREENSHOTS / f"words-{language}-euro.png"))
    visit("/map/services/tyomarkkinatuki/")
    screenshot(f"words-{language}-service")

    sign_in_as(_password("palveluesimies"), lands_on="/team/")
    visit("/team/")
    visit("/research/", timeout=60_000)  # the indicators are computed on the first view

    sign_in_as(_password("kela.erityis"))
    visit("/referrals/queue/")
    referral = Referral.objects.order_by("pk").first()
    visit(f"/referrals/queue/{referral.pk}/")

    page.context.clear_cookies()
    code = portal.create_code(client=client, by=coordinator)
    page.goto("/portal/sign-in/")
    check_page()
    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/portal/$"))
    for path in (
        "/portal/",
        "/portal/plan/",
        "/portal/applications/",
        "/portal/consents/",
        "/portal/who-looked/",
        "/portal/referrals/",
        "/portal/council/",
    ):
        visit(path)

    assert not found, f"{len(found)} findings on the {language} pages:\n" + "\n".join(found)
