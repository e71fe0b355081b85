"""Referral services: bad input refused with a clear message, saved whole or not at all,
claim, the validated status loop, withdrawal, opening the client's case, discharge."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from polku.access import policy, resolver
from polku.audit.models import AuditEvent
from polku.clients.models import Client, Consent, NetworkMember
from polku.referrals import selectors, services, working_days
from polku.referrals.models import Referral, ReferralEvent, ReferralStatus
from tests.factories import make_client

from .conftest import referral_data

pytestmark = pytest.mark.django_db


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_a_referral_is_saved_with_its_deadline_and_audited(referral, partner, team):
    assert referral.status == ReferralStatus.RECEIVED
    assert referral.partner_organisation_id == partner.organisation_id
    today = timezone.localdate(referral.received_at)
    assert referral.deadline == working_days.add_working_days(today, 3)  # "soon"
    assert referral.hetu_masked.endswith("****")
    assert referral.hetu_encrypted and referral.hetu_hash
    assert ReferralEvent.objects.filter(referral=referral, what="created").exists()
    assert AuditEvent.objects.filter(target=f"referral:{referral.pk}", action="create").exists()


def test_deadlines_are_configurable(settings, make_referral):
    settings.POLKU_REFERRAL_DEADLINES = {"urgent": 2}
    referral = make_referral(urgency="urgent")
    assert referral.deadline == working_days.add_working_days(
        timezone.localdate(referral.received_at), 2
    )
    assert services.deadline_days("normal") == 7


@pytest.mark.parametrize(
    ("override", "field", "text"),
    [
        ({"consent_in_person": False}, "consent_in_person", "consent"),
        ({"hetu": "010190-1234"}, "hetu", "check character"),
        ({"hetu": "31029-123A"}, "hetu", "11 characters"),
        ({"situation": "   "}, "situation", "own words"),
        ({"identity_confirmed": False}, "identity_confirmed", "identity"),
        ({"consent_scope": ""}, "consent_scope", "share"),
        ({"urgency": "whenever"}, "urgency", "urgency"),
        ({"situation": "<script>x</script>"}, "situation", "HTML"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(make_referral, override, field, text):
    with pytest.raises(ValidationError) as excinfo:
        make_referral(**override)
    assert text in " ".join(_errors(excinfo)[field])
    assert Referral.objects.count() == 0


def test_only_partner_workers_refer(team, worker):
    with pytest.raises(ValidationError, match="partner worker"):
        services.create_referral(by=worker, team=team, data=referral_data())


def test_saved_whole_or_not_at_all(partner, team):
    with (
        mock.patch.object(services, "_audit", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.create_referral(by=partner, team=team, data=referral_data())
    assert Referral.objects.count() == 0
    assert ReferralEvent.objects.count() == 0


def test_claim_makes_a_named_worker_once(referral, worker, colleague):
    services.claim(referral=referral, by=worker)
    referral.refresh_from_db()
    assert referral.named_worker_id == worker.pk
    assert referral.status == ReferralStatus.CLAIMED
    with pytest.raises(ValidationError, match="already been claimed"):
        services.claim(referral=Referral.objects.get(pk=referral.pk), by=colleague)
    referral.refresh_from_db()
    assert referral.named_worker_id == worker.pk


def test_outsiders_cannot_claim(referral, outsider, partner):
    for person in (outsider, partner):
        with pytest.raises(ValidationError, match="member of the receiving team"):
            services.claim(referral=referral, by=person)


def test_the_status_loop_is_validated(referral, worker, colleague):
    services.claim(referral=referral, by=worker)
    with pytest.raises(ValidationError) as excinfo:
        services.change_status(referral=referral, by=worker, to="in_progress")
    assert "cannot move" in " ".join(_errors(excinfo)["status"])
    with pytest.raises(ValidationError, match="named worker"):
        services.change_status(referral=referral, by=colleague, to="contacted")
    with pytest.raises(ValidationError) as excinfo:
        services.change_status(referral=referral, by=worker, to="closed", outcome="decisions_made")
    assert "Without a first contact" in " ".join(_errors(excinfo)["outcome"])
    services.change_status(referral=referral, by=worker, to="contacted")
    services.change_status(referral=referral, by=worker, to="in_progress")
    with pytest.raises(ValidationError) as excinfo:
        services.change_status(referral=referral, by=worker, to="closed")
    assert "outcome" in _errors(excinfo)
    closed = services.change_status(
        referral=referral, by=worker, to="closed", outcome="services_started"
    )
    assert closed.status == "closed" and closed.outcome == "services_started"
    assert closed.contacted_at is not None and closed.closed_at is not None
    with pytest.raises(ValidationError):
        services.change_status(referral=referral, by=worker, to="contacted")
    statuses = list(
        ReferralEvent.objects.filter(referral=referral).values_list("to_status", flat=True)
    )
    assert statuses == ["received", "claimed", "contacted", "in_progress", "closed"]
    assert AuditEvent.objects.filter(target=f"referral:{referral.pk}").count() == 5


def test_the_service_manager_may_close_an_unreachable_referral(referral, worker, manager):
    services.claim(referral=referral, by=worker)
    closed = services.change_status(
        referral=referral, by=manager, to="closed", outcome="unreachable"
    )
    assert closed.outcome == "unreachable"


def test_the_partner_sees_status_named_worker_outcome_and_the_name_only(referral, partner, worker):
    services.claim(referral=referral, by=worker)
    row = selectors.partner_view(partner, referral.pk)
    assert row["status"] == "claimed"
    assert row["named_worker"] == worker.get_full_name()
    assert row["client_name"] == referral.full_name  # the client it referred
    shown = {k: v for k, v in row.items() if k not in ("audit_client_id", "client_name")}
    flat = " ".join(str(v) for v in shown.values())
    assert referral.first_names not in flat and referral.last_name not in flat
    assert "rent" not in flat and referral.hetu_masked not in flat and "040 000" not in flat


def test_other_partners_and_outsiders_see_nothing(referral, other_partner, outsider):
    from django.http import Http404

    for person in (other_partner, outsider):
        with pytest.raises(Http404):
            selectors.partner_view(person, referral.pk)
        with pytest.raises(Http404):
            selectors.team_referral(person, referral.pk)
        assert selectors.partner_list(person) == []


def test_a_withdrawn_consent_hides_the_case_from_the_partner_at_once(referral, partner, worker):
    from django.http import Http404

    services.claim(referral=referral, by=worker)
    assert selectors.partner_view(partner, referral.pk)
    services.withdraw_consent(referral=referral, by=partner, reason="changed my mind")
    with pytest.raises(Http404):
        selectors.partner_view(partner, referral.pk)
    assert selectors.partner_list(partner) == []
    referral.refresh_from_db()
    assert referral.status == "closed" and referral.outcome == "client_declined"
    assert not selectors.queue(worker).exists()


def test_withdrawing_the_consent_in_polku_hides_it_too(referral, partner, worker):
    from django.http import Http404

    services.claim(referral=referral, by=worker)
    services.open_case(referral=referral, by=worker, share_with_partner=True)
    referral.refresh_from_db()
    consent = Consent.objects.get(pk=referral.consent_id)
    from polku.clients import services as clients

    clients.withdraw_consent(consent=consent, by=worker)
    with pytest.raises(Http404):
        selectors.partner_view(partner, referral.pk)


def test_open_case_records_the_client_with_the_referral_consent(referral, worker, partner):
    services.claim(referral=referral, by=worker)
    client = services.open_case(referral=referral, by=worker)
    referral.refresh_from_db()
    assert referral.client_id == client.pk
    consent = Consent.objects.get(pk=referral.consent_id)
    assert consent.purpose == "referral" and consent.given_how == "in_person"
    assert set(consent.organisations.values_list("pk", flat=True)) == {worker.organisation_id}
    assert policy.can_see(worker, client.pk)
    assert not policy.can_see(partner, client.pk)  # consent does not cover the partner
    assert Client.objects.get(pk=client.pk).preferred_language == "sv"
    with pytest.raises(ValidationError, match="already open"):
        services.open_case(referral=referral, by=worker)


def test_open_case_shares_with_the_partner_when_the_client_decides(referral, worker, partner):
    services.claim(referral=referral, by=worker)
    client = services.open_case(referral=referral, by=worker, share_with_partner=True)
    assert policy.can_see(partner, client.pk)  # the normal access rule now applies


def test_open_case_joins_an_existing_client(partner, team, worker, coordinator):
    existing = make_client(coordinator=coordinator, hetu="131052-308T")
    referral = services.create_referral(
        by=partner, team=team, data=referral_data(hetu="131052-308T")
    )
    services.claim(referral=referral, by=worker)
    client = services.open_case(referral=referral, by=worker)
    assert client.pk == existing.pk
    assert NetworkMember.objects.active().filter(client=client, professional=worker).exists()
    assert policy.can_see(worker, client.pk)


def test_only_the_named_worker_opens_the_case(referral, worker, colleague):
    services.claim(referral=referral, by=worker)
    with pytest.raises(ValidationError, match="named worker"):
        services.open_case(referral=referral, by=colleague)


def test_queue_is_ordered_by_urgency_then_deadline(make_referral, worker):
    normal = make_referral(urgency="normal")
    soon = make_referral(urgency="soon")
    urgent = make_referral(urgency="urgent")
    assert [r.pk for r in selectors.queue(worker)] == [urgent.pk, soon.pk, normal.pk]
    shown = selectors.with_time_left(selectors.queue(worker))
    assert all(r.days_left is not None and r.days_left >= 0 for r in shown)


def test_overdue_referrals_escalate_to_the_service_manager(referral, manager, worker):
    Referral.objects.filter(pk=referral.pk).update(deadline=dt.date(2020, 1, 2))
    assert list(selectors.escalated_to(manager)) == [Referral.objects.get(pk=referral.pk)]
    assert not selectors.escalated_to(worker).exists()


def test_the_overdue_alert_rule(referral, worker, manager):
    from polku.worklists.alerts import RULES
    from polku.worklists.scan import run_scan

    services.claim(referral=referral, by=worker)
    client = services.open_case(referral=referral, by=worker)
    rule = RULES["referral_overdue"]
    assert not list(rule.matches())
    Referral.objects.filter(pk=referral.pk).update(deadline=dt.date(2020, 1, 2))
    rows = list(rule.matches())
    assert rows == [
        {
            "client_id": client.pk,
            "subject": f"referral:{referral.pk}",
            "assigned_to_id": manager.pk,
            "since": dt.date(2020, 1, 2),
        }
    ]
    run_scan()
    from polku.worklists.models import Alert

    assert Alert.objects.filter(rule="referral_overdue", assigned_to=manager).count() == 1
    services.change_status(referral=referral, by=worker, to="contacted")
    assert not list(rule.matches())


def test_discharge_plan_and_follow_ups_on_the_worklist(referral, worker):
    services.claim(referral=referral, by=worker)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        services.save_discharge_plan(referral=referral, by=worker, data={"destination": ""})
    assert {"discharge_on", "destination", "social_worker"} <= set(_errors(excinfo))
    plan = services.save_discharge_plan(
        referral=referral,
        by=worker,
        data={
            "discharge_on": today,
            "destination": "Rented flat, Seinäjoki",
            "social_services_contact": "Adult social work, Minna Laurila",
            "municipality": "Seinäjoki",
        },
    )
    with pytest.raises(ValidationError) as excinfo:
        services.add_follow_up(
            plan=plan,
            referral=referral,
            by=worker,
            due_on=today - dt.timedelta(days=1),
            channel="phone",
        )
    assert {"contact_by", "due_on"} <= set(_errors(excinfo))
    follow_up = services.add_follow_up(
        plan=plan,
        referral=referral,
        by=worker,
        due_on=today + dt.timedelta(days=2),
        channel="phone",
        contact_by=worker,
        note="How did the move go?",
    )
    assert list(selectors.follow_ups_due(worker)) == [follow_up]
    # The worklist passes its team ids and access rule built once: the same follow-ups, by
    # the team alone (the worker does not see the client through the rule).
    teams = list(resolver.teams_of(worker).values_list("pk", flat=True))
    for given in ([], teams):
        assert list(
            selectors.follow_ups_due(worker, team_ids=given, visible=Client.objects.none())
        ) == ([follow_up] if given else [])
    services.mark_follow_up_done(follow_up=follow_up, referral=referral, by=worker)
    assert not selectors.follow_ups_due(worker).exists()


def test_the_service_manager_works_in_the_teams_organisation(team, partner, manager):
    team.full_clean()
    team.service_manager = partner
    with pytest.raises(ValidationError) as excinfo:
        team.full_clean()
    assert "service_manager" in excinfo.value.message_dict


# --- details given in the referral reach the client's record ----------------------------------


def _with_details(**overrides):
    details = {
        "phone": "040 765 4321",
        "email": "aino@example.fi",
        "municipality": "Seinäjoki",
        "needs_interpreter": True,
        "interpreter_language": "arabia",
        "has_online_credentials": True,
        "can_read_kela_messages": False,
    }
    return referral_data(**{**details, **overrides})


def test_every_detail_of_the_referral_is_carried_into_a_new_client(partner, team, worker):
    referral = services.create_referral(by=partner, team=team, data=_with_details())
    services.claim(referral=referral, by=worker)
    client = Client.objects.get(pk=services.open_case(referral=referral, by=worker).pk)
    assert (client.phone, client.email, client.municipality) == (
        "040 765 4321",
        "aino@example.fi",
        "Seinäjoki",
    )
    assert client.needs_interpreter and client.interpreter_language == "arabia"
    assert client.has_online_credentials and not client.can_read_kela_messages
    assert client.preferred_language == "sv"


def test_a_phone_number_written_as_the_contact_details_is_carried(referral, worker):
    # referral_data writes "040 000 0000" as the contact details (older referrals did so).
    services.claim(referral=referral, by=worker)
    client = Client.objects.get(pk=services.open_case(referral=referral, by=worker).pk)
    assert client.phone == "040 000 0000"


def test_joining_fills_empty_fields_and_keeps_newer_data(partner, team, worker, coordinator):
    existing = make_client(coordinator=coordinator, hetu="131052-308T", phone="050 111 2222")
    referral = services.create_referral(
        by=partner, team=team, data=_with_details(hetu="131052-308T")
    )
    services.claim(referral=referral, by=worker)
    client = services.open_case(referral=referral, by=worker)
    assert client.carried["filled"] == [
        "email",
        "has_online_credentials",
        "interpreter_language",
        "municipality",
        "needs_interpreter",
    ]
    assert client.carried["kept"] == ["phone", "preferred_language"]
    stored = Client.objects.get(pk=existing.pk)
    assert stored.phone == "050 111 2222"  # the record's number is not overwritten
    assert stored.email == "aino@example.fi" and stored.interpreter_language == "arabia"
    opened = AuditEvent.objects.get(target=f"referral:{referral.pk}", details__what="case_opened")
    assert opened.details["kept"] == ["phone", "preferred_language"]


def test_an_interpreter_language_without_the_need_is_refused(partner, team):
    with pytest.raises(ValidationError) as excinfo:
        services.create_referral(
            by=partner,
            team=team,
            data=_with_details(needs_interpreter=False),
        )
    assert "interpreter_language" in _errors(excinfo)
    assert not Referral.objects.exists()


# --- the home municipality's social worker ------------------------------------------------------


@pytest.fixture
def social_worker():
    from polku.accounts.models import OrganisationKind, Profession
    from tests.factories import OrganisationFactory, ProfessionalFactory

    org = OrganisationFactory(name="Seinäjoen aikuissosiaalityö", kind=OrganisationKind.SOCIAL)
    return ProfessionalFactory(organisation=org, profession=Profession.SOCIAL_WORKER)


def _plan(referral, worker, **data):
    return services.save_discharge_plan(
        referral=referral,
        by=worker,
        data={
            "discharge_on": timezone.localdate(),
            "destination": "Rented flat, Seinäjoki",
            "municipality": "Seinäjoki",
            **data,
        },
    )


def test_the_social_worker_joins_with_the_clients_consent_and_gets_the_follow_up(
    referral, worker, social_worker, colleague
):
    services.claim(referral=referral, by=worker)
    with pytest.raises(ValidationError, match="Open the client's case"):
        _plan(referral, worker, social_worker=social_worker)
    client = services.open_case(referral=referral, by=worker)
    referral.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        _plan(referral, worker, social_worker=social_worker)
    assert set(_errors(excinfo)) == {"social_worker_consent", "social_worker_consent_how"}
    with pytest.raises(ValidationError, match="social services"):
        _plan(referral, worker, social_worker=colleague)  # not of social services
    assert not policy.can_see(social_worker, client.pk)
    plan = _plan(
        referral,
        worker,
        social_worker=social_worker,
        social_worker_consent=True,
        social_worker_consent_how="phone",
    )
    assert plan.social_worker == social_worker and plan.social_services_contact == ""
    assert policy.can_see(social_worker, client.pk)
    consent = Consent.objects.filter(client=client, organisations=social_worker.organisation)
    assert consent.get().given_how == "phone"
    follow_up = services.add_follow_up(
        plan=plan,
        referral=referral,
        by=worker,
        due_on=timezone.localdate() + dt.timedelta(days=3),
        channel="visit",
        contact_by=social_worker,
        note="Home visit",
    )
    assert list(selectors.follow_ups_due(social_worker)) == [follow_up]
    # The worklist passes the access rule it compiled once for its page: the same follow-up.
    visible = policy.compiled(Client.objects.visible_to(social_worker))
    assert list(selectors.follow_ups_due(social_worker, team_ids=[], visible=visible)) == [
        follow_up
    ]
    assert not selectors.follow_ups_due(social_worker, visible=Client.objects.none()).exists()
    # Saving the plan again does not ask for the consent again: they already see the case.
    _plan(referral, worker, social_worker=social_worker)


def test_free_text_only_when_the_organisation_is_not_in_polku(referral, worker):
    services.claim(referral=referral, by=worker)
    plan = _plan(referral, worker, social_services_contact="Kuopio adult social work")
    assert plan.social_worker is None
    with pytest.raises(ValidationError) as excinfo:
        _plan(referral, worker, social_services_contact="")
    assert "social_worker" in _errors(excinfo)


def test_an_agreed_follow_up_is_a_future_contact(referral, worker, manager):
    from polku.worklists.alerts import RULES
    from polku.worklists.selectors import clients_without_next_contact

    services.claim(referral=referral, by=worker)
    client = services.open_case(referral=referral, by=worker)
    referral.refresh_from_db()
    rule = RULES["no_next_contact"]
    assert client.pk in {row["client_id"] for row in rule.matches()}
    assert client in clients_without_next_contact(worker)
    plan = _plan(referral, worker, social_services_contact="Adult social work")
    follow_up = services.add_follow_up(
        plan=plan,
        referral=referral,
        by=worker,
        due_on=timezone.localdate() + dt.timedelta(days=5),
        channel="phone",
        contact_by=worker,
    )
    assert client.pk not in {row["client_id"] for row in rule.matches()}
    assert client not in clients_without_next_contact(worker)
    services.mark_follow_up_done(follow_up=follow_up, referral=referral, by=worker)
    assert client.pk in {row["client_id"] for row in rule.matches()}
