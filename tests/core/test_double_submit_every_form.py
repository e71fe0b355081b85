"""Every creating form is protected against a double submit (issue 18, finding 11): a form is
"creating" when its view calls `handle_form(..., creates=True)` or `run_action(...,
creates=True)` (polku.core.formviews; the screening run), runs `submit_once` itself or claims
the portal sign-in's token. The
views are found from the URL configuration, so a new creating form without a case here fails
`test_every_creating_form_has_a_double_submit_case`; each case loads the page, takes the
one-use token from the form that posts to the view's URL, sends the form twice and expects
one record and the Finnish "already sent" message."""

import datetime as dt
import html
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from polku.accounts.models import Profession
from polku.assessment.models import Assessment
from polku.clients.models import Client, Consent, NetworkMember
from polku.handover.models import Handover
from polku.knots.models import Application, Blocker
from polku.meetings import services as meetings
from polku.meetings.models import Agreement, Meeting
from polku.plans.models import Goal, Step
from polku.portal.models import Contribution, Feedback, Proposal
from polku.referrals.models import Referral
from polku.research.models import OutcomeEvent, ResearchExport
from polku.route_plans import services as route_services
from polku.route_plans.models import RouteChoice
from tests.conftest import login
from tests.factories import ProfessionalFactory, make_client
from tests.knots.factories import application, catalogue_service
from tests.meetings.helpers import complete, plan
from tests.plans.helpers import goal, in_days, version_of
from tests.portal.conftest import portal_login
from tests.referrals.conftest import (  # noqa: F401 (fixtures of the referral cases)
    colleague,
    kela_special,
    make_referral,
    manager,
    partner,
    referral,
    referral_data,
    shelter,
    team,
    worker,
)
from tests.route_plans.test_pages import FACTS
from tests.web.test_client_forms import _new_client

pytestmark = pytest.mark.django_db

ALREADY_SENT = "Lomake oli jo lähetetty."  # the pages answer in Finnish, the default language
_FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.DOTALL)
_TOKEN = re.compile(r'name="form_token" value="([A-Za-z0-9_-]+)"')
_ACTION = re.compile(r'action="([^"]*)"')


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).strftime("%d.%m.%Y")


def _token_for(page: str, url: str) -> str:
    """The one-use token of the form on `page` that posts to `url` (a form without an action
    posts to the page itself)."""
    for form in _FORM.findall(page):
        action = _ACTION.search(form.split(">", 1)[0])
        target = html.unescape(action.group(1)).split("?")[0] if action else None
        if target in (url.split("?")[0], None):
            found = _TOKEN.search(form)
            if found:
                return found.group(1)
    raise AssertionError(f"no form posting to {url} renders a one-use token")


@dataclass
class Case:
    url: str  # where the form posts
    data: dict[str, Any]
    count: Callable[[], int]
    page: str = ""  # the page showing the form (default: the URL itself)
    portal: bool = False
    page_post: dict[str, Any] | None = None  # the form is on the answer to this POST
    user: Any = None  # who sends it (default: the client's coordinator)
    repeat: str = ALREADY_SENT  # what the second submit is told
    before: tuple[tuple[str, dict[str, Any]], ...] = ()  # posts that prepare the page
    anonymous: bool = False  # sent by a browser nobody has signed in on (the portal sign-in)


def _fixtures(client_record, coordinator, kela, request=None) -> dict[str, Any]:
    return {"client": client_record, "coordinator": coordinator, "kela": kela, "request": request}


def _referral(f):
    fixture = f["request"].getfixturevalue
    receiving, sender = fixture("team"), fixture("partner")
    data = {
        key: ("on" if value is True else value)
        for key, value in referral_data().items()
        if value is not False
    }
    return Case(
        "/referrals/new/",
        {"team": str(receiving.pk), **data},
        Referral.objects.count,
        user=sender,
    )


def _consent(f):
    return Case(
        f"/clients/{f['client'].pk}/consents/new/",
        {
            "organisations": [str(f["kela"].pk)],
            "purpose": "coordination",
            "given_how": "in_person",
            "valid_from": _day(0),
        },
        Consent.objects.count,
    )


