"""Meeting pages: plan, edit (a stale save refused on the page), agreements and the next
contact, closing (refusal shown), the overview section, the calendar invitation and the PDF."""

import datetime as dt
import shutil
import subprocess
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from polku.meetings import selectors, services
from polku.meetings.models import Agreement, Meeting, NextContact
from tests.conftest import CI, login
from tests.factories import ProfessionalFactory, make_client
from tests.meetings.helpers import complete, held, plan

pytestmark = pytest.mark.django_db


def _d(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).strftime("%d.%m.%Y")


@pytest.fixture
def http(client, coordinator):
    client.cookies.load({"django_language": "en"})
    return login(client, coordinator)


def test_plan_a_meeting_through_the_form(http, client_record, coordinator):
    url = f"/clients/{client_record.pk}/meetings/new/"
    assert http.get(url).status_code == 200
    response = http.post(
        url,
        {
            "kind": "first_joint",
            "mode": "in_person",
            "day": _d(2),
            "start_time": "13.00",
            "end_time": "14.30",
            "place": "Yhteispalvelupiste",
            "agenda": "Tavoitteet",
            "client_present": "on",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    local = timezone.localtime(meeting.starts_at)
    assert (local.hour, local.minute) == (13, 0)
    assert timezone.localtime(meeting.ends_at).minute == 30
    page = http.get(response["Location"]).content.decode()
    assert "Yhteispalvelupiste" in page and "No agreements yet." in page


def test_bad_meeting_input_shows_messages_and_saves_nothing(http, client_record):
    response = http.post(
        f"/clients/{client_record.pk}/meetings/new/",
        {
            "kind": "first_joint",
            "mode": "video",
            "day": _d(2),
            "start_time": "14.00",
            "end_time": "13.00",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A video meeting needs a link." in page
    assert "The meeting must end after it starts." in page
    assert "error-summary" in page
    assert not Meeting.objects.exists()


def test_a_stale_edit_is_refused_on_the_page(http, client_record, coordinator):
    meeting = plan(client_record, coordinator)
    services.update_meeting(
        meeting=meeting, by=coordinator, expected_version=1, data={"notes": "A"}
    )
    response = http.post(
        f"/clients/{client_record.pk}/meetings/{meeting.pk}/edit/",
        {
            "kind": "first_joint",
            "mode": "in_person",
            "day": _d(3),
            "start_time": "10.00",
            "end_time": "11.00",
            "place": "Toinen paikka",
            "notes": "B",
            "version": "1",
        },
    )
    assert response.status_code == 200
    assert "Someone else saved changes" in response.content.decode()
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.notes == "A" and stored.place != "Toinen paikka" and stored.version == 2


def test_agreements_next_contact_and_closing_through_the_page(http, client_record, coordinator):
    meeting = held(client_record, coordinator)
    base = f"/clients/{client_record.pk}/meetings/{meeting.pk}"
    refused = http.post(f"{base}/close/", {"version": meeting.version})
    assert refused.status_code == 400
    assert "The meeting cannot be closed yet." in refused.content.decode()
    bad = http.post(
        f"{base}/agreements/",
        {"agreement-owner": "client", "agreement-what": "", "agreement-due_on": _d(-1)},
    )
    assert bad.status_code == 400 and "cannot be past" in bad.content.decode()
    ok = http.post(
        f"{base}/agreements/",
        {
            "agreement-owner": "client",
            "agreement-what": "Hakee opintotukea",
            "agreement-due_on": _d(5),
        },
    )
    assert ok.status_code == 302 and Agreement.objects.get().owner_is_client
    http.post(
        f"{base}/agreements/",
        {
            "agreement-owner": str(coordinator.pk),
            "agreement-what": "Selvittää kuntoutuksen",
            "agreement-due_on": _d(6),
        },
    )
    ok = http.post(
        f"{base}/next-contact/",
        {
            "contact-contact_by": str(coordinator.pk),
            "contact-contact_to": "client",
            "contact-due_on": _d(10),
            "contact-channel": "phone",
        },
    )
    assert ok.status_code == 302 and NextContact.objects.get().contact_to_id is None
    closed = http.post(f"{base}/close/", {"version": Meeting.objects.get(pk=meeting.pk).version})
    assert closed.status_code == 302
    page = http.get(f"{base}/").content.decode()
    assert "Closed" in page and "Add an agreement" not in page
    done = http.post(f"{base}/agreements/{Agreement.objects.first().pk}/done/")
    assert done.status_code == 302


def test_another_clients_meeting_is_not_found(http, client_record, coordinator):
    other = make_client(coordinator=coordinator, first_names="Eino")
    meeting = plan(other, coordinator)
    agreement, _ = complete(meeting, coordinator)
    assert http.get(f"/clients/{client_record.pk}/meetings/{meeting.pk}/").status_code == 404
    assert (
        http.get(f"/clients/{client_record.pk}/meetings/{meeting.pk}/invite.ics").status_code == 404
    )
    own = plan(client_record, coordinator)
    response = http.post(
        f"/clients/{client_record.pk}/meetings/{own.pk}/agreements/{agreement.pk}/done/"
    )
    assert response.status_code == 404
    assert Agreement.objects.get(pk=agreement.pk).status == "open"


def test_overview_warns_when_no_next_contact_is_agreed(http, client_record, coordinator):
    page = http.get(f"/clients/{client_record.pk}/").content.decode()
    assert "No next contact agreed." in page
    meeting = plan(client_record, coordinator)
    complete(meeting, coordinator, what="Varaa lääkärin")
    page = http.get(f"/clients/{client_record.pk}/").content.decode()
    assert "No next contact agreed." not in page
    assert "Varaa lääkärin" in page
    assert f"/clients/{client_record.pk}/meetings/{meeting.pk}/" in page


def test_calendar_invitation(http, coordinator, kela):
    client_record = make_client(
        coordinator=coordinator, first_names="Asiakasetunimi", last_name="Asiakassukunimi"
    )
    other = ProfessionalFactory(organisation=kela, email="hoitaja@example.fi")
    from polku.clients import services as clients

    clients.add_member(client=client_record, by=coordinator, professional=other)
    meeting = plan(client_record, coordinator, participants=[other])
    response = http.get(f"/clients/{client_record.pk}/meetings/{meeting.pk}/invite.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == f"polku-meeting-{meeting.pk}@polku.invalid"
    assert "DTSTAMP" in event
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert event["DTEND"].params["TZID"] == "Europe/Helsinki"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART").utcoffset() in (dt.timedelta(hours=2), dt.timedelta(hours=3))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    assert calendar.get_missing_tzids() == set()
    assert response.content.index(b"BEGIN:VTIMEZONE") < response.content.index(b"BEGIN:VEVENT")
    helsinki = calendar.walk("VTIMEZONE")[0].to_tz()
    for moment in (
        dt.datetime(2026, 1, 15, 12),
        dt.datetime(2026, 7, 15, 12),
        dt.datetime(2030, 11, 1, 9),
    ):
        assert (
            moment.replace(tzinfo=helsinki).utcoffset()
            == moment.replace(tzinfo=ZoneInfo("Europe/Helsinki")).utcoffset()
        )
    summary = str(event["SUMMARY"])
    assert summary.startswith("Polku:")
    text = response.content.decode()
    assert client_record.last_name not in text and client_record.first_names not in text
    assert client_record.reveal_hetu() not in text and client_record.hetu_masked not in text
    assert str(event["LOCATION"]) == meeting.place
    assert str(event["ORGANIZER"]) == f"mailto:{coordinator.email}"
    attendees = {str(a) for a in event.get("ATTENDEE")}
    assert attendees == {f"mailto:{coordinator.email}", "mailto:hoitaja@example.fi"}
    assert int(event["SEQUENCE"]) == 1
    services.update_meeting(
        meeting=meeting, by=coordinator, expected_version=1, data={"place": "Muu"}
    )
    again = icalendar.Calendar.from_ical(
        http.get(f"/clients/{client_record.pk}/meetings/{meeting.pk}/invite.ics").content
    )
    event = again.walk("VEVENT")[0]
    assert (
        int(event["SEQUENCE"]) == 2
        and str(event["UID"]) == f"polku-meeting-{meeting.pk}@polku.invalid"
    )


def test_video_meeting_invitation_has_the_link(http, client_record, coordinator):
    meeting = plan(
        client_record, coordinator, mode="video", place="", video_link="https://meet.example.fi/x"
    )
    calendar = icalendar.Calendar.from_ical(
        http.get(f"/clients/{client_record.pk}/meetings/{meeting.pk}/invite.ics").content
    )
    event = calendar.walk("VEVENT")[0]
    assert (
        str(event["URL"]) == "https://meet.example.fi/x"
        and str(event["LOCATION"]) == "https://meet.example.fi/x"
    )


def test_summary_pdf(http, client_record, coordinator):
    """The PDF's text is read with pdftotext (poppler-utils, installed by
    scripts/ensure-system-packages): skipped without it, a failure under CI=true."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        if CI:
            pytest.fail("pdftotext is missing: run scripts/ensure-system-packages", pytrace=False)
        pytest.skip("pdftotext (poppler-utils) is not installed")
    meeting = held(client_record, coordinator)
    services.add_agreement(
        meeting=meeting,
        by=coordinator,
        what="Hakee opintotukea",
        due_on=timezone.localdate(),
        owner_is_client=True,
    )
    complete(meeting, coordinator, what="Selvittää kuntoutuksen")
    url = f"/clients/{client_record.pk}/meetings/{meeting.pk}/summary.pdf"

    def text() -> str:
        response = http.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        return subprocess.run(  # noqa: S603 (a fixed program on our own PDF)
            [pdftotext, "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()

    before = text()
    assert "Tapaaminen ei ole vielä päättynyt" in before  # in the client's language
    services.close_meeting(meeting=meeting, by=coordinator)
    after = text()
    assert "ei ole vielä päättynyt" not in after
    # The "What" column has the room: an agreement is not broken into one word a line.
    assert "Hakee opintotukea" in after
    assert "Selvittää kuntoutuksen" in after


def test_summary_content_in_plain_language(client_record, coordinator):
    meeting = plan(client_record, coordinator)
    services.add_agreement(
        meeting=meeting,
        by=coordinator,
        what="Hakee opintotukea",
        due_on=timezone.localdate(),
        owner_is_client=True,
    )
    complete(meeting, coordinator, what="Selvittää kuntoutuksen")
    full = selectors.meeting(client_record, meeting.pk)
    with override("en"):
        html = render_to_string(
            "meetings/summary_pdf.html", selectors.summary_context(client_record, full)
        )
    assert "What I do" in html and "Hakee opintotukea" in html
    assert "What others do for me" in html and "Selvittää kuntoutuksen" in html
    assert "contacts you on" in html
    assert client_record.hetu_masked not in html


def test_whom_offers_the_client_and_changing_the_next_contact_starts_from_it(
    http, client_record, coordinator
):
    meeting = plan(client_record, coordinator)
    base = f"/clients/{client_record.pk}/meetings/{meeting.pk}"
    page = http.get(f"{base}/").content.decode()
    whom = page[
        page.index('name="contact-contact_to"') : page.index(
            "</select>", page.index('name="contact-contact_to"')
        )
    ]
    assert '<option value="" selected>Choose…</option>' in whom
    assert '<option value="client">The client</option>' in whom
    assert "Leave empty" not in page
    missing = http.post(
        f"{base}/next-contact/",
        {
            "contact-contact_by": str(coordinator.pk),
            "contact-contact_to": "",
            "contact-due_on": _d(10),
            "contact-channel": "visit",
        },
    )
    assert missing.status_code == 400 and "Choose whom they contact." in missing.content.decode()
    assert not NextContact.objects.exists()
    due = timezone.localdate() + dt.timedelta(days=10)
    http.post(
        f"{base}/next-contact/",
        {
            "contact-contact_by": str(coordinator.pk),
            "contact-contact_to": "client",
            "contact-due_on": _d(10),
            "contact-channel": "visit",
        },
    )
    page = http.get(f"{base}/").content.decode()
    form = page[page.index('action="' + f"{base}/next-contact/") :]
    form = form[: form.index("</form>")]
    assert f'<option value="{coordinator.pk}" selected>' in form
    assert '<option value="client" selected>The client</option>' in form
    assert f'value="{due.day}.{due.month}.{due.year}"' in form  # d.m.yyyy, no leading zeros
    assert '<option value="visit" selected>' in form


def test_the_api_refuses_to_close_a_meeting_before_it_starts(signed_in, client_record, coordinator):
    meeting = plan(client_record, coordinator)
    complete(meeting, coordinator)
    url = f"/api/v1/clients/{client_record.pk}/meetings/{meeting.pk}/close/"
    refused = signed_in.post(url)
    assert refused.status_code == 400
    assert "vasta kun se on alkanut" in str(refused.json())  # Finnish by default
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
    started = held(client_record, coordinator, kind="follow_up")
    complete(started, coordinator)
    closed = signed_in.post(f"/api/v1/clients/{client_record.pk}/meetings/{started.pk}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_the_kind_of_meeting_is_chosen_not_defaulted(http, client_record):
    url = f"/clients/{client_record.pk}/meetings/new/"
    page = http.get(url).content.decode()
    kinds = page[page.index('name="kind"') : page.index("</select>", page.index('name="kind"'))]
    assert '<option value="" selected>Choose…</option>' in kinds
    assert '<option value="first_contact">First contact</option>' in kinds
    preset = http.get(f"{url}?kind=first_contact").content.decode()
    assert '<option value="first_contact" selected>First contact</option>' in preset
    response = http.post(
        url,
        {"mode": "phone", "day": _d(1), "start_time": "9.00", "end_time": "9.30"},
    )
    assert response.status_code == 200
    assert "Choose the kind of meeting." in response.content.decode()
    assert not Meeting.objects.exists()


def test_overview_says_an_agreed_contact_is_late_not_that_none_was_agreed(
    http, client_record, coordinator
):
    """A next contact whose day passed undone was agreed: the overview says it is late (as the
    worklist does), not "No next contact agreed."."""
    meeting = plan(client_record, coordinator)
    complete(meeting, coordinator)
    NextContact.objects.filter(meeting=meeting).update(
        due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    page = http.get(f"/clients/{client_record.pk}/").content.decode()
    assert "No next contact agreed." not in page
    assert "The agreed contact has not been made:" in page
    assert "3 days late" in page
    assert _d(-3).lstrip("0").replace(".0", ".") in page
