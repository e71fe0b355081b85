"""The worklist and the team view: content, the access rule, the audit trail, 403 for
non-managers, need-to-know masking for the manager."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from polku.audit.models import AuditEvent
from polku.clients import services
from polku.worklists import scan
from tests.conftest import login
from tests.factories import ProfessionalFactory, at, make_client

from .conftest import agreement, handover, local_today, next_contact, plan_step

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def casework(coordinator, municipality):
    mine = make_client(coordinator=coordinator, first_names="Eino", last_name="Leinonen-Qvarnström")
    agreement(mine, coordinator, due_on=local_today() - 2 * DAY)
    next_contact(mine, coordinator, due_on=local_today() - DAY)
    # Another professional's client, with an overdue agreement of theirs: not on my list.
    other = ProfessionalFactory(organisation=municipality)
    theirs = make_client(coordinator=other, first_names="Saara", last_name="Salmi-Zetterlund")
    agreement(theirs, other, due_on=local_today() - 2 * DAY)
    scan.run_scan(today=local_today())
    return {"mine": mine, "theirs": theirs, "other": other}


def test_my_worklist_shows_my_items_and_audits_the_clients_shown(signed_in, casework):
    before = AuditEvent.objects.count()
    response = signed_in.get(reverse("worklists:worklist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Leinonen-Qvarnström, Eino" in page
    assert reverse("clients:detail", args=[casework["mine"].pk]) in page
    assert "Salmi-Zetterlund" not in page
    assert "Hakemus kuntoutusrahasta" in page
    events = AuditEvent.objects.order_by("id")[before:]
    assert {e.client_id for e in events} == {casework["mine"].pk}
    assert {e.target for e in events} == {"client_list"}


def test_an_item_of_a_client_i_no_longer_see_is_not_shown(signed_in, coordinator, casework):
    # I own an agreement on a client whose network I have left: the rule hides it.
    theirs = casework["theirs"]
    services.add_member(client=theirs, by=casework["other"], professional=coordinator)
    agreement(theirs, coordinator, due_on=local_today())
    page = signed_in.get(reverse("worklists:worklist")).content.decode()
    assert "Salmi-Zetterlund" not in page  # no consent covers my organisation (Kela)


def test_a_handover_to_me_hides_a_client_i_cannot_see_yet(client, coordinator, casework):
    receiver = casework["other"]
    handover(casework["mine"], coordinator, receiver, proposed_on=local_today())
    page = login(client, receiver).get(reverse("worklists:worklist")).content.decode()
    assert "Leinonen-Qvarnström" not in page
    assert "A client (shown once you are in the client" in page


def test_the_worklist_needs_sign_in(client):
    response = client.get(reverse("worklists:worklist"))
    assert response.status_code == 302


@pytest.fixture
def manager(kela):
    return ProfessionalFactory(
        username="esihenkilo", organisation=kela, profession="service_manager"
    )


def test_the_team_view_is_for_service_managers_only(signed_in):
    assert signed_in.get(reverse("worklists:team")).status_code == 403


def test_the_team_view_masks_clients_the_manager_may_not_see(manager, coordinator, casework):
    http = login(HttpClient(HTTP_ACCEPT_LANGUAGE="en"), manager)
    before = AuditEvent.objects.count()
    response = http.get(reverse("worklists:team"))
    assert response.status_code == 200
    page = response.content.decode()
    assert coordinator.get_full_name() in page  # caseload row of my organisation's coordinator
    assert "Leinonen-Qvarnström" not in page and "Salmi-Zetterlund" not in page
    assert f"A client of {coordinator.get_full_name()}" in page
    assert AuditEvent.objects.count() == before  # no client identity shown, nothing to audit

    # In the client's network (Kela is covered by the consent), the name is shown and audited.
    services.add_member(client=casework["mine"], by=coordinator, professional=manager)
    page = http.get(reverse("worklists:team")).content.decode()
    assert "Leinonen-Qvarnström, Eino" in page
    events = AuditEvent.objects.filter(actor=manager, target="client_list")
    assert {e.client_id for e in events} == {casework["mine"].pk}


def test_the_team_view_filters_by_rule_and_coordinator(manager, coordinator, casework):
    http = login(HttpClient(HTTP_ACCEPT_LANGUAGE="en"), manager)
    page = http.get(reverse("worklists:team"), {"rule": "ping_pong"}).content.decode()
    assert "A client of" not in page
    page = http.get(
        reverse("worklists:team"), {"rule": "agreement_overdue", "coordinator": coordinator.pk}
    ).content.decode()
    assert page.count("A client of") == 1


def test_the_team_view_tells_anonymised_alerts_apart_by_what_and_how_long(
    manager, coordinator, casework
):
    """Issue: every masked row read "A client of X", raised today — even an agreement a month
    overdue. Each row now says what is late and since when (nothing of the client), the
    longest-standing first, numbered."""
    mine = casework["mine"]
    agreement(mine, coordinator, due_on=local_today() - 32 * DAY)
    scan.run_scan(today=local_today())
    http = login(HttpClient(HTTP_ACCEPT_LANGUAGE="fi"), manager)
    page = http.get(reverse("worklists:team"), {"rule": "agreement_overdue"}).content.decode()
    table = page[page.index('id="risk-heading"') : page.index('id="rules-heading"')]
    old = (local_today() - 32 * DAY).strftime("%-d.%-m.%Y")
    recent = (local_today() - 2 * DAY).strftime("%-d.%-m.%Y")
    assert f"myöhässä 32 päivää (eräpäivä {old})" in table.lower()
    assert f"myöhässä 2 päivää (eräpäivä {recent})" in table.lower()
    assert table.lower().index("32 päivää") < table.lower().index("2 päivää (")
    assert "Leinonen" not in table and "Salmi" not in table
    assert "<td>1</td>" in table and "<td>2</td>" in table  # the two of my organisation


def _assess(client, by, *, score, days_ago=0):
    from polku.assessment import services as assessments

    return assessments.record_assessment(
        client=client,
        by=by,
        assessed_on=local_today() - dt.timedelta(days=days_ago),
        work_ability_score=score,
        sickness_absence_days=None,
        domains={},
    )


def test_early_warnings_of_declining_work_ability_are_on_my_worklist(
    signed_in, coordinator, casework
):
    """The signposts of the latest assessment (polku.assessment.early_warnings) of the clients I
    coordinate, through the access rule and audited like the rest of the worklist."""
    mine = casework["mine"]
    _assess(mine, coordinator, score=8, days_ago=90)
    _assess(mine, coordinator, score=6)  # a drop of 2 points
    steady = make_client(coordinator=coordinator, first_names="Ville", last_name="Vakaa")
    _assess(steady, coordinator, score=8)
    # A client I do not coordinate (the other's) with a low score: not on my list.
    _assess(casework["theirs"], casework["other"], score=3)
    before = AuditEvent.objects.count()
    page = signed_in.get(reverse("worklists:worklist")).content.decode()
    section = page[page.index('id="warnings-heading"') : page.index('id="alerts-heading"')]
    assert "Leinonen-Qvarnström, Eino" in section
    assert 'data-signpost="work_ability_drop"' in section
    assert "from 8 to 6" in section
    assert "Vakaa" not in section and "Salmi-Zetterlund" not in page
    shown = {e.client_id for e in AuditEvent.objects.order_by("id")[before:]}
    assert mine.pk in shown and casework["theirs"].pk not in shown


def test_no_early_warnings_says_so(signed_in, casework):
    page = signed_in.get(reverse("worklists:worklist")).content.decode()
    assert "No early warnings among the clients you coordinate." in page


def test_early_warnings_read_each_latest_assessment_in_one_query(
    coordinator, django_assert_num_queries
):
    """Each client's latest version with the previous one's score and its health domain, in
    one query however many clients I coordinate (issue 20)."""
    from polku.access import policy
    from polku.assessment import services as assessments
    from polku.clients.models import Client
    from polku.worklists import selectors

    def assess(client, score, *, health=None):
        domains = {}
        if health:
            domains["health_functioning"] = {"professional_status": health, "support_needed": True}
        assessments.record_assessment(
            client=client,
            by=coordinator,
            assessed_on=local_today(),
            work_ability_score=score,
            sickness_absence_days=None,
            domains=domains,
        )

    recovered = make_client(coordinator=coordinator, last_name="Aalto")
    assess(recovered, 8, health=1)
    assess(recovered, 8)  # the latest raises nothing: the earlier difficulty is not shown
    unwell = make_client(coordinator=coordinator, last_name="Böök")
    assess(unwell, 10)  # two versions back: no drop counted from it
    assess(unwell, 8)
    assess(unwell, 8, health=1)
    low = make_client(coordinator=coordinator, last_name="Ceder")
    assess(low, 4)  # the first assessment: no previous score

    def warnings():
        visible = policy.compiled(Client.objects.visible_to(coordinator))
        with django_assert_num_queries(1):
            return [
                (
                    row["client"].last_name,
                    row["assessment"].version,
                    *(s.code for s in row["signposts"]),
                )
                for row in selectors.work_ability_warnings(coordinator, visible=visible)
            ]

    expected = [("Böök", 3, "serious_health_difficulty"), ("Ceder", 1, "low_work_ability")]
    assert warnings() == expected
    for n in range(3):
        assess(make_client(coordinator=coordinator, last_name=f"Vakaa {n}"), 9)
    assert warnings() == expected


def test_work_of_a_member_who_leaves_passes_to_the_coordinator(coordinator, municipality):
    """Ending a membership must not orphan the member's open work (the same cause as the
    warm handover): it passes to the coordinator's worklist, and the scan finds nothing."""
    from polku.access import policy
    from polku.clients.models import NetworkMember
    from polku.worklists import selectors
    from polku.worklists.alerts import RULES

    client = make_client(coordinator=coordinator, consent_organisations=[municipality])
    member = ProfessionalFactory(organisation=municipality)
    row = services.add_member(client=client, by=coordinator, professional=member)
    owned = agreement(client, member, due_on=local_today() + 6 * DAY)
    contact = next_contact(client, member, due_on=local_today() + DAY)
    services.end_membership(member=NetworkMember.objects.get(pk=row.pk), by=coordinator)
    assert not policy.can_see(member, client.pk)
    owned.refresh_from_db()
    contact.refresh_from_db()
    assert owned.owner_id == coordinator.pk and contact.contact_by_id == coordinator.pk
    assert owned in selectors.agreements_due(coordinator)
    assert AuditEvent.objects.filter(target=f"agreement:{owned.pk}").exists()
    assert not RULES["owner_cannot_see"].matches().exists()


