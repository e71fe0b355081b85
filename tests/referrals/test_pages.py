"""Referral pages, and their own authorization matrix: the referral-based URLs are not found
by tests/access (they carry referral_id, not client_id), so every one is checked here for the
partner, another partner, the receiving team and an outsider."""

import pytest
from django.urls import reverse

from polku.audit.models import AuditEvent
from polku.referrals import services
from polku.referrals.models import Referral
from tests.conftest import login

from .conftest import referral_data

pytestmark = pytest.mark.django_db

PARTNER_GET = ["referrals:partner_detail", "referrals:handout"]
TEAM_GET = ["referrals:team_detail", "referrals:discharge"]
TEAM_POST = [
    "referrals:claim",
    "referrals:status",
    "referrals:open_case",
    "referrals:team_withdraw",
]


def _as(http, user):
    http.logout()
    http.cookies.load({"django_language": "en"})
    return login(http, user)


def _url(name, referral):
    return reverse(name, kwargs={"referral_id": referral.pk})


@pytest.mark.parametrize("name", PARTNER_GET + TEAM_GET)
def test_matrix_get(client, referral, partner, other_partner, worker, outsider, name):
    expected = {
        "partner": name in PARTNER_GET,
        "team": name in TEAM_GET or name == "referrals:handout",
    }
    for who, user in (
        ("partner", partner),
        ("other", other_partner),
        ("team", worker),
        ("outsider", outsider),
    ):
        http = _as(client, user)
        response = http.get(_url(name, referral))
        allowed = expected.get(who, False)
        assert response.status_code == (200 if allowed else 404), (who, name)


@pytest.mark.parametrize("name", [*TEAM_POST, "referrals:partner_withdraw"])
def test_matrix_post_refuses_others(client, referral, other_partner, outsider, partner, name):
    strangers = [other_partner, outsider]
    if name in TEAM_POST:
        strangers.append(partner)
    for user in strangers:
        http = _as(client, user)
        assert http.post(_url(name, referral), {}).status_code == 404, (user.username, name)
    referral.refresh_from_db()
    assert referral.status == "received" and referral.consent_withdrawn_at is None


def test_lists_are_for_their_own_side(client, referral, partner, worker, outsider):
    http = _as(client, partner)
    page = http.get(reverse("referrals:partner_list")).content.decode()
    # The partner sees the name of the client it referred (not the identity code)...
    assert referral.reference in page and referral.full_name in page
    assert referral.hetu_masked not in page
    assert http.get(reverse("referrals:queue")).status_code == 404
    http = _as(client, worker)
    assert http.get(reverse("referrals:partner_list")).status_code == 404
    page = http.get(reverse("referrals:queue")).content.decode()
    assert referral.last_name in page and referral.reference in page
    http = _as(client, outsider)
    assert http.get(reverse("referrals:queue")).status_code == 404
    assert http.get(reverse("referrals:new")).status_code == 404


def test_partner_creates_through_the_form_and_bad_input_is_explained(client, partner, team):
    http = _as(client, partner)
    assert http.get(reverse("referrals:new")).status_code == 200
    bad = referral_data(hetu="010190-1234", consent_in_person="", situation="")
    bad = {k: v for k, v in bad.items() if v not in (False, "")}
    response = http.post(reverse("referrals:new"), {"team": team.pk, **bad})
    page = response.content.decode()
    assert response.status_code == 400
    assert "check character does not match" in page
    assert "consent to this referral must be given in person" in page
    assert "in the client&#x27;s own words" in page or "client's own words" in page
    assert not Referral.objects.exists()
    good = {k: v for k, v in referral_data().items() if v is not False}
    response = http.post(reverse("referrals:new"), {"team": team.pk, **good})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert response["Location"] == _url("referrals:partner_detail", referral)


def test_partner_page_shows_the_status_change_and_no_client_data(client, referral, partner, worker):
    http = _as(client, worker)
    assert http.post(_url("referrals:claim", referral)).status_code == 302
    assert http.post(_url("referrals:status", referral), {"status": "contacted"}).status_code == 302
    http = _as(client, partner)
    page = http.get(_url("referrals:partner_detail", referral)).content.decode()
    assert 'data-status="contacted"' in page
    assert worker.get_full_name() in page
    assert referral.full_name in page  # the partner referred this client
    for secret in (referral.hetu_masked, "rent", "040 000 0000"):
        assert secret not in page
    assert AuditEvent.objects.filter(
        actor=partner,
        target=f"referral:{referral.pk}:status",
        action="view",
        details__client_name_shown=True,
    ).exists()


