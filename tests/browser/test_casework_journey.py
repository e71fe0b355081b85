"""Casework in a real browser: several organisations at one table.

* The first joint meeting, end to end: plan it, see that it cannot be closed without
  agreements, record who does what by when and the next contact, close it, download the
  calendar invitation; the other professional then finds their agreement on their worklist.
* The warm handover: propose, plan and link the joint handover meeting, close it, and the
  receiver accepts and becomes the personal coordinator.
* The holistic assessment: a low self-rated work ability raises the early-warning signpost on
  the client overview.

Everyone signs in through the real password + TOTP forms. Elements are found by name
attributes, ids and URLs rather than visible text (the translations are still being written).
Every page visited is checked with axe-core (check_page), see conftest.py.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from polku.accounts.models import Profession
from polku.assessment.models import Assessment
from polku.clients import services as clients
from polku.clients.models import NetworkMember, NetworkRole
from polku.handover.models import Handover, HandoverStatus
from polku.meetings.models import Agreement, Meeting, MeetingKind, MeetingStatus, NextContact
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-testi-123"


# --- helpers ---------------------------------------------------------------------------------


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _url(path: str) -> re.Pattern:
    """Matches the page's URL by path (and query), whatever the live server's address."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


def _finnish_date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _submit(form) -> None:
    form.locator("button[type=submit]").click()


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="puhelin", confirmed=True)