# --- plan steps -------------------------------------------------------------------------------


def test_my_plan_steps_due_are_on_my_worklist(signed_in, coordinator, casework):
    """A step I am responsible for appears like an agreement: overdue or within the horizon."""
    mine = casework["mine"]
    late = plan_step(mine, coordinator, target_date=local_today() - DAY, what="Soita Kelaan")
    soon = plan_step(mine, coordinator, target_date=local_today() + 3 * DAY, what="Työkokeilu")
    plan_step(mine, coordinator, target_date=local_today() + 30 * DAY, what="Myöhemmin tehtävä")
    plan_step(mine, coordinator, target_date=local_today(), status="done", what="Jo tehty")
    # A step of a client I do not see is not listed, though it names me.
    theirs = casework["theirs"]
    plan_step(theirs, coordinator, target_date=local_today(), what="Salainen askel")
    before = AuditEvent.objects.count()
    page = signed_in.get(reverse("worklists:worklist")).content.decode()
    section = page.split('id="steps-heading"')[1].split("</section>")[0]
    assert f'data-step="{late.pk}"' in section and f'data-step="{soon.pk}"' in section
    assert section.index("Soita Kelaan") < section.index("Työkokeilu")  # oldest first
    assert "1 day late" in section.split("Työkokeilu")[0]
    assert f"/clients/{mine.pk}/plan/#step-{late.pk}" in section
    assert "Myöhemmin tehtävä" not in page and "Jo tehty" not in page
    assert "Salainen askel" not in page and "Salmi-Zetterlund" not in page
    events = AuditEvent.objects.order_by("id")[before:]
    assert {e.client_id for e in events} == {mine.pk}


