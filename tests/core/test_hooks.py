"""The extension contract (polku.core.hooks): every app's hooks.py is found once by
autodiscover_modules("hooks") at start-up and fills the named hooks in INSTALLED_APPS order;
no AppConfig.ready() wires a section; the pages show the contributed sections in the order
they had when each app registered them by hand."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from polku.core import hooks
from polku.core.navigation import NavItem
from polku.knots import services as knots
from polku.portal.models import Contribution
from tests.conftest import login
from tests.knots.factories import application
from tests.meetings.helpers import plan

EXPECTED = {
    "client_sections": [
        "polku.access.policy.overview_section",
        "polku.assessment.hooks.client_section",
        "polku.plans.hooks.plan_section",
        "polku.meetings.hooks.client_section",
        "polku.handover.hooks.client_section",
        "polku.route_plans.hooks.client_section",
        "polku.knots.hooks.client_section",
        "polku.portal.hooks.client_section",
        "polku.research.hooks.client_section",
    ],
    "client_timeline": [
        "polku.assessment.hooks.timeline_events",
        "polku.plans.hooks.plan_events",
        "polku.meetings.hooks.timeline_events",
        "polku.handover.hooks.timeline_events",
        "polku.knots.hooks.timeline_events",
        "polku.referrals.hooks.timeline_events",
    ],
    "meeting_sections": ["polku.knots.hooks.meeting_section", "polku.portal.hooks.meeting_section"],
    "worklist_sections": ["polku.referrals.hooks.worklist_section"],
}


def _names(hook: hooks.Hook) -> list[str]:
    return [f"{item.__module__}.{item.__qualname__}" for item in hook.items()]


def _known(found: list[str], expected: list[str]) -> list[str]:
    """`found` without the items added since (a new capability may add its own)."""
    return [item for item in found if item in expected]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hook_holds_the_apps_contributions_in_their_order(name):
    assert _known(_names(getattr(hooks, name)), EXPECTED[name]) == EXPECTED[name]


def test_the_navigation_entries_keep_their_order():
    entries = sorted(hooks.navigation.items(), key=lambda i: (i.order, i.url_name))
    expected = [
        "clients:my_clients",
        "worklists:worklist",
        "worklists:team",
        "clients:new",
        "catalogue:map",
        "referrals:partner_list",
        "referrals:queue",
        "route_plans:screening",
        "portal:feedback_summary",
        "research:dashboard",
        "research:exports",
    ]
    assert _known([item.url_name for item in entries], expected) == expected


def test_a_hook_keeps_one_of_each_in_registration_order():
    hook: hooks.Hook[NavItem] = hooks.Hook("example")
    first, second = NavItem("a:b", "A"), NavItem("c:d", "C")
    assert hook.register(second) is second  # usable as a decorator
    hook.register(first)
    hook.register(second)
    assert hook.items() == (second, first)


def test_no_ready_method_wires_a_section_or_a_navigation_entry():
    root = Path(hooks.__file__).resolve().parents[1]
    for apps in sorted(root.glob("*/apps.py")):
        text = apps.read_text()
        if apps.parent.name == "core":
            assert 'autodiscover_modules("hooks")' in text
            continue
        assert "register(" not in text, apps
        assert "navigation" not in text and "sections" not in text, apps


@pytest.fixture
def http(client, coordinator):
    client.cookies.load({"django_language": "en"})
    return login(client, coordinator)


def _headings(page: str) -> list[str]:
    return re.findall(r'<h2 id="([^"]+)"', page)


@pytest.mark.django_db
def test_the_client_overview_shows_the_sections_in_their_order(http, client_record):
    page = http.get(reverse("clients:detail", args=[client_record.pk])).content.decode()
    assert _headings(page)[:8] == [
        "assessment-heading",
        "plan-heading",
        "meetings-heading",
        "handover-heading",
        "routes-heading",
        "knot-heading",
        "outcome-heading",
        "portal-heading",
    ]


@pytest.mark.django_db
def test_the_meeting_page_shows_the_knot_before_the_clients_topics(
    http, client_record, coordinator
):
    meeting = plan(client_record, coordinator)
    housing = application(client_record, coordinator, slug="at", name="Asumistuki")
    knots.add_blocker(
        application=housing, kind="further_information", by=coordinator, what="Vuokrasopimus"
    )
    Contribution.objects.create(
        client=client_record, kind="agenda_item", meeting=meeting, text="Asumistuen tilanne"
    )
    url = reverse(
        "meetings:detail", kwargs={"client_id": client_record.pk, "meeting_id": meeting.pk}
    )
    headings = _headings(http.get(url).content.decode())
    shown = [h for h in headings if h in ("knot-opening-heading", "client-topics-heading")]
    assert shown == ["knot-opening-heading", "client-topics-heading"]
