"""Casework in a real browser: several organisations at one table.

* The first meetings of seeds 000 and 001, end to end: the first contact (a phone call,
  recorded afterwards), the network call with the Kela expert, then the first joint meeting:
  see that it cannot be closed without agreements nor before it has started, record who does
  what by when and the next contact (and change it: the form starts from its values), close
  it once held, download the calendar invitation and the client's summary PDF; the other
  professional then finds their agreement on their worklist. On the way: every form control is
  44 px high, "Merkitse tehdyksi" buttons fit their cells, the navigation marks no wrong page.
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
import shutil
import subprocess

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
from tests.conftest import CI
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


def _fill_meeting(
    page: Page,
    *,
    kind: str | None,
    place: str,
    participants: list,
    mode: str = "in_person",
    days: int = 3,
    start: str = "13.00",
    end: str = "14.30",
) -> None:
    """The plan-a-meeting form: by default in person, three days from now, 13.00–14.30."""
    form = page.locator("main form[method=post]")
    if kind is not None:
        form.locator("select[name=kind]").select_option(kind)
    form.locator(f"input[name=mode][value={mode}]").check()
    form.locator("input[name=day]").fill(_finnish_date(_in_days(days)))
    form.locator("input[name=start_time]").fill(start)
    form.locator("input[name=end_time]").fill(end)
    if place:
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
    """`by` contacts the client (the choice "Asiakas" of "whom")."""
    form = page.locator("main form[action$='/next-contact/']")
    form.locator("select[name=contact-contact_by]").select_option(str(by.pk))
    form.locator("select[name=contact-contact_to]").select_option("client")
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


def _meeting_has_started(meeting) -> None:
    """Time passes: the planned meeting's start comes (it began an hour ago)."""
    length = meeting.ends_at - meeting.starts_at
    starts = timezone.now() - dt.timedelta(hours=1)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=starts + length)


def _controls_are_44px_high(page: Page) -> None:
    """Every visible form control in the page's main part (url, number, date, time, select,
    textarea… not only text inputs) meets the 44 px target size."""
    heights = page.evaluate(
        """() => [...document.querySelectorAll('main input, main select, main textarea')]
            .filter(e => !['checkbox', 'radio', 'hidden'].includes(e.type) && e.offsetParent)
            .map(e => [e.name + ':' + (e.type || e.tagName), e.getBoundingClientRect().height])"""
    )
    assert heights, "the page has form controls"
    low = [(name, height) for name, height in heights if height < 44]
    assert not low, f"form controls lower than 44 px: {low}"


def _nothing_wrong_is_current(page: Page) -> None:
    """On a page named "new" (new meeting…), "Kirjaa asiakas" is not the current page."""
    nav = page.locator("nav.site-nav")
    expect(nav.locator("a[href='/clients/new/']")).not_to_have_attribute("aria-current", "page")
    expect(nav.locator("a[aria-current=page]")).to_have_count(0)


def _record_held_meeting(
    page: Page, check_page, client, *, kind: str, mode: str, days: int, participants: list, task
):
    """A meeting that has happened is recorded afterwards: planned in the past, its agreement
    and the next contact recorded, then closed as held (allowed: it has started)."""
    page.goto(f"/clients/{client.pk}/meetings/new/")
    _nothing_wrong_is_current(page)
    _fill_meeting(
        page,
        kind=kind,
        place="",
        participants=participants,
        mode=mode,
        days=days,
        start="10.00",
        end="10.30",
    )
    expect(page).to_have_url(_meeting_url(client))
    meeting = Meeting.objects.filter(client=client, kind=kind).get()
    path = f"/clients/{client.pk}/meetings/{meeting.pk}/"
    check_page()
    owner, what, due = task
    _add_agreement(page, check_page, path, owner=str(owner.pk), what=what, due=due)
    _set_next_contact(page, check_page, path, by=owner, due=_in_days(3))
    _close_meeting(page, check_page, path)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    return meeting