def test_partner_sees_the_client_name_while_the_consent_lasts_and_nothing_after(
    client, referral, partner
):
    http = _as(client, partner)
    page = http.get(reverse("referrals:partner_list")).content.decode()
    assert referral.full_name in page
    listed = AuditEvent.objects.get(actor=partner, target="referral_list:partner")
    assert listed.details["client_names_shown"] == [referral.pk]
    services.withdraw_consent(referral=referral, by=partner)
    page = http.get(reverse("referrals:partner_list")).content.decode()
    assert referral.full_name not in page and referral.reference not in page
    assert http.get(_url("referrals:partner_detail", referral)).status_code == 404


def test_the_handout_is_in_the_clients_language_and_as_pdf(client, referral, partner, worker):
    services.claim(referral=referral, by=worker)
    http = _as(client, partner)
    page = http.get(_url("referrals:handout", referral)).content.decode()
    assert '<section class="handout" lang="sv"' in page
    assert worker.get_full_name() in page and "040 123 4567" in page
    # The handout is in the client's Swedish; the reader's interface stays in English.
    assert "Vem kontaktar dig" in page
    assert '<html lang="en">' in page and "Download as PDF" in page
    assert '<option value="en" lang="en" selected>' in page
    after = http.get(reverse("referrals:partner_list")).content.decode()
    assert '<html lang="en">' in after
    response = http.get(_url("referrals:handout", referral) + "?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_claim_race_in_the_page_answers_conflict(client, referral, worker, colleague):
    services.claim(referral=referral, by=worker)
    http = _as(client, colleague)
    response = http.post(_url("referrals:claim", referral))
    assert response.status_code == 409
    assert "already been claimed" in response.content.decode()


def test_partner_withdraws_and_loses_the_page(client, referral, partner):
    http = _as(client, partner)
    response = http.post(_url("referrals:partner_withdraw", referral), {"reason": "no"})
    assert response.status_code == 302
    assert http.get(_url("referrals:partner_detail", referral)).status_code == 404


def test_open_case_and_the_client_referrals_page(client, referral, worker, outsider):
    services.claim(referral=referral, by=worker)
    http = _as(client, worker)
    response = http.post(_url("referrals:open_case", referral), {})
    assert response.status_code == 302
    referral.refresh_from_db()
    url = reverse("referrals:client_referrals", kwargs={"client_id": referral.client_id})
    assert response["Location"] == f"/clients/{referral.client_id}/"
    page = http.get(url).content.decode()
    assert referral.reference in page
    assert http.get(f"/clients/{referral.client_id}/").status_code == 200
    path_page = http.get(f"/clients/{referral.client_id}/path/").content.decode()
    assert "Referral to Kela special services" in path_page
    assert _as(client, outsider).get(url).status_code == 404


def test_discharge_plan_through_the_page_and_the_worklist(client, referral, worker):
    services.claim(referral=referral, by=worker)
    http = _as(client, worker)
    url = _url("referrals:discharge", referral)
    response = http.post(url, {"plan-discharge_on": "", "plan-destination": ""})
    assert response.status_code == 400
    response = http.post(
        url,
        {
            "plan-discharge_on": "2030-05-02",
            "plan-destination": "Rented flat",
            "plan-social_services_contact": "Adult social work",
        },
    )
    assert response.status_code == 302
    response = http.post(
        url,
        {
            "add_follow_up": "1",
            "follow-contact_by": worker.pk,
            "follow-due_on": "2030-05-03",
            "follow-channel": "phone",
            "follow-note": "How did the move go",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = http.get(url).content.decode()
    assert "How did the move go" in page
    # The team's history names the follow-up's day as people write it, not 2030-05-03.
    page = http.get(_url("referrals:team_detail", referral)).content.decode()
    assert "3.5.2030" in page and "2030-05-03" not in page


def test_worklist_shows_my_waiting_referrals_and_escalation(client, referral, worker, manager):
    import datetime as dt

    services.claim(referral=referral, by=worker)
    page = _as(client, worker).get(reverse("worklists:worklist")).content.decode()
    assert "My referrals waiting for the first contact" in page and referral.reference in page
    Referral.objects.filter(pk=referral.pk).update(deadline=dt.date(2020, 1, 2))
    page = _as(client, manager).get(reverse("worklists:worklist")).content.decode()
    assert "Past the deadline in the teams you manage" in page and referral.reference in page
    page = _as(client, manager).get(reverse("referrals:queue")).content.decode()
    assert "escalated to you" in page and "Overdue by" in page


def test_navigation_entries(client, partner, worker, outsider, team):
    page = _as(client, partner).get(reverse("referrals:partner_list")).content.decode()
    assert 'href="/referrals/"' in page
    page = _as(client, worker).get(reverse("referrals:queue")).content.decode()
    assert 'href="/referrals/queue/"' in page
    page = _as(client, outsider).get(reverse("worklists:worklist")).content.decode()
    assert 'href="/referrals/queue/"' not in page


def test_the_partner_reaches_the_case_only_when_the_consent_covers_them(
    client, make_referral, partner, worker
):
    private = make_referral()
    shared = make_referral()
    for referral, share in ((private, False), (shared, True)):
        services.claim(referral=referral, by=worker)
        services.open_case(referral=referral, by=worker, share_with_partner=share)
        referral.refresh_from_db()
    http = _as(client, partner)
    page = http.get(_url("referrals:partner_detail", private)).content.decode()
    assert 'id="client-case"' not in page
    assert http.get(f"/clients/{private.client_id}/").status_code == 404
    page = http.get(_url("referrals:partner_detail", shared)).content.decode()
    assert f'href="/clients/{shared.client_id}/"' in page
    assert http.get(f"/clients/{shared.client_id}/").status_code == 200


def test_handout_before_the_claim_tells_the_deadline(client, referral, partner):
    page = _as(client, partner).get(_url("referrals:handout", referral)).content.decode()
    assert referral.reference in page and 'lang="sv"' in page


def test_the_saved_discharge_date_is_prefilled_as_iso_and_saves_again(client, referral, worker):
    """Issue 16: the date input showed value="04.12.2026", which browsers show as empty, so
    saving the page again failed. An <input type="date"> gets the ISO value."""
    services.claim(referral=referral, by=worker)
    http = _as(client, worker)
    url = _url("referrals:discharge", referral)
    data = {
        "plan-discharge_on": "2030-05-02",
        "plan-destination": "Rented flat",
        "plan-social_services_contact": "Adult social work",
    }
    assert http.post(url, data).status_code == 302
    page = http.get(url).content.decode()
    assert 'type="date" name="plan-discharge_on" value="2030-05-02"' in page
    assert "02.05.2030" not in page
    again = http.post(url, {**data, "plan-destination": "Supported housing"})
    assert again.status_code == 302


# Issue #18, finding 15: after the client withdraws the consent, the receiving team keeps only
# the record that the referral was received and answered (read-only, audited), nothing else.

PERSONAL = (
    "Kerttuliina",
    "Esimerkkiläinen",
    "do not know how to pay the rent",
    "040 000 0000",
)


@pytest.mark.parametrize("by", ["partner", "worker"])
def test_after_withdrawal_the_team_sees_only_the_record(client, referral, partner, worker, by):
    services.claim(
        referral=referral, by=worker, note="Kerttuliina Esimerkkiläinen asked for a call"
    )
    services.withdraw_consent(
        referral=referral,
        by=partner if by == "partner" else worker,
        reason="Kerttuliina changed mind",
    )
    referral.refresh_from_db()
    for who in (worker, worker.referral_teams.get().service_manager):
        http = _as(client, who)
        response = http.get(_url("referrals:team_detail", referral))
        assert response.status_code == 200
        page = response.content.decode()
        assert referral.reference in page and "Client declined" in page
        assert worker.get_full_name() in page  # who answered it
        for personal in (*PERSONAL, referral.hetu_masked, "changed mind", "asked for a call"):
            assert personal not in page, personal
        base = f"/referrals/queue/{referral.pk}/"
        for action in ("claim/", "status/", "open-case/", "withdraw/", "discharge/"):
            assert base + action not in page  # read-only: no forms, no links on
        assert f"/referrals/{referral.pk}/handout/" not in page
        event = AuditEvent.objects.filter(actor=who).latest("pk")
        assert event.target == f"referral:{referral.pk}:withdrawn_record"


@pytest.mark.parametrize("name", ["referrals:discharge", "referrals:handout"])
def test_after_withdrawal_the_other_team_pages_are_gone(client, referral, partner, worker, name):
    services.claim(referral=referral, by=worker)
    services.withdraw_consent(referral=referral, by=partner)
    assert _as(client, worker).get(_url(name, referral)).status_code == 404


@pytest.mark.parametrize("name", ["referrals:claim", "referrals:status", "referrals:open_case"])
def test_after_withdrawal_the_team_cannot_act_on_it(client, referral, partner, worker, name):
    services.withdraw_consent(referral=referral, by=partner)
    assert _as(client, worker).post(_url(name, referral), {}).status_code == 404


def test_withdrawal_recorded_by_the_team_leads_to_the_record(client, referral, worker):
    http = _as(client, worker)
    response = http.post(_url("referrals:team_withdraw", referral), {"reason": "no"}, follow=True)
    assert response.status_code == 200
    assert "Esimerkkiläinen" not in response.content.decode()


def test_the_record_is_only_for_the_team(client, referral, partner, other_partner, outsider):
    services.withdraw_consent(referral=referral, by=partner)
    for user in (partner, other_partner, outsider):
        assert _as(client, user).get(_url("referrals:team_detail", referral)).status_code == 404


def _working_days_ago(n):
    """The day with exactly `n` Finnish working days after it up to today (inclusive)."""
    import datetime as dt

    from django.utils import timezone

    from polku.referrals.working_days import is_working_day

    day, counted = timezone.localdate(), 0
    while counted < n:
        if is_working_day(day):
            counted += 1
        day -= dt.timedelta(days=1)
    return day


def test_the_partner_is_told_the_referral_is_late_as_the_team_is(client, referral, partner, worker):
    """The walk: the team's queue said 2 working days late, the partner saw only the date."""
    Referral.objects.filter(pk=referral.pk).update(deadline=_working_days_ago(2))
    late = "Overdue by 2 working days"
    assert late in _as(client, worker).get(reverse("referrals:queue")).content.decode()
    http = _as(client, partner)
    assert late in http.get(_url("referrals:partner_detail", referral)).content.decode()
    listed = http.get(reverse("referrals:partner_list")).content.decode()
    assert late in listed and 'class="overdue"' in listed
    # Once the client has been contacted, the deadline no longer runs for either side.
    services.claim(referral=referral, by=worker)
    services.change_status(referral=referral, by=worker, to="contacted")
    assert "Overdue" not in http.get(_url("referrals:partner_detail", referral)).content.decode()


def test_worklist_follow_ups_say_whether_due_today_or_late(client, referral, worker):
    """A follow-up after discharge on the worklist says its state, not only its day."""
    import datetime as dt

    from django.utils import timezone

    from polku.referrals.models import DischargePlan, FollowUp

    services.claim(referral=referral, by=worker)
    today = timezone.localdate()
    plan = DischargePlan.objects.create(
        referral=referral,
        discharge_on=today,
        destination="Rented flat",
        social_services_contact="Adult social work",
        created_by=worker,
    )
    FollowUp.objects.create(
        plan=plan, contact_by=worker, due_on=today, channel="phone", note="Call today"
    )
    FollowUp.objects.create(
        plan=plan,
        contact_by=worker,
        due_on=today - dt.timedelta(days=2),
        channel="phone",
        note="Call forgotten",
    )
    page = _as(client, worker).get(reverse("worklists:worklist")).content.decode()
    items = page.split("Follow-ups after discharge")[1].split("</ul>")[0].split("<li>")
    today_item = next(item for item in items if "Call today" in item)
    late_item = next(item for item in items if "Call forgotten" in item)
    assert "Due today" in today_item
    assert "2 days late" in late_item


def test_referral_pages_and_changes_are_audited_under_the_referral_consent(
    client, referral, partner, worker
):
    """The walk: the client's "who looked" said no purpose for the shelter worker's views
    of her own referral, although she worked under the client's consent to it."""
    http = _as(client, worker)
    http.get(_url("referrals:team_detail", referral))
    http.post(_url("referrals:claim", referral))
    _as(client, partner).get(_url("referrals:partner_detail", referral))
    _as(client, partner).get(reverse("referrals:partner_list"))
    events = AuditEvent.objects.filter(target__startswith="referral")
    assert events.filter(actor=partner).count() >= 2
    assert events.filter(actor=worker, action="update").exists()
    assert set(events.values_list("purpose", flat=True)) == {"referral"}


def _contacted(referral, worker, *, deadline, on):
    """The referral claimed and the client contacted through the real flow, then its dates
    pinned: the deadline and the day of the contact (noon, local time)."""
    import datetime as dt

    from django.utils import timezone

    services.claim(referral=referral, by=worker)
    services.change_status(referral=referral, by=worker, to="contacted")
    Referral.objects.filter(pk=referral.pk).update(
        deadline=deadline, contacted_at=timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    )


def test_the_sender_sees_when_and_by_whom_the_client_was_contacted_in_time(
    client, referral, partner, worker
):
    """The walk: after "Client contacted" the partner's page still said only "at the latest
    8.12.2026" — not that the client was reached, when, by whom, or in time."""
    import datetime as dt

    _contacted(referral, worker, deadline=dt.date(2026, 11, 24), on=dt.date(2026, 11, 22))
    said = "Leena Kivelä contacted the client on 22.11.2026, within the deadline"
    http = _as(client, partner)
    assert said in http.get(_url("referrals:partner_detail", referral)).content.decode()
    assert said in http.get(reverse("referrals:partner_list")).content.decode()
    team = _as(client, worker).get(_url("referrals:team_detail", referral)).content.decode()
    assert said in team
    assert "Client contacted" in team.split('id="history-heading"')[1]  # the contact event


def test_the_sender_sees_how_late_the_contact_was(client, referral, partner, worker):
    import datetime as dt

    # Deadline Tuesday 24.11.2026, contact Thursday 26.11.2026: two working days late.
    _contacted(referral, worker, deadline=dt.date(2026, 11, 24), on=dt.date(2026, 11, 26))
    said = "Leena Kivelä contacted the client on 26.11.2026, 2 working days late"
    http = _as(client, partner)
    assert said in http.get(_url("referrals:partner_detail", referral)).content.decode()
    assert said in _as(client, worker).get(_url("referrals:team_detail", referral)).content.decode()
    # In Finnish, the sender's language by default.
    http = _as(client, partner)
    http.cookies.load({"django_language": "fi"})
    page = http.get(_url("referrals:partner_detail", referral)).content.decode()
    assert "Leena Kivelä otti yhteyttä asiakkaaseen 26.11.2026, 2 työpäivää myöhässä" in page


def test_the_partner_sees_the_urgency_that_set_the_deadline(client, make_referral, partner):
    """The walk: sent 30.11 → due 1.12, sent 1.12 → due 4.12, and nothing said why."""
    urgent = make_referral(urgency="urgent")
    http = _as(client, partner)
    page = http.get(_url("referrals:partner_detail", urgent)).content.decode()
    assert 'data-urgency="urgent">Urgent<' in page
    make_referral(urgency="normal")
    listed = http.get(reverse("referrals:partner_list")).content.decode()
    assert 'data-urgency="urgent">Urgent<' in listed
    assert 'data-urgency="normal">Normal<' in listed


def test_the_form_says_the_answer_time_of_each_urgency_from_the_deadline_rule(
    client, partner, team, settings
):
    settings.POLKU_REFERRAL_DEADLINES = {"urgent": 2}
    page = _as(client, partner).get(reverse("referrals:new")).content.decode()
    assert "Urgent: first contact within 2 working days" in page  # the setting, not a copy
    assert "Soon: first contact within 3 working days" in page
    assert "Normal: first contact within 7 working days" in page
    settings.POLKU_REFERRAL_DEADLINES = {"urgent": 1}
    page = _as(client, partner).get(reverse("referrals:new")).content.decode()
    assert "Urgent: first contact within 1 working day<" in page