def test_open_steps_to_assign_are_on_the_coordinators_worklist(
    client, signed_in, coordinator, casework, municipality
):
    """A step left open by a chosen route (nobody of the providing organisation in the
    network) is the coordinator's to assign, whatever its date; the worklist links to the
    plan page where it is assigned. Other members of the network do not get it."""
    mine = casework["mine"]
    open_step = plan_step(
        mine,
        None,
        target_date=local_today() + 60 * DAY,
        organisation=municipality,
        what="Palkkatuettu työ",
    )
    page = signed_in.get(reverse("worklists:worklist")).content.decode()
    section = page.split('id="assign-heading"')[1].split("</section>")[0]
    assert f'data-step="{open_step.pk}"' in section
    assert municipality.name in section
    assert f"/clients/{mine.pk}/plan/#unassigned-heading" in section
    # Assigned, it leaves the list.
    from polku.plans.models import Step

    Step.objects.filter(pk=open_step.pk).update(responsible=coordinator)
    page = signed_in.get(reverse("worklists:worklist")).content.decode()
    section = page.split('id="assign-heading"')[1].split("</section>")[0]
    assert "Palkkatuettu työ" not in section
    assert "No plan steps are waiting for you to assign them." in section


def test_a_member_who_is_not_the_coordinator_gets_no_steps_to_assign(client, coordinator, casework):
    mine = casework["mine"]
    member = ProfessionalFactory(organisation=coordinator.organisation)
    services.add_member(client=mine, by=coordinator, professional=member)
    plan_step(mine, None, target_date=local_today(), what="Palkkatuettu työ")
    page = login(client, member).get(reverse("worklists:worklist")).content.decode()
    assert "Palkkatuettu työ" not in page