def _pdf_text(page: Page, url: str) -> str:
    """The PDF's text (pdftotext from poppler-utils: missing fails under CI=true)."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        if CI:
            pytest.fail("pdftotext is missing: run scripts/ensure-system-packages", pytrace=False)
        pytest.skip("pdftotext (poppler-utils) is not installed")
    response = page.context.request.get(url)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    return subprocess.run(  # noqa: S603 (a fixed program on our own PDF)
        [pdftotext, "-", "-"], input=response.body(), capture_output=True, check=True
    ).stdout.decode()


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


def _mark_done_fits_and_works(page: Page, check_page, meeting, what: str) -> None:
    """The "Merkitse tehdyksi" button of a long agreement fits its cell, is not cut off, and
    keeps the whole agreement in its accessible name; pressing it marks the agreement done."""
    path = f"/clients/{meeting.client_id}/meetings/{meeting.pk}/"
    page.goto(path)
    button = page.get_by_role("button", name=f"Merkitse tehdyksi: {what}")
    expect(button).to_have_count(1)
    expect(button).to_contain_text("Merkitse tehdyksi")
    fits = button.evaluate(
        """b => { const cell = b.closest('td').getBoundingClientRect();
                  const box = b.getBoundingClientRect();
                  return box.left >= cell.left - 1 && box.right <= cell.right + 1
                      && b.scrollWidth <= b.clientWidth + 1 && box.height >= 44; }"""
    )
    assert fits, "the button fits its table cell, whole and at least 44 px high"
    check_page()
    button.click()
    expect(page).to_have_url(_url(path))
    assert Agreement.objects.get(meeting=meeting, what=what).status == "done"
    check_page()


def test_first_joint_meeting_end_to_end(
    page, check_page, screenshot, named_coordinator, employment, nurse, network_client
):
    client = network_client
    coordinator = named_coordinator
    _sign_in(page, check_page, coordinator)

    # Seed 001: the first contact was a phone call; it is recorded afterwards, as held. The
    # kind is offered in Finnish.
    page.goto(f"/clients/{client.pk}/meetings/new/")
    expect(page.locator("select[name=kind] option[value=first_contact]")).to_have_text(
        "Ensikontakti"
    )
    _controls_are_44px_high(page)
    screenshot("meeting-form")
    call_the_network = (
        "Soittaa verkostopuhelun Kelan asiantuntijan kanssa ja kysyy, mitä kuntoutusta "
        "asiakkaalle voidaan hakea ennen kuin sairauspäivärahan enimmäisaika täyttyy"
    )
    first_contact = _record_held_meeting(
        page,
        check_page,
        client,
        kind=MeetingKind.FIRST_CONTACT,
        mode="phone",
        days=-2,
        participants=[],
        task=(coordinator, call_the_network, _in_days(2)),
    )
    screenshot("first-contact-closed")
    # ... then the network call with the other professionals, the next day.
    network_call = _record_held_meeting(
        page,
        check_page,
        client,
        kind=MeetingKind.NETWORK_CALL,
        mode="phone",
        days=-1,
        participants=[employment, nurse],
        task=(coordinator, "Kutsuu verkoston ja asiakkaan yhteiseen tapaamiseen", _in_days(1)),
    )
    # The network call was the next contact agreed in the first contact: it is done now.
    assert NextContact.objects.get(meeting=first_contact).done_at is not None
    _mark_done_fits_and_works(page, check_page, first_contact, call_the_network)
    screenshot("agreement-marked-done")
    _mark_done_fits_and_works(
        page, check_page, network_call, "Kutsuu verkoston ja asiakkaan yhteiseen tapaamiseen"
    )

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
    meeting = Meeting.objects.get(client=client, kind=MeetingKind.FIRST_JOINT)
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
    # cannot close + not started yet + the two missing things
    expect(refusal.locator("li")).to_have_count(4)
    expect(refusal).to_contain_text("vasta kun se on alkanut")
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
    _set_next_contact(page, check_page, path, by=coordinator, due=_in_days(12))
    # Changing the next contact starts from its current values, the date as d.m.yyyy.
    form = page.locator("main form[action$='/next-contact/']")
    expect(form.locator("select[name=contact-contact_by]")).to_have_value(str(coordinator.pk))
    expect(form.locator("select[name=contact-contact_to]")).to_have_value("client")
    expect(form.locator("input[name=contact-due_on]")).to_have_value(_finnish_date(_in_days(12)))
    expect(form.locator("select[name=contact-channel]")).to_have_value("phone")
    _controls_are_44px_high(page)
    _set_next_contact(page, check_page, path, by=coordinator, due=contact_due)
    screenshot("meeting-before-start")

    # All is recorded, but the meeting is in three days: it cannot be closed as held yet.
    _submit(page.locator("main form[action$='/close/']"))
    expect(page).to_have_url(_url(f"{path}close/"))
    refusal = page.get_by_role("alert")
    expect(refusal.locator("li")).to_have_count(2)  # cannot close + not started yet
    starts = timezone.localtime(meeting.starts_at)
    expect(refusal).to_contain_text(f"Tapaaminen alkaa {_finnish_date(starts.date())} klo 13.00")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and meeting.closed_at is None
    check_page()
    screenshot("meeting-close-refused-before-start")

    # Three days later the meeting has been held: now it closes.
    _meeting_has_started(meeting)
    page.goto(path)
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

    # The client's summary (PDF, in the client's language) lists both agreements and no
    # longer says the meeting is unfinished.
    summary = page.locator(f"main a[href='{path}summary.pdf']")
    expect(summary).to_have_count(1)
    text = _pdf_text(page, f"{path}summary.pdf")
    assert "Mitä sovimme" in text and "ei ole vielä päättynyt" not in text
    assert client_task in " ".join(text.split())
    assert "Selvittää työkokeilupaikat" in text
    assert _finnish_date(contact_due) in text

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


def _sign_in_again(page: Page, check_page, user) -> None:
    """Signing in a second time within the same 30-second step: the authenticator shows the
    same code, which django-otp refuses as a replay; a new step has come for the test."""
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    _sign_in(page, check_page, user)


def test_warm_handover_with_a_joint_meeting(
    page, check_page, screenshot, named_coordinator, employment, network_client
):
    """Seed 000 (AIMO): Kela's expert hands the coordinator role over to the employment
    services in person. Her open work is settled first — one task passes to the receiver, the
    one that is Kela's she keeps, walking beside the client as a network member — and
    nothing falls off a worklist."""
    client = network_client
    coordinator, receiver = named_coordinator, employment
    _sign_in(page, check_page, coordinator)
    _open_client(page, check_page, client)
    # Yesterday's network call gave her a task due in six days.
    book_assessment = "Varaa asiakkaalle ajan työkykyarvioon"
    _record_held_meeting(
        page,
        check_page,
        client,
        kind=MeetingKind.NETWORK_CALL,
        mode="phone",
        days=-1,
        participants=[receiver],
        task=(coordinator, book_assessment, _in_days(6)),
    )
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
    meeting = Meeting.objects.get(client=client, kind=MeetingKind.HANDOVER)
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
    kela_task = "Selvittää Kelasta kuntoutusrahan jatkon"
    _add_agreement(
        page, check_page, meeting_path, owner=str(coordinator.pk), what=kela_task, due=_in_days(5)
    )
    _set_next_contact(page, check_page, meeting_path, by=receiver, due=_in_days(7))
    _meeting_has_started(meeting)  # a meeting is closed as held only once it has started
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
    # Her two open tasks are not settled yet: the receiver sees them, and cannot accept.
    settle = page.locator("section[aria-labelledby=settle-heading]")
    expect(settle.locator("tbody tr")).to_have_count(2)
    expect(settle.locator("p.notice")).to_contain_text("2 tehtävää on vielä sopimatta")
    expect(settle.locator("select")).to_have_count(0)  # only she settles
    _submit(page.locator("main form[action$='/accept/']"))
    refusal = page.locator("main .error-summary")
    expect(refusal).to_contain_text(
        "Omaohjaajalla on vielä 2 avointa sopimusta, seuraavaa yhteydenottoa tai "
        "suunnitelman askelta"
    )
    check_page()
    screenshot("handover-refused-unsettled")
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.PROPOSED

    # The coordinator settles them on the handover page: the booking passes to the receiver,
    # Kela's own task she keeps.
    _sign_out(page, check_page)
    _sign_in_again(page, check_page, coordinator)
    page.goto(handover_path)
    expect(page).to_have_url(_url(handover_path))
    settle = page.locator("section[aria-labelledby=settle-heading]")
    expect(settle.locator("p.notice")).to_be_visible()
    check_page()
    booking = Agreement.objects.get(client=client, what=book_assessment)
    kept = Agreement.objects.get(client=client, what=kela_task)
    settle.locator(f"select[name=agreement-{booking.pk}]").select_option(str(receiver.pk))
    settle.locator(f"select[name=agreement-{kept.pk}]").select_option("keep")
    screenshot("handover-settling")
    _submit(settle.locator("form"))
    expect(page).to_have_url(_url(handover_path))
    expect(page.locator("main .messages [role=status]")).to_be_visible()
    expect(settle.locator("p.notice")).to_have_count(0)
    check_page()

    # Now the receiver accepts.
    _sign_out(page, check_page)
    _sign_in_again(page, check_page, receiver)
    page.goto(handover_path)
    expect(page).to_have_url(_url(handover_path))
    settle = page.locator("section[aria-labelledby=settle-heading]")
    expect(settle.locator(f"tr[data-item=agreement-{booking.pk}]")).to_contain_text(
        receiver.get_full_name()
    )
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
    booking.refresh_from_db()
    kept.refresh_from_db()
    assert booking.owner_id == receiver.pk and kept.owner_id == coordinator.pk
    # The booking is on the new coordinator's worklist.
    page.goto("/worklist/")
    mine = page.locator("section[aria-labelledby=agreements-heading] tbody tr")
    expect(mine.filter(has_text=book_assessment)).to_have_count(1)
    check_page()

    # She walks beside the client: still in the network, her kept task on her worklist, and
    # the client opens for her.
    _sign_out(page, check_page)
    _sign_in_again(page, check_page, coordinator)
    page.goto("/worklist/")
    expect(page).to_have_url(_url("/worklist/"))
    hers = page.locator("section[aria-labelledby=agreements-heading] tbody tr")
    expect(hers.filter(has_text=kela_task)).to_have_count(1)
    expect(hers.filter(has_text=book_assessment)).to_have_count(0)
    check_page()
    screenshot("handover-kept-task-on-worklist")
    hers.filter(has_text=kela_task).locator(f"a[href='/clients/{client.pk}/']").click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    expect(page.locator("h1")).to_have_text(client.full_name)
    network = page.locator("section[aria-labelledby=network-heading] tbody tr")
    her_row = network.filter(has_text=coordinator.get_full_name())
    expect(her_row).to_have_count(1)
    expect(her_row.locator(".badge--coordinator")).to_have_count(0)
    check_page()
    member = NetworkMember.objects.active().get(client=client, professional=coordinator)
    assert member.role == NetworkRole.MEMBER


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