def _member(f):
    nurse = ProfessionalFactory(organisation=f["kela"], profession="nurse")
    return Case(
        f"/clients/{f['client'].pk}/network/add/",
        {"professional": str(nurse.pk), "responsibility": "Terveys"},
        NetworkMember.objects.count,
    )


def _new_client_case(f):
    return Case("/clients/new/", _new_client(), Client.objects.count)


def _meeting(f):
    return Case(
        f"/clients/{f['client'].pk}/meetings/new/",
        {
            "kind": "first_joint",
            "mode": "in_person",
            "day": _day(2),
            "start_time": "13.00",
            "end_time": "14.00",
            "place": "Yhteispalvelupiste",
            "client_present": "on",
        },
        Meeting.objects.count,
    )


def _agreement(f):
    meeting = plan(f["client"], f["coordinator"])
    base = f"/clients/{f['client'].pk}/meetings/{meeting.pk}"
    return Case(
        f"{base}/agreements/",
        {
            "agreement-owner": "client",
            "agreement-what": "Hakee opintotukea",
            "agreement-due_on": _day(5),
        },
        Agreement.objects.count,
        page=f"{base}/",
    )


def _goal(f):
    return Case(
        f"/clients/{f['client'].pk}/plan/goals/new/",
        {"text": "Haluan töihin keittiöön", "version": "0"},
        Goal.objects.count,
    )


def _step(f):
    made = goal(f["client"], f["coordinator"])
    return Case(
        f"/clients/{f['client'].pk}/plan/goals/{made.pk}/steps/new/",
        {
            "what": "Työkokeilu lounasravintolassa",
            "responsible": str(f["coordinator"].pk),
            "organisation": "",
            "service_name": "Työkokeilu",
            "target_date": in_days(10).strftime("%d.%m.%Y"),
            "status": "planned",
            "done_on": "",
            "version": str(version_of(f["client"])),
        },
        Step.objects.count,
    )


def _application(f):
    service = catalogue_service()
    return Case(
        f"/clients/{f['client'].pk}/knot/applications/",
        {"app-service": str(service.pk), "app-status": "pending", "app-submitted": _day(-3)},
        Application.objects.count,
        page=f"/clients/{f['client'].pk}/knot/",
    )


def _blocker(f):
    waiting = application(f["client"], f["coordinator"])
    return Case(
        f"/clients/{f['client'].pk}/knot/applications/{waiting.pk}/blockers/",
        {f"b{waiting.pk}-kind": "statement", f"b{waiting.pk}-what": "B-lausunto"},
        Blocker.objects.count,
        page=f"/clients/{f['client'].pk}/knot/",
    )


def _knot_agreement(f):
    from polku.knots import opening as knot_opening
    from polku.knots import services as knots

    waiting = application(f["client"], f["coordinator"])
    knots.add_blocker(application=waiting, kind="statement", what="B-lausunto", by=f["coordinator"])
    meeting = plan(f["client"], f["coordinator"], participants=[])
    opening = knot_opening.start(meeting=meeting, by=f["coordinator"])
    base = f"/clients/{f['client'].pk}/meetings/{meeting.pk}/knot/"
    return Case(
        f"{base}step/",
        {
            "step": str(knot_opening.current_step(opening).pk),
            "decision": "agree",
            "agreement-owner": "client",
            "agreement-what": "Pyytää B-lausunnon lääkäriltä",
            "agreement-due_on": _day(5),
        },
        Agreement.objects.count,
        page=base,
    )


def _screening_run(f):
    from polku.route_plans import selectors as route_selectors
    from polku.route_plans.models import ScreeningRun
    from tests.route_plans import fake_engine

    f["request"].getfixturevalue("monkeypatch").setattr(
        route_selectors, "engine", lambda: fake_engine
    )
    return Case("/routes/screening/run/", {}, ScreeningRun.objects.count, page="/routes/screening/")


def _portal_sign_in(f):
    from polku.audit.models import AuditEvent
    from polku.portal import services as portal

    return Case(
        "/portal/sign-in/",
        {"code": portal.create_code(client=f["client"], by=f["coordinator"])},
        AuditEvent.objects.filter(client=f["client"], action="login", target="portal").count,
        anonymous=True,
    )