def test_every_client_on_my_worklist_finds_the_look_in_their_disclosure_log(signed_in, coordinator):
    """The worklist's list events are written in one statement (issue 20): still one event per
    client shown, each sealed by its own MAC and linked into the chain by the sequencer, and
    each client's "who has looked at my information" (the portal) names the look."""
    from polku.audit.models import Action
    from polku.audit.sequencer import sequence
    from polku.audit.verification import verify_stored_chain
    from polku.portal import disclosure

    shown = [
        make_client(coordinator=coordinator, first_names=f"Lista{n}", last_name=f"Näkyvä{n}")
        for n in range(12)
    ]  # no next contact: all twelve are on the list of clients without one
    before = AuditEvent.objects.count()
    page = signed_in.get(reverse("worklists:worklist")).content.decode()
    assert all(f"Näkyvä{n}, Lista{n}" in page for n in range(12))
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert sorted(e.client_id for e in events) == sorted(c.pk for c in shown)
    assert {(e.action, e.target, e.actor_id, e.path) for e in events} == {
        (Action.LIST, "client_list", coordinator.pk, reverse("worklists:worklist"))
    }
    assert all(e.purpose == "coordination" for e in events)  # the consent's purpose
    assert sequence().linked >= len(events)
    assert verify_stored_chain().intact
    for client in shown:
        days, _page = disclosure.log(client, 1)
        lines = [line for day in days for visit in day.visits for line in visit.lines]
        assert any("list or search" in line or "luettelo" in line for line in lines), lines