def _sign_in(page: Page, check_page, user) -> None:
    """Through the real forms: password, then the code from the user's authenticator."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or _device(user)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)$"))
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    _submit(form)
    expect(page).to_have_url(re.compile(r"/accounts/login/verify/\?next=(/|%2F)$"))
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("input[name=token]").fill(_code(device))
    _submit(form)
    expect(page).to_have_url(_url("/"))
    expect(page.locator(".site-header__user")).to_contain_text(user.get_full_name())
    check_page()


def _sign_out(page: Page, check_page) -> None:
    _submit(page.locator("form[action='/accounts/logout/']"))
    expect(page).to_have_url(_url("/accounts/login/"))
    check_page()


def _open_client(page: Page, check_page, client) -> None:
    page.goto(f"/clients/{client.pk}/")
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    expect(page.locator("h1")).to_have_text(client.full_name)
    check_page()


def _meeting_url(client) -> re.Pattern:
    return re.compile(rf"^https?://[^/]+/clients/{client.pk}/meetings/(\d+)/$")


def _fill_meeting(page: Page, *, kind: str | None, place: str, participants: list) -> None:
    """The plan-a-meeting form: in person, three days from now, 13.00–14.30."""
    form = page.locator("main form[method=post]")
    if kind is not None:
        form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=mode][value=in_person]").check()
    form.locator("input[name=day]").fill(_finnish_date(_in_days(3)))
    form.locator("input[name=start_time]").fill("13.00")
    form.locator("input[name=end_time]").fill("14.30")
    form.locator("input[name=place]").fill(place)
    form.locator("textarea[name=agenda]").fill("Tilanne, tavoitteet ja seuraavat askeleet.")
    expect(form.locator("input[name=client_present]")).to_be_checked()
    for person in participants:
        form.locator(f"input[name=participants][value='{person.pk}']").check()
    _submit(form)


def _agreement_form(page: Page):
    return page.locator("main form[action$='/agreements/']")


def _add_agreement(page: Page, check_page, meeting_path: str, *, owner: str, what: str, due):
    form = _agreement_form(page)
    form.locator("select[name=agreement-owner]").select_option(owner)
    form.locator("input[name=agreement-what]").fill(what)
    form.locator("input[name=agreement-due_on]").fill(_finnish_date(due))
    _submit(form)
    expect(page).to_have_url(_url(meeting_path))
    expect(page.locator("main .messages [role=status]")).to_be_visible()
    rows = page.locator("section[aria-labelledby=agreements-heading] table tbody tr")
    expect(rows.filter(has_text=what)).to_have_count(1)
    expect(rows.filter(has_text=what)).to_contain_text(_finnish_date(due))
    check_page()


def _set_next_contact(page: Page, check_page, meeting_path: str, *, by, due) -> None:
    """`by` contacts the client (contact_to empty = the client)."""
    form = page.locator("main form[action$='/next-contact/']")
    form.locator("select[name=contact-contact_by]").select_option(str(by.pk))
    form.locator("select[name=contact-contact_to]").select_option("")
    form.locator("input[name=contact-due_on]").fill(_finnish_date(due))
    form.locator("select[name=contact-channel]").select_option("phone")
    _submit(form)
    expect(page).to_have_url(_url(meeting_path))
    expect(page.locator("main .messages [role=status]")).to_be_visible()
    expect(page.locator("section[aria-labelledby=next-contact-heading]")).to_contain_text(
        _finnish_date(due)
    )
    check_page()


def _close_meeting(page: Page, check_page, meeting_path: str) -> None:
    _submit(page.locator("main form[action$='/close/']"))
    expect(page).to_have_url(_url(meeting_path))
    expect(page.locator("main .messages [role=status]")).to_be_visible()
    # A closed meeting can no longer be changed: the forms are gone.
    expect(page.locator("main form[action$='/close/']")).to_have_count(0)
    expect(_agreement_form(page)).to_have_count(0)
    expect(page.locator(f"main a[href='{meeting_path}edit/']")).to_have_count(0)
    check_page()


# --- people and the client --------------------------------------------------------------------


@pytest.fixture
def employment(municipality):
    return ProfessionalFactory(
        username="tyollisyys",
        first_name="Tuula",
        last_name="Työläinen",
        organisation=municipality,
        profession=Profession.EMPLOYMENT_COUNSELLOR,
    )


@pytest.fixture
def nurse():
    health = OrganisationFactory(name="Seinäjoen terveyskeskus", kind="health")
    return ProfessionalFactory(
        username="hoitaja",
        first_name="Helena",
        last_name="Hoivanen",
        organisation=health,
        profession=Profession.NURSE,
    )


@pytest.fixture
def named_coordinator(coordinator):
    coordinator.first_name, coordinator.last_name = "Kaisa", "Koordinoija"
    coordinator.save(update_fields=["first_name", "last_name"])
    return coordinator


@pytest.fixture
def network_client(named_coordinator, employment, nurse):
    """A client whose consent covers Kela (the coordinator), the employment services and
    health care, with a professional from each of the latter two in the network."""
    client = make_client(
        coordinator=named_coordinator,
        consent_organisations=[employment.organisation, nurse.organisation],
        first_names="Aino",
        last_name="Verkkonen",
    )
    for person in (employment, nurse):
        clients.add_member(client=client, by=named_coordinator, professional=person)
    return client


# --- 1. the first joint meeting ------------------------------------------------------------


def test_first_joint_meeting_end_to_end(
    page, check_page, screenshot, named_coordinator, employment, nurse, network_client
):
    client = network_client
    coordinator = named_coordinator
    _sign_in(page, check_page, coordinator)

    # My clients → the client's overview.
    page.locator(f"main a[href='/clients/{client.pk}/']").first.click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    check_page()

    # Plan the first joint meeting with professionals from two other organisations.
    page.locator(
        f"section[aria-labelledby=meetings-heading] a[href='/clients/{client.pk}/meetings/new/']"
    ).click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/meetings/new/"))
    # Only network members are offered, the organiser not among them.
    participants = page.locator("main input[name=participants]")
    expect(participants).to_have_count(2)
    check_page()
    _fill_meeting(
        page,
        kind=MeetingKind.FIRST_JOINT,
        place="Kelan toimisto, Kauppakatu 1, Seinäjoki",
        participants=[employment, nurse],
    )
    expect(page).to_have_url(_meeting_url(client))
    meeting = Meeting.objects.get(client=client)
    path = f"/clients/{client.pk}/meetings/{meeting.pk}/"
    expect(page).to_have_url(_url(path))
    expect(page.locator("main .messages [role=status]")).to_be_visible()
    assert meeting.kind == MeetingKind.FIRST_JOINT
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.place == "Kelan toimisto, Kauppakatu 1, Seinäjoki"
    assert timezone.localtime(meeting.starts_at).date() == _in_days(3)
    assert timezone.localtime(meeting.starts_at).time() == dt.time(13, 0)
    assert {p.professional_id for p in meeting.participants.all()} == {
        coordinator.pk,
        employment.pk,
        nurse.pk,
    }
    table = page.locator("section[aria-labelledby=participants-heading]")
    for person in (coordinator, employment, nurse):
        expect(table).to_contain_text(person.get_full_name())
        expect(table).to_contain_text(person.organisation.name)
    expect(page.locator("section[aria-labelledby=details-heading]")).to_contain_text("Kauppakatu 1")
    check_page()

    # Closing without agreements and the next contact is refused, and says why.
    _submit(page.locator("main form[action$='/close/']"))
    expect(page).to_have_url(_url(f"{path}close/"))
    refusal = page.get_by_role("alert")
    expect(refusal).to_be_visible()
    expect(refusal).to_be_focused()  # polku.js moves focus to the summary
    expect(refusal.locator("li")).to_have_count(3)  # cannot close + the two missing things
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    check_page()
    screenshot("meeting-close-refused")

    # Who does what by when: another professional, and the client themself.
    employment_task = "Selvittää työkokeilupaikat Seinäjoen alueelta"
    client_task = "Hakee Kelasta kuntoutusrahaa"
    employment_due = _in_days(5)  # within the worklist's horizon (7 days)
    _add_agreement(
        page, check_page, path, owner=str(employment.pk), what=employment_task, due=employment_due
    )
    _add_agreement(page, check_page, path, owner="client", what=client_task, due=_in_days(10))
    contact_due = _in_days(14)
    _set_next_contact(page, check_page, path, by=coordinator, due=contact_due)

    _close_meeting(page, check_page, path)
    screenshot("meeting-closed")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    assert meeting.closed_by_id == coordinator.pk
    task = Agreement.objects.get(meeting=meeting, what=employment_task)
    assert task.owner_id == employment.pk
    assert task.due_on == employment_due
    assert Agreement.objects.get(meeting=meeting, what=client_task).owner_is_client
    contact = NextContact.objects.get(meeting=meeting)
    assert (contact.contact_by_id, contact.contact_to_id, contact.due_on) == (
        coordinator.pk,
        None,
        contact_due,
    )

    # The calendar invitation downloads as an iCalendar file without the client's name.
    invite = page.locator(f"main a[href='{path}invite.ics']")
    with page.expect_download() as download_info:
        invite.click()
    download = download_info.value
    assert download.suggested_filename == f"polku-meeting-{meeting.pk}.ics"
    with open(download.path(), encoding="utf-8") as handle:
        ics = handle.read()
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in ics
    assert client.last_name not in ics
    response = page.context.request.get(f"{path}invite.ics")
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.text().startswith("BEGIN:VCALENDAR")

    # The overview shows the open agreements and the next contact.
    page.locator(f"main a[href='/clients/{client.pk}/']").first.click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    section = page.locator("section[aria-labelledby=meetings-heading]")
    expect(section.locator("tbody tr")).to_have_count(2)
    expect(section.locator("tbody tr").filter(has_text=employment_task)).to_contain_text(
        employment.get_full_name()
    )
    expect(section).to_contain_text(_finnish_date(contact_due))
    check_page()

    # The other professional signs in and finds the agreement on their worklist.
    _sign_out(page, check_page)
    _sign_in(page, check_page, employment)
    page.goto("/worklist/")
    expect(page).to_have_url(_url("/worklist/"))
    mine = page.locator("section[aria-labelledby=agreements-heading] tbody tr")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text(employment_task)
    expect(mine).to_contain_text(_finnish_date(employment_due))
    expect(mine.locator(f"a[href='/clients/{client.pk}/']")).to_have_text(
        f"{client.last_name}, {client.first_names}"
    )
    # The client's own agreement is not on a professional's worklist.
    expect(page.locator("main")).not_to_contain_text(client_task)
    check_page()
    screenshot("worklist-agreement")

    mine.locator(f"a[href='/clients/{client.pk}/']").click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    check_page()


# --- 2. the warm handover --------------------------------------------------------------------


def test_warm_handover_with_a_joint_meeting(
    page, check_page, screenshot, named_coordinator, employment, network_client
):
    client = network_client
    coordinator, receiver = named_coordinator, employment
    _sign_in(page, check_page, coordinator)
    _open_client(page, check_page, client)

    # Propose the handover to a network member whose organisation the consent covers.
    page.locator(
        f"section[aria-labelledby=handover-heading] a[href='/clients/{client.pk}/handover/new/']"
    ).click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/handover/new/"))
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("select[name=to_professional]").select_option(str(receiver.pk))
    form.locator("input[name=reason]").fill("Työllistymisen tuki on nyt pääasia.")
    form.locator("textarea[name=summary]").fill(
        "Kuntoutusrahahakemus on vireillä. Työkokeilu alkaa keväällä."
    )
    _submit(form)
    handover = Handover.objects.get(client=client)
    handover_path = f"/clients/{client.pk}/handover/{handover.pk}/"
    expect(page).to_have_url(_url(handover_path))
    expect(page.locator("main .messages [role=status]")).to_be_visible()
    assert handover.status == HandoverStatus.PROPOSED
    assert handover.to_professional_id == receiver.pk
    # The proposer sees no accept button: only the receiver decides.
    expect(page.locator("main form[action$='/accept/']")).to_have_count(0)
    check_page()

    # Plan the joint handover meeting from the handover page.
    page.locator(f"main a[href='/clients/{client.pk}/meetings/new/?kind=handover']").click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/meetings/new/?kind=handover"))
    expect(page.locator("main select[name=kind]")).to_have_value(MeetingKind.HANDOVER)
    check_page()
    _fill_meeting(
        page, kind=None, place="Työllisyyspalvelut, Koulukatu 2, Seinäjoki", participants=[receiver]
    )
    expect(page).to_have_url(_meeting_url(client))
    meeting = Meeting.objects.get(client=client)
    assert meeting.kind == MeetingKind.HANDOVER
    meeting_path = f"/clients/{client.pk}/meetings/{meeting.pk}/"
    check_page()

    # Back to the handover (via the overview) and link the meeting to it.
    page.locator(f"main a[href='/clients/{client.pk}/']").first.click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    check_page()
    page.locator(f"section[aria-labelledby=handover-heading] a[href='{handover_path}']").click()
    expect(page).to_have_url(_url(handover_path))
    check_page()
    form = page.locator("main form[action$='/meeting/']")
    form.locator("select[name=meeting]").select_option(str(meeting.pk))
    _submit(form)
    expect(page).to_have_url(_url(handover_path))
    expect(page.locator("main .messages [role=status]")).to_be_visible()
    handover.refresh_from_db()
    assert handover.meeting_id == meeting.pk
    check_page()

    # Hold the meeting: an agreement for the receiver, the next contact, close.
    page.locator(f"section[aria-labelledby=status-heading] a[href='{meeting_path}']").click()
    expect(page).to_have_url(_url(meeting_path))
    check_page()
    _add_agreement(
        page,
        check_page,
        meeting_path,
        owner=str(receiver.pk),
        what="Soittaa asiakkaalle ja sopii ensitapaamisen",
        due=_in_days(4),
    )
    _set_next_contact(page, check_page, meeting_path, by=receiver, due=_in_days(7))
    _close_meeting(page, check_page, meeting_path)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.PROPOSED  # the coordinator is still responsible

    # The receiver signs in, finds the handover on their worklist and accepts.
    _sign_out(page, check_page)
    _sign_in(page, check_page, receiver)
    page.goto("/worklist/")
    expect(page).to_have_url(_url("/worklist/"))
    waiting = page.locator("section[aria-labelledby=handovers-heading] tbody tr")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text(coordinator.get_full_name())
    check_page()
    waiting.locator(f"a[href='/clients/{client.pk}/']").click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    check_page()
    page.locator(f"section[aria-labelledby=handover-heading] a[href='{handover_path}']").click()
    expect(page).to_have_url(_url(handover_path))
    check_page()
    _submit(page.locator("main form[action$='/accept/']"))
    expect(page).to_have_url(_url(handover_path))
    expect(page.locator("main .messages [role=status]")).to_be_visible()
    expect(page.locator("main form[action$='/accept/']")).to_have_count(0)
    check_page()
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.ACCEPTED

    # The overview now shows the receiver as the personal coordinator.
    page.locator(f"main a[href='/clients/{client.pk}/']").first.click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    network = page.locator("section[aria-labelledby=network-heading] tbody tr")
    coordinator_row = network.filter(has=page.locator(".badge--coordinator"))
    expect(coordinator_row).to_have_count(1)
    expect(coordinator_row).to_contain_text(receiver.get_full_name())
    expect(coordinator_row).to_contain_text(receiver.organisation.name)
    periods = page.locator("section[aria-labelledby=handover-heading] table tbody tr")
    expect(periods.filter(has_text=receiver.get_full_name())).to_have_count(1)
    # No proposal is waiting any more (the accepted one is among the earlier ones), and the
    # new coordinator may propose the next handover.
    handover_section = page.locator("section[aria-labelledby=handover-heading]")
    expect(handover_section.locator("p.notice")).to_have_count(0)
    expect(handover_section.locator(f"details a[href='{handover_path}']")).to_have_count(1)
    expect(page.locator(f"main a[href='/clients/{client.pk}/handover/new/']")).to_have_count(1)
    check_page()
    screenshot("handover-accepted")
    coordinators = NetworkMember.objects.active().filter(
        client=client, role=NetworkRole.COORDINATOR
    )
    assert list(coordinators.values_list("professional_id", flat=True)) == [receiver.pk]


# --- 3. the holistic assessment ------------------------------------------------------------


def test_low_work_ability_raises_the_early_warning_signpost(
    page, check_page, screenshot, named_coordinator, network_client
):
    client = network_client
    _sign_in(page, check_page, named_coordinator)
    _open_client(page, check_page, client)
    section = page.locator("section[aria-labelledby=assessment-heading]")
    expect(section.locator("[data-signpost]")).to_have_count(0)

    section.locator(f"a[href='/clients/{client.pk}/assessments/new/']").click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/assessments/new/"))
    check_page()
    form = page.locator("main form[method=post]")
    expect(form.locator("input[name=assessed_on]")).to_have_value(
        re.compile(r"^0?" + re.escape(str(timezone.localdate().day)) + r"\.")
    )
    form.locator("input[name=assessed_on]").fill(_finnish_date(timezone.localdate()))
    form.locator("select[name=work_ability_score]").select_option("4")
    form.locator("input[name=sickness_absence_days]").fill("12")
    _submit(form)

    assessment = Assessment.objects.get(client=client)
    expect(page).to_have_url(_url(f"/clients/{client.pk}/assessments/{assessment.pk}/"))
    expect(page.locator("main .messages [role=status]")).to_be_visible()
    assert assessment.work_ability_score == 4
    assert assessment.sickness_absence_days == 12
    expect(page.locator("main [data-signpost=low_work_ability]")).to_be_visible()
    check_page()

    page.locator(f"main a[href='/clients/{client.pk}/']").first.click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    signpost = section.locator("[data-signpost=low_work_ability]")
    expect(signpost).to_be_visible()
    expect(signpost).to_contain_text("4/10")
    expect(signpost).to_contain_text("1326/2010")  # the legal source of the health check
    # Only the low score fires: 12 days of absence is under the 30-day threshold.
    expect(section.locator("[data-signpost]")).to_have_count(1)
    expect(section.locator("dl.facts")).to_contain_text("4/10")
    check_page()
    screenshot("assessment-signpost")