def _handover(f):
    receiver = ProfessionalFactory(organisation=f["kela"], profession="work_ability_coordinator")
    return Case(
        f"/clients/{f['client'].pk}/handover/new/",
        {"to_professional": str(receiver.pk), "reason": "Kuntoutus", "summary": "Tilanne"},
        Handover.objects.count,
    )


def _assessment(f):
    return Case(
        f"/clients/{f['client'].pk}/assessments/new/",
        {
            "assessed_on": _day(0),
            "work_ability_score": "4",
            "sickness_absence_days": "12",
            "health_functioning__client_status": "2",
            "health_functioning__professional_status": "1",
            "health_functioning__client_view": "Väsyttää koko ajan.",
        },
        Assessment.objects.count,
    )


def _outcome(f):
    return Case(
        f"/clients/{f['client'].pk}/outcomes/",
        {"kind": "education", "date": _day(0)},
        OutcomeEvent.objects.count,
    )


def _route(f):
    adult = make_client(coordinator=f["coordinator"], birth_date=dt.date(1985, 2, 1))
    route_services.update_facts(
        client=adult,
        by=f["coordinator"],
        expected_version=0,
        values=FACTS,
    )
    return Case(
        f"/clients/{adult.pk}/routes/choose/",
        {"route": "work_activity_to_work", "goal": "Haluan töihin", "starts_on": _day(7)},
        RouteChoice.objects.count,
        page=f"/clients/{adult.pk}/routes/",
    )


def _portal_goal(f):
    return Case(
        "/portal/plan/",
        {"form": "goal", "goal-text": "Haluan töihin kahvilaan"},
        Contribution.objects.filter(kind="goal").count,
        portal=True,
    )


def _portal_agenda(f):
    meeting = plan(f["client"], f["coordinator"])
    return Case(
        f"/portal/meetings/{meeting.pk}/agenda/",
        {"text": "Haluan puhua asumisesta"},
        Contribution.objects.filter(kind="agenda_item").count,
        portal=True,
    )


def _portal_consent(f):
    return Case(
        "/portal/consents/",
        {"purpose": "coordination", "organisations": [str(f["kela"].pk)]},
        Consent.objects.count,
        portal=True,
    )


def _portal_council(f):
    text = "Enemmän iltavastaanottoja"
    return Case(
        "/portal/council/",
        {"text": text, "step": "confirm"},
        Proposal.objects.count,
        portal=True,
        page_post={"text": text},
    )