@pytest.mark.parametrize(
    "language, today_words, soon_words",
    [
        ("fi", "Erääntyy tänään", "Erääntyy 3 päivän päästä"),
        ("sv", "Förfaller i dag", "Förfaller om 3 dagar"),
        ("en", "Due today", "Due in 3 days"),
    ],
)
def test_an_item_due_today_says_today_and_one_due_later_says_when(
    signed_in, coordinator, casework, language, today_words, soon_words
):
    """A bare "Erääntyy" ("Due") cannot tell today from next week: the state says which."""
    mine = casework["mine"]
    agreement(mine, coordinator, due_on=local_today())
    next_contact(mine, coordinator, due_on=local_today() + 3 * DAY)
    plan_step(mine, coordinator, target_date=local_today(), what="Soita Kelaan")
    signed_in.cookies.load({"django_language": language})
    page = signed_in.get(reverse("worklists:worklist")).content.decode()
    sections = {
        name: page.split(f'id="{name}-heading"')[1].split("</section>")[0]
        for name in ("agreements", "contacts", "steps")
    }
    assert today_words in sections["agreements"]
    assert soon_words in sections["contacts"]
    assert today_words in sections["steps"]


def test_alerts_say_since_when_their_problem_began_in_finnish(manager, coordinator):
    """Issue: "No contact for a long time" and "No next contact" read "open 0 days (first
    noticed today)" on the team view, and the worklist's "My open alerts" showed only that
    first-noticed day. Both now tell what is wrong and since when — the last contact — in
    Finnish dates; the team view still without the client's identity."""
    from polku.clients.models import Client

    from .conftest import meeting

    quiet = make_client(coordinator=coordinator, first_names="Eino", last_name="Leinonen")
    Client.objects.filter(pk=quiet.pk).update(created_at=at(local_today() - 200 * DAY))
    meeting(quiet, coordinator, day=local_today() - 75 * DAY)
    scan.run_scan(today=local_today())
    last = (local_today() - 75 * DAY).strftime("%-d.%-m.%Y")
    no_contact = f"Ei yhteyttä 75 päivään ({last} alkaen)"
    nothing_agreed = f"Ei sovittua yhteydenottoa {last} jälkeen (75 päivää)"

    page = login(HttpClient(HTTP_ACCEPT_LANGUAGE="fi"), coordinator).get(
        reverse("worklists:worklist")
    )
    html = page.content.decode()
    mine = html[html.index('id="alerts-heading"') :]
    assert "Mistä lähtien" in mine and "Hälytys" in mine
    assert no_contact in mine and nothing_agreed in mine
    assert "Leinonen, Eino" in mine
    assert "havaittu" not in mine.lower() and local_today().isoformat() not in mine

    http = login(HttpClient(HTTP_ACCEPT_LANGUAGE="fi"), manager)
    html = http.get(reverse("worklists:team")).content.decode()
    table = html[html.index('id="risk-heading"') : html.index('id="rules-heading"')]
    assert no_contact in table and nothing_agreed in table
    assert "Leinonen" not in table


def test_an_alert_whose_problem_began_today_says_so():
    """Not "no contact agreed after 3.12.2026 (0 days)": a meeting today that agreed no next
    contact reads "since today"; an alert of a rule with no day of its own says it was
    first noticed, never a made-up "since"."""
    from django.utils import translation

    from polku.worklists.views import _age

    today = local_today()
    with translation.override("en"):
        assert _age("no_next_contact", today, today) == "Since today"
        assert _age("no_next_contact", today - 4 * DAY, today).startswith("No contact agreed after")
        assert _age("owner_cannot_see", today - 4 * DAY, today, known=False).startswith(
            "Open 4 days (first noticed"
        )