def _portal_feedback(f):
    meeting = plan(
        f["client"],
        f["coordinator"],
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    complete(meeting, f["coordinator"])
    meetings.close_meeting(meeting=meeting, by=f["coordinator"])
    key = f"meeting-{meeting.pk}"
    return Case(
        "/portal/feedback/",
        {
            "about": key,
            f"{key}-sorted_out": "yes",
            f"{key}-heard": "5",
            f"{key}-overall": "4",
            f"{key}-text": "Kaikki asiat kerralla",
            f"{key}-anonymous": "on",
        },
        Feedback.objects.count,
        portal=True,
        # the page sees first that this feedback was given: its own words, the same effect
        repeat="Olet jo antanut palautetta tästä. Kiitos!",
    )


def _export(f):
    fixture = f["request"].getfixturevalue
    fixture("settings").POLKU_RESEARCH_EXPORT_DIR = fixture("tmp_path")
    for n in range(6):
        make_client(coordinator=f["coordinator"], first_names=f"Testi{n}")
    researcher = ProfessionalFactory(organisation=f["kela"], profession=Profession.RESEARCHER)
    today = dt.date.today()
    query = f"?start={(today - dt.timedelta(days=3)):%d.%m.%Y}&end={today:%d.%m.%Y}"
    return Case(
        "/research/exports/" + query,
        {
            "purpose": "Seurantatutkimus",
            "permit_reference": "THL/1/2026",
            "columns": ["entry_month", "municipality", "outcome_3m"],
            "k": "5",
            "date_precision": "month",
            "generalise": "on",
        },
        ResearchExport.objects.count,
        user=researcher,
    )


def _follow_up(f):
    from polku.referrals import services as referrals
    from polku.referrals.models import FollowUp

    fixture = f["request"].getfixturevalue
    made, team_worker = fixture("referral"), fixture("worker")
    referrals.claim(referral=made, by=team_worker)
    url = f"/referrals/queue/{made.pk}/discharge/"
    plan_data = {
        "plan-discharge_on": "2030-05-02",
        "plan-destination": "Vuokra-asunto",
        "plan-social_services_contact": "Aikuissosiaalityö",
    }
    return Case(
        url,
        {
            "add_follow_up": "1",
            "follow-contact_by": str(team_worker.pk),
            "follow-due_on": "2030-05-03",
            "follow-channel": "phone",
            "follow-note": "Miten muutto meni",
        },
        FollowUp.objects.count,
        user=team_worker,
        before=((url, plan_data),),
    )


CASES: dict[str, Callable[[dict[str, Any]], Case]] = {
    "clients:new": _new_client_case,
    "clients:consent_new": _consent,
    "clients:member_add": _member,
    "meetings:new": _meeting,
    "meetings:agreement_add": _agreement,
    "plans:goal_new": _goal,
    "plans:step_new": _step,
    "knots:add_application": _application,
    "knots:add_blocker": _blocker,
    "knots:opening_step": _knot_agreement,
    "handover:new": _handover,
    "assessment:new": _assessment,
    "research:outcomes": _outcome,
    "route_plans:choose": _route,
    "referrals:new": _referral,
    "portal:plan": _portal_goal,
    "portal:agenda": _portal_agenda,
    "portal:consents": _portal_consent,
    "portal:council": _portal_council,
    "portal:feedback": _portal_feedback,
    "research:exports": _export,
    "route_plans:screening_run": _screening_run,
    "portal:sign_in": _portal_sign_in,
    "referrals:discharge": _follow_up,
}


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _views(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", inspect.unwrap(pattern.callback)


def creating_views() -> set[str]:
    """URL names whose view calls handle_form(..., creates=True), submit_once or
    claim_sign_in, found from the URLconf."""
    found = set()
    for name, view in _views(get_resolver().url_patterns):
        try:
            source = inspect.getsource(view)
        except (OSError, TypeError):
            continue
        if re.search(r"creates=True|submit_once\(|claim_sign_in\(", source):
            found.add(name)
    return found


def test_every_creating_form_has_a_double_submit_case():
    found = creating_views()
    assert len(found) >= 15, found  # the discovery itself works
    missing = found - set(CASES)
    assert not missing, f"creating forms without a double-submit case: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_creating_form_sent_twice_creates_one(
    request, client, client_record, coordinator, kela, name
):
    case = CASES[name](_fixtures(client_record, coordinator, kela, request))
    assert name in creating_views(), f"{name} is not a creating form (handle_form creates=True)"
    if case.anonymous:
        http = client
    elif case.portal:
        http = portal_login(client_record, coordinator)
    else:
        http = login(client, case.user or coordinator)
    for url, data in case.before:
        assert http.post(url, data).status_code == 302
    shown = (
        http.post(case.page or case.url, case.page_post)
        if case.page_post is not None
        else http.get(case.page or case.url)
    )
    assert shown.status_code == 200, shown.content.decode()[:2000]
    data = {**case.data, "form_token": _token_for(shown.content.decode(), case.url)}
    before = case.count()
    first = http.post(case.url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    assert case.count() == before + 1
    second = http.post(case.url, data)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert case.count() == before + 1
    assert case.repeat in [m.message for m in get_messages(second.wsgi_request)]


def test_the_reverse_of_every_case_is_its_url(client_record, coordinator, kela):
    """The cases post where the URL configuration says (no stale hard-coded path)."""
    names = {
        "clients:new": reverse("clients:new"),
        "portal:plan": reverse("portal:plan"),
        "portal:consents": reverse("portal:consents"),
        "portal:council": reverse("portal:council"),
    }
    fixtures = _fixtures(client_record, coordinator, kela)
    for name, url in names.items():
        assert CASES[name](fixtures).url == url
